"""Pages of the rewards: the list (filter, sort, page, export), the reward's page with
the proposal's basis, the recorded votes and the committee's steps, and the settings
(the bureau's reward table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from yingji.core.steps.views import StepView
from yingji.core.views.edits import SettingsEditView
from yingji.core.views.generic import Column, ObjectDetailView, ObjectListView
from yingji.tipoffs import identity
from yingji.tipoffs.filtersets import TipoffRewardFilterSet
from yingji.tipoffs.forms import TipoffSettingsForm
from yingji.tipoffs.models import TipoffReward, TipoffSettings, TipoffVote
from yingji.tipoffs.services import rewards
from yingji.tipoffs.steps import REWARD_STEPS
from yingji.tipoffs.views.tipoffs import _steps

BADGES = {"proposed": "orange", "approved": "blue", "refused": "secondary", "paid": "green"}


class TipoffRewardListView(ObjectListView):
    """举报奖励: proposed, decided and paid rewards."""

    model = TipoffReward
    filterset_class = TipoffRewardFilterSet
    select_related = ("tipoff", "tipoff__region")
    columns = (
        Column("tipoff", "举报", accessor="tipoff.number", link_to_detail=True,
               order_field="tipoff__number", sortable=True),
        Column("kind", "举报事项", accessor="tipoff.get_kind_display"),
        Column("region", "发生地", accessor="tipoff.region.name"),
        Column("proposed_amount", "建议金额（元）", sortable=True),
        Column("amount", "决定金额（元）", sortable=True),
        Column("state", "状态", accessor="state_label", sortable=True,
               badge=lambda r: BADGES.get(r.state, "secondary")),
        Column("voucher", "发放凭证号"),
        Column("paid_on", "发放日期", sortable=True),
    )

    def get_columns(self) -> Sequence[Column]:
        user = self.request.user
        return (*self.columns, Column("reporter", "举报人",
                                      accessor=lambda r: identity.reporter_label(r.tipoff, user)))


class TipoffRewardDetailView(ObjectDetailView):
    model = TipoffReward
    select_related = ("tipoff", "tipoff__region")
    extra_template = "tipoffs/reward_panel.html"
    fields = ("tipoff", "proposed_amount", "basis", Column("state", "状态", accessor="state_label"),
              "amount", "decision_note", "decided_at", "voucher", "paid_on")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        votes = list(TipoffVote.objects.restrict(user, "view").filter(reward=obj).select_related("member"))
        context.update(
            steps=_steps(obj, self.actor, REWARD_STEPS, {"amount": obj.proposed_amount}),
            votes=votes, tally=rewards.tally(obj),
            reporter_text=identity.reporter_label(obj.tipoff, user),
            sees_reporter=identity.sees_reporter(user))
        return context


class TipoffRewardStepView(StepView):
    model = TipoffReward
    action = "view"
    steps = REWARD_STEPS


class TipoffSettingsView(SettingsEditView):
    model = TipoffSettings
    form_class = TipoffSettingsForm
    title = "举报处理参数"
