from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Real-time safety risk monitoring: ingest, rules, alarms, access rate, cockpit."""

    name = "yingji.monitoring"
    label = "monitoring"
    verbose_name = "安全风险监测预警"

    def ready(self) -> None:
        from yingji.core.roles import grant
        from yingji.monitoring import jobs  # noqa: F401  (registers the periodic checks)

        staff_view = ("monitoring.view_*",)
        grant("duty_officer", *staff_view, "monitoring.change_alarm")
        grant("duty_leader", *staff_view, "monitoring.change_alarm")
        grant("commander", *staff_view, "monitoring.change_alarm")
        grant("inspector", *staff_view)
        grant("supervisor", *staff_view, "monitoring.add_*", "monitoring.change_*", "monitoring.delete_*")
        grant("enterprise", "monitoring.view_monitoredobject", "monitoring.view_device",
              "monitoring.view_measurementpoint", "monitoring.view_alarm", "monitoring.change_alarm",
              "monitoring.view_deadletter", "monitoring.view_datasource")
