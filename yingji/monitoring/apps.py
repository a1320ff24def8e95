from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Real-time safety risk monitoring: ingest, rules, alarms, access rate, cockpit."""

    name = "yingji.monitoring"
    label = "monitoring"
    verbose_name = "安全风险监测预警"

    def ready(self) -> None:
        pass
