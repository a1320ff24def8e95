"""Case pages: the list (filters, export), the detail page with the step forms, the
proposal of the discretion standard, records, reviews, periods and documents; 立案 and
the facts form; the action views of the steps. Thin: writes go through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from yingji.core import money
from yingji.core.models import Deadline
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.details import attachments_of
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.enforcement import rules
from yingji.enforcement.filtersets import CaseFilterSet
from yingji.enforcement.forms import (
    APPLICATION_STEPS,
    STEPS,
    CaseForm,
    ExtensionForm,
    RecordForm,
)
from yingji.enforcement.models import Case, DocumentKind, Inspector
from yingji.enforcement.services import arrangements, cases
from yingji.enforcement.services.documents import CASE_DOCUMENTS, may_issue, owed_today
from yingji.enforcement.workflow import CASE_FLOW, needs_legal_review


def _state(c: Case) -> str:
    label = CASE_FLOW.label(c.state)
    if c.state in ("no_penalty",) and c.no_penalty_ground:
        return label + "（" + rules.NO_PENALTY_GROUNDS.get(c.no_penalty_ground, "")[:8] + "…）"
    return label


def _yuan(value: Any) -> str:
    return money.yuan(value, unit=False)


CASE_COLUMNS = (
    Column("number", "案件编号", sortable=True, link_to_detail=True),
    Column("title", "案由", link_to_detail=True),
    Column("enterprise", "当事人", accessor="enterprise.name"),
    Column("region", "街道", accessor="region.name"),
    Column("state", "状态", accessor=_state, sortable=True,
           badge=lambda c: {"closed": "green", "transferred": "purple",
                            "no_penalty": "azure"}.get(c.state, "")),
    Column("is_major", "重大案件", badge=lambda c: "red" if c.is_major else ""),
    Column("fine", "罚款合计（元）", accessor=lambda c: _yuan(c.total_fine)),
    Column("filed_at", "立案时间", sortable=True),
    Column("decision_due", "决定期限", sortable=True),
)


class CaseListView(ObjectListView):
    """执法案件: filters, sort, page, Excel export."""

    model = Case
    title = "执法案件"
    filterset_class = CaseFilterSet
    select_related = ("enterprise", "region")
    columns = CASE_COLUMNS


def _held(case: Case) -> dict[str, str]:
    """The steps the law does not allow today (the hearing before its notice and time,
    催告 and the court application before their periods), with the reason."""
    today = timezone.localdate()
    held: dict[str, str] = {}
    if case.state == "hearing":
        if case.hearing_at is None:
            held["hold_hearing"] = "须先发出听证通知（举行听证的七个工作日前通知时间、地点）"
        elif timezone.now() < case.hearing_at:
            when = timezone.localtime(case.hearing_at)
            held["hold_hearing"] = f"听证定于{when:%Y-%m-%d %H:%M}在{case.hearing_place}举行"
    if case.state == "executing":
        problem = rules.urge_problem(payment_due=case.payment_due, today=today,
                                     urged=case.urged_at is not None)
        if problem:
            held["urge"] = problem
    if case.state == "urged":
        problem = rules.court_application_problem(
            served_on=timezone.localtime(case.served_at).date() if case.served_at else None,
            payment_due=case.payment_due, today=today,
            urge_due=timezone.localtime(case.urge_due).date() if case.urge_due else None)
        if problem:
            held["court"] = problem
    return held


def _arrangements(case: Case) -> list[Any]:
    """The case's 分期/延期 applications with their schedules and evidence files."""
    rows = list(case.arrangements.select_related("decided_by").prefetch_related("instalments"))
    for row in rows:
        row.evidence = attachments_of(row)
    return rows


def _next_instalment(case: Case) -> dict[str, Any] | None:
    """The earliest unpaid instalment of an approved schedule and what it owes today."""
    rows = arrangements.unpaid(case)
    if not rows:
        return None
    first = rows[0]
    today = timezone.localdate()
    surcharge = rules.late_surcharge(first.amount, (today - first.due_on).days)
    return {"instalment": first, "surcharge": surcharge, "owed": first.amount + surcharge,
            "last": len(rows) == 1,
            "rest_surcharge": sum((rules.late_surcharge(i.amount, (today - i.due_on).days)
                                   for i in rows), Decimal("0"))}


class CaseDetailView(ObjectDetailView):
    """One case: fields, the proposal, step forms, records, reviews, periods, documents."""

    model = Case
    select_related = ("enterprise", "region", "department", "standard", "inspection")
    extra_template = "enforcement/case_panel.html"
    fields = ("number", "title", Column("enterprise", "当事人（单位）", accessor="enterprise.name",
                                        link=lambda c: reverse("enterprise_detail", args=[c.enterprise_id])),
              "region", "department", Column("standard", "违法行为", accessor="standard.violation"),
              Column("basis", "处罚依据", accessor="standard.penalty_basis"), "facts",
              "violation_on", Column("state", "状态", accessor=_state), "person_name",
              "person_position", Column("unit_fine", "单位罚款（元）", accessor=lambda c: _yuan(c.unit_fine)),
              Column("person_fine", "个人罚款（元）", accessor=lambda c: _yuan(c.person_fine)),
              "is_major", "hearing_required", "hearing_requested", "hearing_at", "hearing_place",
              "filed_at", "decision_due",
              "extension_days", "notified_at", "statement_due", "hearing_request_due",
              "decided_at", "served_at", "service_method", "payment_due", "paid_at", "urged_at",
              "urge_due",
              Column("surcharge", "加处罚款（元）", accessor=lambda c: _yuan(c.surcharge)),
              "ending", "transfer_organ", "closed_at", "published_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        can_change = may(user, Case, "change")
        span = obj.proposed_span
        schedule = _next_instalment(obj)
        context.update({
            "steps": [s for s in STEPS.available(obj, self.actor)
                      if s.name != "pay_instalment" or schedule is not None],
            # No second application while an approved schedule runs (after a 催告, again).
            "application_steps": [] if arrangements.may_apply(obj)
            else APPLICATION_STEPS.available(obj, self.actor),
            "arrangements": _arrangements(obj),
            "next_instalment": schedule,
            # A step the law holds back today (催告 before the payment period ends, the
            # court before the urge and the suit periods are over) shows why, not a button.
            "held": _held(obj),
            "band_label": rules.BANDS.get(obj.band) or rules.ACCIDENT_GRADES.get(
                obj.band.removeprefix("acc_"), ""),
            "outside": rules.outside_range(obj.unit_fine, span),
            "needs_legal": needs_legal_review(obj),
            "records": list(obj.records.prefetch_related("signers")),
            "reviews": list(obj.reviews.select_related("reviewer")),
            "documents": list(obj.documents.order_by("issued_at")),
            "deadlines": list(Deadline.objects.filter(object_id=str(obj.pk), kind__startswith="case.")
                              .order_by("due_at")),
            "record_form": RecordForm() if can_change and obj.state == "investigating" else None,
            "officers": list(obj.officers.all()),
            "extension_form": ExtensionForm() if user.has_perm("enforcement.decide_case")
            and obj.state in cases.EXTENDABLE_STATES else None,
            "issue_kinds": [(k, DocumentKind(k).label) for k in CASE_DOCUMENTS
                            if may_issue(obj, k)] if user.has_perm("enforcement.add_document") else [],
            "now": timezone.now(),
            "owed": owed_today(obj),
        })
        return context


class CaseEditView(ObjectEditView):
    """立案 (new) or the facts and fines (已立案 / 调查取证)."""

    model = Case
    form_class = CaseForm
    # The generic form with the live proposal of the discretion standard (HTMX,
    # ``views.proposal``) above the fields.
    template_name = "enforcement/case_form.html"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        form = super().get_form(obj, data, files)
        field: Any = form.fields["officers"]
        field.queryset = Inspector.objects.restrict(self.request.user, "view").filter(is_active=True)
        if obj is None and "enterprise" in self.request.GET:
            form.initial["enterprise"] = self.request.GET["enterprise"]
        return form

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        data = self.form_data(form)
        officers = data.pop("officers")
        return cases.open_case(data, actor=self.actor, officers=list(officers))

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        data = self.form_data(form)
        officers = data.pop("officers")
        data.pop("enterprise", None)
        return cases.update_case(obj, data, actor=self.actor, officers=list(officers))


class CaseActionView(ObjectActionView):
    model = Case

    def success_url(self, obj: Any) -> str:
        return reverse("case_detail", args=[obj.pk])


class CaseTransitionView(StepView):
    """The step buttons post here with the step's ``name`` (``forms.STEPS``): the case
    in scope (404 otherwise), the step's form, its service; back to the case's page.
    The case need only be visible: each step's transition names who may take it (the
    legal reviewer's and the leader's steps need no ``change_case``), as in the API."""

    model = Case
    action = "view"
    steps = STEPS


class CaseApplicationView(StepView):
    """The party's application to pay in instalments or later, with its evidence file
    (``forms.APPLICATION_STEPS``, a multipart form of the case page)."""

    model = Case
    steps = APPLICATION_STEPS


class CaseRecordView(CaseActionView):
    """调查取证记录, signed by two officers."""

    form_class = RecordForm
    success_message = "已登记调查取证记录"

    def perform(self, obj: Case, data: dict[str, Any]) -> Any:
        signers = list(data.pop("signers"))
        cases.add_record(obj, data, actor=self.actor, signers=signers)
        return obj


class CaseExtensionView(CaseActionView):
    """延长办案期限 (负责人批准)."""

    action = "view"
    form_class = ExtensionForm
    success_message = "已批准延长办案期限"

    def perform(self, obj: Case, data: dict[str, Any]) -> Any:
        return cases.extend_decision(obj, actor=self.actor, **data)
