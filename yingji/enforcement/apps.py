from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """Administrative enforcement: catalogue, annual plan, 双随机一公开 draws, inspections, cases,
    documents, statistics and disclosure."""

    name = "yingji.enforcement"
    label = "enforcement"
    verbose_name = "安全生产执法"

    def ready(self) -> None:
        pass
