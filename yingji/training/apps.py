from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training and certification (培训与持证): the 三项岗位 people of the enterprises and
    their certificates, courses, sessions and attendance, new workers' 三级安全教育, the
    requirement table, coverage and the hazard of working without a certificate."""

    name = "yingji.training"
    label = "training"
    verbose_name = "培训与持证"

    def ready(self) -> None:
        from yingji.training import setup

        setup.register_all()
