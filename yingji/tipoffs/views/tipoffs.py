"""Staff pages of the reports: the list (filter, sort, page, export), the report's page
with its steps, the 12350 entry and the step view. The reporter shows through
``identity`` only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import Column, ObjectDetailView, ObjectEditView, ObjectListView
from yingji.tipoffs import identity
from yingji.tipoffs.filtersets import TipoffFilterSet
from yingji.tipoffs.forms import TipoffEntryForm
from yingji.tipoffs.models import Tipoff, TipoffReward
from yingji.tipoffs.services import handling, intake, rewards
from yingji.tipoffs.steps import REWARD_STEPS, TIPOFF_STEPS

STATE_BADGES = {"received": "orange", "accepted": "yellow", "verifying": "blue", "verified": "cyan",
                "closed": "green", "rejected": "secondary", "duplicate": "secondary"}


def _overdue(tipoff: Tipoff) -> bool:
    return bool(tipoff.state == "verifying" and tipoff.verify_due_at
                and tipoff.verify_due_at < timezone.now())


class TipoffListView(ObjectListView):
    """举报受理: every report in the scope with its state and limit."""

    model = Tipoff
    filterset_class = TipoffFilterSet
    select_related = ("region", "department")
    columns = (
        Column("number", "受理编号", link_to_detail=True, sortable=True),
        Column("received_at", "接报时间", sortable=True),
        Column("channel", "渠道", accessor="get_channel_display", sortable=True),
        Column("kind", "举报事项", accessor="get_kind_display", sortable=True),
        Column("region", "发生地", accessor="region.name"),
        Column("enterprise_name", "被举报单位", sortable=True),
        Column("state", "状态", accessor="state_label", sortable=True,
               badge=lambda t: STATE_BADGES.get(t.state, "secondary")),
        Column("department", "承办单位", accessor=lambda t: t.department.name if t.department else ""),
        Column("verify_due_at", "核查期限", sortable=True,
               badge=lambda t: "red" if _overdue(t) else ""),
        Column("outcome", "核查结果", accessor="get_outcome_display", sortable=True),
    )

    def get_columns(self) -> Sequence[Column]:
        user = self.request.user
        return (*self.columns,
                Column("reporter", "举报人", accessor=lambda t: identity.reporter_label(t, user)))

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if identity.sees_reporter(self.request.user):
            queryset = queryset.select_related("reporter")
        return queryset


def _steps(obj: Any, actor: Any, table: Any, initial: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": step.name, "label": step.label,
             "form": step.form(initial={"version": obj.version, **initial},
                               **(step.form_kwargs(obj, actor) if step.form_kwargs else {}))}
            for step in table.available(obj, actor)]


class TipoffDetailView(ObjectDetailView):
    """The report: what, where, who handles it, the result and what it led to, the
    reward, the duplicates and the steps the user may take now."""

    model = Tipoff
    select_related = ("region", "enterprise", "department", "original", "hazard", "inspection")
    extra_template = "tipoffs/tipoff_panel.html"
    fields = ("number", "channel", "kind", "description", "received_at", "region", "address",
              "enterprise", "enterprise_name", "industry",
              Column("reporter", "举报人", accessor=lambda t: "匿名举报" if t.anonymous else identity.HIDDEN),
              Column("state", "状态", accessor="state_label"), "reason", "original", "department",
              "assigned_at", "verify_due_at", "outcome", "findings", "verified_at", "disposal",
              "fine_amount", "reply", "replied_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        suggested = handling.suggest_department(obj) if obj.state in ("accepted", "verifying") else None
        reward = TipoffReward.objects.restrict(user, "view").filter(tipoff=obj).first()
        context.update(
            steps=_steps(obj, self.actor, TIPOFF_STEPS, {"department": suggested}),
            suggested=suggested,
            sees_reporter=identity.sees_reporter(user),
            reporter=identity.reporter_of(obj) if identity.sees_reporter(user) else None,
            reporter_text=identity.reporter_label(obj, user),
            duplicates=list(Tipoff.objects.restrict(user, "view").filter(original=obj)),
            reward=reward,
            reward_url=reverse("tipoffreward_detail", args=[reward.pk]) if reward else None,
            proposal=rewards.proposal(obj) if obj.outcome else None,
            hazard_url=(reverse("hazard_detail", args=[obj.hazard_id])
                        if obj.hazard_id and user.has_perm("hazards.view_hazard") else None),
            inspection_url=(reverse("inspection_detail", args=[obj.inspection_id])
                            if obj.inspection_id and user.has_perm("enforcement.view_inspection")
                            else None),
            overdue=_overdue(obj))
        return context


class TipoffEntryView(ObjectEditView):
    """登记电话举报: a 12350 call (or a letter, a visit) on the same record; the query
    code is shown once to be read out to the caller."""

    model = Tipoff
    form_class = TipoffEntryForm

    def required_action(self) -> str:
        return "add"

    def get_object(self) -> Any:
        return None

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if data is None:
            form.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
        return form

    def perform_create(self, form: Any) -> Any:
        data = {**self.form_data(form), **{k: form.cleaned_data.get(k) or "" for k in
                                            ("name", "phone", "id_number")}}
        tipoff, secret = intake.enter_report(data, actor=self.actor, files=form.cleaned_data["evidence"])
        messages.info(self.request, f"受理编号{tipoff.number}，查询码{secret}（请告知举报人，仅显示一次）")
        return tipoff


class TipoffStepView(StepView):
    model = Tipoff
    action = "view"  # each step's own permission decides
    steps = TIPOFF_STEPS


def may_see_rewards(user: Any) -> bool:
    return may(user, TipoffReward, "view")


__all__ = ["REWARD_STEPS", "TipoffDetailView", "TipoffEntryView", "TipoffListView", "TipoffStepView"]
