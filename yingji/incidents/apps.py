from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    """Duty, incident intake and reporting, response, dispatch and review."""

    name = "yingji.incidents"
    label = "incidents"
    verbose_name = "值班值守与指挥调度"

    def ready(self) -> None:
        pass
