from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Emergency plans and drills: digital plans, filing and review, activation, drills planned, run
    and evaluated."""

    name = "yingji.plans"
    label = "plans"
    verbose_name = "应急预案与演练"

    def ready(self) -> None:
        pass
