from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    """Production safety accidents: the record, investigation to 批复, 挂牌督办, statistics against the
    target, 瞒报 cross-checks."""

    name = "yingji.accidents"
    label = "accidents"
    verbose_name = "生产安全事故"

    def ready(self) -> None:
        from yingji.accidents import kpis

        kpis.register()  # computed indicators for governance's KPI library
        from yingji.core.roles import grant

        # Supervisors (the bureau's 事故调查 staff) keep the records and make the routine
        # entries of the investigation; inspectors record findings and open the cases;
        # duty staff turn incidents into records.
        grant("supervisor", "accidents.view_*", "accidents.add_*", "accidents.change_*",
              "accidents.delete_*")
        grant("inspector", "accidents.view_*", "accidents.change_accident")
        grant("duty_officer", "accidents.view_*", "accidents.add_accident")
        # Leaders read everything and take the government's steps: 提级调查 and 挂牌督办
        # (as the higher level), 批复, 结案 and the 回头看 (workflow.py).
        for role in ("duty_leader", "commander"):
            grant(role, "accidents.view_*", "accidents.escalate_accident",
                  "accidents.reply_accident", "accidents.close_accident")
        # The 安委办 follows the listed accidents (挂牌督办), closes cases and runs the 回头看.
        grant("safety_office", "accidents.view_accident", "accidents.view_gradechange",
              "accidents.view_teammember", "accidents.view_finding", "accidents.view_measure",
              "accidents.close_accident")
        from yingji.accidents import setup

        setup.register_all()
