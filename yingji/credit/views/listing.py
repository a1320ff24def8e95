"""Pages of the serious-dishonesty list: the list, an entry with its steps (告知, 陈述申辩,
列入决定, 不予列入), its Word decision, publication, the export for the national credit
platform and the joint-punishment list; the early removal applications and their review;
the grounds table and the settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from yingji.core.documents import docx_response
from yingji.core.exports import xlsx_response
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
    TemplatePageView,
)
from yingji.credit.filtersets import (
    DishonestyEntryFilterSet,
    ListingGroundFilterSet,
    RemovalApplicationFilterSet,
)
from yingji.credit.forms import (
    ENTRY_STEPS,
    REPAIR_STEPS,
    CreditSettingsForm,
    DishonestyEntryForm,
    ListingGroundForm,
    RemovalApplicationForm,
)
from yingji.credit.models import (
    CreditSettings,
    DishonestyEntry,
    ListingGround,
    RemovalApplication,
)
from yingji.credit.services import documents, listing

STATE_BADGE = {"proposed": "secondary", "noticed": "yellow", "listed": "red", "removed": "green",
               "withdrawn": "secondary", "submitted": "yellow", "approved": "green",
               "rejected": "secondary", "revoked": "red"}


def _badge(obj: Any) -> str:
    return STATE_BADGE.get(obj.state, "secondary")


class DishonestyEntryListView(ObjectListView):
    """严重失信主体名单 in the scope (all states; filter 已列入 for the list itself)."""

    model = DishonestyEntry
    filterset_class = DishonestyEntryFilterSet
    select_related = ("ground", "department", "region")
    toolbar_template = "credit/entry_toolbar.html"
    columns = (
        Column("subject_name", "失信主体", link_to_detail=True, sortable=True),
        Column("credit_code", "统一社会信用代码"),
        Column("ground", "列入情形", accessor=lambda e: e.ground.title[:30]),
        Column("department", "决定部门", accessor="department.name"),
        Column("state", "状态", accessor="get_state_label", badge=_badge, sortable=True),
        Column("number", "决定书编号"),
        Column("listed_on", "列入日期", sortable=True),
        Column("remove_on", "管理期满日", sortable=True),
        Column("removed_on", "移出日期"),
    )


class DishonestyEntryDetailView(ObjectDetailView):
    """An entry: the facts and ground, the notice and statement, the decision and the
    management period, the steps the user may take, the Word decision, the applications."""

    model = DishonestyEntry
    select_related = ("ground", "department", "region", "case", "event", "enterprise")
    extra_template = "credit/entry_panel.html"
    fields = ("subject_type", "subject_name", "credit_code", "person_name", "region", "department",
              "case", "event", "ground", Column("article", "依据条款", accessor="ground.article"),
              "facts", "noticed_at", "statement_due", "statement", "statement_at",
              "statement_reply", "decided_at", "number", "listed_on", "remove_on", "published_at",
              "removed_on", "removal_kind")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context.update({
            "steps": ENTRY_STEPS.available(obj, self.actor),
            "applications": list(RemovalApplication.objects.restrict(user, "view").filter(entry=obj)),
            "can_apply": obj.state == "listed" and may(user, RemovalApplication, "add"),
            "can_publish": (obj.state == "listed" and obj.published_at is None
                            and may(user, DishonestyEntry, "change")),
            "commitment": listing.credit_commitment(obj),
        })
        return context


class DishonestyEntryEditView(ObjectEditView):
    """拟列入 (the proposal); a proposal is changed only through its steps."""

    model = DishonestyEntry
    form_class = DishonestyEntryForm
    create_service = listing.propose_entry

    def required_action(self) -> str:
        return "add"


class DishonestyEntryStepView(StepView):
    model = DishonestyEntry
    steps = ENTRY_STEPS


class DishonestyEntryPublishView(ObjectActionView):
    """公示 a listed entry."""

    model = DishonestyEntry
    success_message = "已公示"

    def perform(self, obj: DishonestyEntry, data: dict[str, Any]) -> Any:
        return listing.publish_entry(obj, actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("dishonestyentry_detail", args=[obj.pk])


class DecisionDocumentView(ObjectDetailView):
    """列入决定书 (Word) of an entry in the scope."""

    model = DishonestyEntry

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = self.get_object()
        content = documents.export_decision(entry, actor=self.actor)
        return docx_response(content, f"严重失信主体列入决定书-{entry.subject_name}.docx")


class PlatformExportView(TemplatePageView):
    """The listed, published entries of the scope for the national credit platform
    (``?joint=1``: the joint-punishment list for the other departments)."""

    model = DishonestyEntry
    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        joint = request.GET.get("joint") == "1"
        entries = DishonestyEntry.objects.restrict(request.user, "view")
        content = documents.export_platform(entries, actor=self.actor, joint=joint)
        name = "失信联合惩戒名单.xlsx" if joint else "严重失信主体名单-信用平台报送.xlsx"
        return xlsx_response(content, name)


class RemovalApplicationListView(ObjectListView):
    """提前移出申请 (信用修复) and their review."""

    model = RemovalApplication
    filterset_class = RemovalApplicationFilterSet
    select_related = ("entry",)
    columns = (
        Column("entry", "失信主体", accessor="entry.subject_name", link_to_detail=True),
        Column("penalty_paid", "处罚已履行"),
        Column("rectified", "已整改"),
        Column("commitment", "信用承诺书", accessor=lambda a: "已签署" if a.commitment_id else "未签署"),
        Column("state", "状态", accessor="get_state_label", badge=_badge, sortable=True),
        Column("applied_at", "申请时间", sortable=True),
    )


class RemovalApplicationDetailView(ObjectDetailView):
    model = RemovalApplication
    select_related = ("entry", "commitment")
    extra_template = "credit/application_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["steps"] = REPAIR_STEPS.available(obj, self.actor)
        return context


class RemovalApplicationEditView(ObjectEditView):
    """申请提前移出."""

    model = RemovalApplication
    form_class = RemovalApplicationForm
    create_service = listing.apply_early_removal

    def required_action(self) -> str:
        return "add"


class RemovalApplicationStepView(StepView):
    model = RemovalApplication
    steps = REPAIR_STEPS


class ListingGroundListView(ObjectListView):
    """列入情形 (the configurable table of grounds with their articles)."""

    model = ListingGround
    filterset_class = ListingGroundFilterSet
    columns = (
        Column("code", "编号", link_to_detail=True, sortable=True),
        Column("title", "列入情形"),
        Column("article", "依据条款"),
        Column("active", "启用"),
    )

    def detail_url(self, obj: Any) -> str | None:
        return reverse("listingground_edit", args=[obj.pk])


class ListingGroundEditView(ObjectEditView):
    model = ListingGround
    form_class = ListingGroundForm

    def success_url(self, obj: Any) -> str:
        return reverse("listingground_list")


class ListingGroundDeleteView(ObjectDeleteView):
    model = ListingGround

    def deleted_url(self, obj: Any) -> str:
        return reverse("listingground_list")


class CreditSettingsView(SettingsEditView):
    model = CreditSettings
    form_class = CreditSettingsForm
    title = "安全生产信用参数"
