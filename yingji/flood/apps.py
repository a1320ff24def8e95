from django.apps import AppConfig


class FloodConfig(AppConfig):
    """Flood and typhoon defence (防汛防台): risk points with their responsible persons,
    gauges and 一图一案一册, and the tracked evacuation of their households."""

    name = "yingji.flood"
    label = "flood"
    verbose_name = "防汛防台"

    def ready(self) -> None:
        from yingji.flood import setup

        setup.register_all()
