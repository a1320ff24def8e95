from django.apps import AppConfig


class ForestFireConfig(AppConfig):
    """Forest fire prevention (森林防灭火): the daily fire danger by region, computed from
    the weather or entered, and its warning through the warnings module."""

    name = "yingji.forestfire"
    label = "forestfire"
    verbose_name = "森林防灭火"

    def ready(self) -> None:
        from yingji.forestfire import setup

        setup.register_all()
