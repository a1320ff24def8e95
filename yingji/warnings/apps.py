from django.apps import AppConfig


class WarningsConfig(AppConfig):
    """Early warnings: bulletins, responsible-person directory, delivery and 叫应, CAP."""

    name = "yingji.warnings"
    label = "warnings"
    verbose_name = "预警发布"

    def ready(self) -> None:
        from yingji.warnings import jobs  # noqa: F401  (registers the expiry job)
