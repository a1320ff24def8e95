from django.apps import AppConfig


class DisastersConfig(AppConfig):
    """Natural disasters and relief: events, 初报/续报/核报, the relief response level, relief to
    households, donations."""

    name = "yingji.disasters"
    label = "disasters"
    verbose_name = "自然灾害与救灾救助"

    def ready(self) -> None:
        pass
