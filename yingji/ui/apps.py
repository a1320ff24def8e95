from django.apps import AppConfig


class UiConfig(AppConfig):
    """The page shell: layout, navigation, workbench, shared page components."""

    name = "yingji.ui"
    label = "ui"
    verbose_name = "界面"
