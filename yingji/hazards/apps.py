from django.apps import AppConfig


class HazardsConfig(AppConfig):
    """Hidden-hazard closed loop: report, rectify, verify, close; listed supervision; analysis."""

    name = "yingji.hazards"
    label = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self) -> None:
        pass
