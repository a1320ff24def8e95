from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared mechanisms: regions, organisations, users, scope, audit, files, notifications."""

    name = "yingji.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from yingji.core import (
            jobs,  # noqa: F401  (registers periodic jobs)
            signals,  # noqa: F401  (connects post_migrate role sync)
        )
        from yingji.core.services.metrics import register_core_figures

        register_core_figures()
