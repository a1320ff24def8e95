from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Governance (综合管理): work plans broken into items, nodes and responsible people,
    progress with evidence, 督办 and the plan's board."""

    name = "yingji.governance"
    label = "governance"
    verbose_name = "综合管理"

    def ready(self) -> None:
        from yingji.governance import setup

        setup.register_all()
