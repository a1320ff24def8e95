from django.apps import AppConfig


class CreditConfig(AppConfig):
    """Safety credit (安全生产信用): credit records linked to their sources, safety
    commitments, the serious-dishonesty list (应急管理部令第11号) with its removal and
    repair, and the effects other modules read."""

    name = "yingji.credit"
    label = "credit"
    verbose_name = "安全生产信用"

    def ready(self) -> None:
        from yingji.credit import setup

        setup.register_all()
