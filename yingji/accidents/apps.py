from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    """Production safety accidents: the record, investigation to 批复, 挂牌督办, statistics against the
    target, 瞒报 cross-checks."""

    name = "yingji.accidents"
    label = "accidents"
    verbose_name = "生产安全事故"

    def ready(self) -> None:
        pass
