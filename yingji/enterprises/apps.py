from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """Regulated entities: enterprise registry, major hazard sources, risk points."""

    name = "yingji.enterprises"
    label = "enterprises"
    verbose_name = "企业监管"
