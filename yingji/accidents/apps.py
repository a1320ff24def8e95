from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    """Production safety accidents: the record, investigation to 批复, 挂牌督办, statistics against the
    target, 瞒报 cross-checks."""

    name = "yingji.accidents"
    label = "accidents"
    verbose_name = "生产安全事故"

    def ready(self) -> None:
        from yingji.core.roles import grant

        # Supervisors (the bureau's 安委办 and 事故调查 staff) keep the records and run the
        # investigation; inspectors record findings; duty staff turn incidents into records.
        grant("supervisor", "accidents.*")
        grant("inspector", "accidents.view_*", "accidents.change_accident")
        grant("duty_officer", "accidents.view_*", "accidents.add_accident")
        # Leaders read everything (statistics, 双下降, 督办).
        for role in ("duty_leader", "commander"):
            grant(role, "accidents.view_*")
        from yingji.accidents import setup

        setup.register_all()
