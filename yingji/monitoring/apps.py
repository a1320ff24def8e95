from django.apps import AppConfig
from django.conf import settings


def _start_mqtt_consumer() -> object:
    # Readings over MQTT in the web process, like the jobs (``yingji ingest`` in production).
    from yingji.monitoring.ingest.mqtt import start_background_consumer

    return start_background_consumer(settings.MQTT_URL)


def _start_demo_feed() -> object:
    from yingji.monitoring.demo_feed import start

    return start()


def demo_feed_enabled() -> bool:
    from yingji.monitoring.demo_feed import enabled

    return enabled()


class MonitoringConfig(AppConfig):
    """Real-time safety risk monitoring: ingest, rules, alarms, access rate, cockpit."""

    name = "yingji.monitoring"
    label = "monitoring"
    verbose_name = "安全风险监测预警"

    def ready(self) -> None:
        from yingji.monitoring import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.monitoring import metrics

        metrics.register_figures()  # figures of /metrics
        from yingji.core.roles import grant
        from yingji.core.starters import register as register_starter
        from yingji.monitoring import (
            demo,  # noqa: F401  (registers the demo builder)
            jobs,  # noqa: F401  (registers the periodic checks)
            workbench,
        )
        from yingji.ui.navigation import NavItem, register
        from yingji.ui.workbench import Card, register_card, register_todos

        staff_view = ("monitoring.view_*",)
        grant("duty_officer", *staff_view, "monitoring.change_alarm")
        grant("duty_leader", *staff_view, "monitoring.change_alarm")
        grant("commander", *staff_view, "monitoring.change_alarm")
        grant("inspector", *staff_view)
        grant("supervisor", *staff_view, "monitoring.add_*", "monitoring.change_*", "monitoring.delete_*")
        grant("enterprise", "monitoring.view_monitoredobject", "monitoring.view_device",
              "monitoring.view_measurementpoint", "monitoring.view_alarm", "monitoring.change_alarm",
              "monitoring.view_deadletter", "monitoring.view_datasource")

        register("prevention", NavItem("监测预警驾驶舱", "monitoring_cockpit", "dashboard",
                                       "monitoring.view_alarm", order=30))
        register("prevention", NavItem("监测报警", "alarm_list", "bell", "monitoring.view_alarm", order=31))
        register("prevention", NavItem("监测测点", "measurementpoint_list", "activity",
                                       "monitoring.view_measurementpoint", order=32))
        register("prevention", NavItem("监测对象", "monitoredobject_list", "list",
                                       "monitoring.view_monitoredobject", order=33))
        # The bureau's configuration and figures, not an enterprise's work; an enterprise
        # still sees its own rejected messages (死信) to fix its gateway.
        register("prevention", NavItem("接入率统计", "monitoring_access", "checks",
                                       "monitoring.view_measurementpoint",
                                       hidden_from=("enterprise",), order=34))
        register("prevention", NavItem("数据源", "datasource_list", "database",
                                       "monitoring.view_datasource",
                                       hidden_from=("enterprise",), order=35))
        register("prevention", NavItem("监测预警设置", "monitoringsettings_edit", "settings",
                                       "monitoring.change_monitoringsettings",
                                       hidden_from=("enterprise",), city_wide=True, order=37))
        register("prevention", NavItem("死信（拒收数据）", "deadletter_list", "alert-triangle",
                                       "monitoring.view_deadletter", order=36))
        register_card(Card("monitoring_alarms", "监测报警", "monitoring/card.html", workbench.alarms_card,
                           permission="monitoring.view_alarm", order=15))
        register_todos("monitoring_alarms", workbench.alarm_todos)
        register_starter("monitoring_demo_feed", _start_demo_feed, enabled=demo_feed_enabled,
                         label="演示网关数据（每分钟）")
        register_starter("monitoring_mqtt", _start_mqtt_consumer,
                         enabled=lambda: bool(settings.MQTT_URL), label="监测数据 MQTT 接入")
