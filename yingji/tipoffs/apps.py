from django.apps import AppConfig


class TipoffsConfig(AppConfig):
    """Public reporting with rewards (举报与举报奖励, 吹哨人): the public portal without an
    account, 12350 phone entry, triage, assignment, verification and what it leads to
    (hazards, enforcement), the committee's rewards and the statistics."""

    name = "yingji.tipoffs"
    label = "tipoffs"
    verbose_name = "举报与奖励"

    def ready(self) -> None:
        from yingji.tipoffs import setup

        setup.register_all()
