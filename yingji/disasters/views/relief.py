"""Relief to households: the ledger (its Excel export is the 救助台账), a case's page
with its procedure, money and goods issues with 签领, the 签领表 (Word) and the public
list (公示, masked)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from yingji.core.documents import docx_response
from yingji.core.masking import mask_name
from yingji.core.personal.fields import masked_value
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    restricted,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.disasters.filtersets import ReliefCaseFilterSet
from yingji.disasters.forms import RELIEF_STEPS, GoodsForm, MoneyForm, ReliefCaseForm
from yingji.disasters.models import ReliefCase
from yingji.disasters.services import outputs, relief

STATE_BADGE = {
    "applied": "secondary",
    "approved": "azure",
    "issued": "green",
    "published": "green",
    "returned": "red",
}


class ReliefListView(RegionFilterWidgetMixin, ObjectListView):
    model = ReliefCase
    title = "受灾群众救助台账"
    filterset_class = ReliefCaseFilterSet
    select_related = ("region", "event")
    prefetch_related = ("issues",)
    columns = (
        Column("head_name", "户主", link_to_detail=True),
        Column("id_number", "身份证号"),
        Column("members", "家庭人口"),
        Column("region", "村（社区）", accessor="region.name"),
        Column("event", "灾害", accessor="event.title"),
        Column("category", "救助类别", accessor="get_category_display"),
        Column("approved_amount", "核定金额（元）"),
        Column(
            "issued",
            "已发放",
            accessor=lambda c: "；".join(str(i).split("：", 1)[-1] for i in c.issues.all()),
        ),
        Column("state", "环节", accessor="get_state_label", badge=lambda c: STATE_BADGE.get(c.state, "")),
    )


class ReliefDetailView(ObjectDetailView):
    model = ReliefCase
    select_related = ("region", "event", "created_by")
    extra_template = "disasters/relief_panel.html"
    fields = (
        "event",
        "region",
        "category",
        "head_name",
        "id_number",
        "phone",
        "members",
        "member_names",
        "address",
        "situation",
        "amount",
        "goods",
        Column("state", "环节", accessor="get_state_label"),
        "village_opinion",
        "town_opinion",
        "county_opinion",
        "approved_amount",
        "issue_note",
        "published_at",
        "created_by",
        "created_at",
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        can = may(self.request.user, ReliefCase, "change")
        context["transitions"] = RELIEF_STEPS.available(obj, self.actor) if can else []
        context["issues"] = list(obj.issues.select_related("movement__warehouse"))
        context["can_issue"] = obj.state == "approved" and self.request.user.has_perm(
            "disasters.add_reliefissue"
        )
        if context["can_issue"]:
            from yingji.resources.models import StockBatch

            batches = (
                StockBatch.objects.restrict(self.request.user, "view")
                .filter(quantity__gt=0, item__category__in=("living", "shelter"))
                .select_related("item", "warehouse")[:50]
            )
            context["batches"] = batches
        context["delete_url"] = None
        context["edit_url"] = context["edit_url"] if obj.state in relief.EDITABLE_STATES else None
        return context


class ReliefEditView(ObjectEditView):
    model = ReliefCase
    form_class = ReliefCaseForm
    create_service = relief.create_case
    update_service = relief.update_case

    def form_data(self, form: Any) -> dict[str, Any]:
        data = super().form_data(form)
        if form.instance.pk is None:
            data["id_number"] = form.cleaned_data.get("id_number")
        return data

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if obj is not None:
            for name in relief.FIXED_FIELDS:  # kept as registered (the service refuses a change)
                form.fields[name].disabled = True
        return form


class ReliefStepView(StepView):
    """The procedure's buttons post here with the step's ``name`` (``forms.RELIEF_STEPS``):
    the case in the user's scope, the step's form, its service; back to the case."""

    model = ReliefCase
    action = "view"
    steps = RELIEF_STEPS


class ReliefMoneyView(ObjectActionView):
    model = ReliefCase
    action = "view"
    form_class = MoneyForm
    success_message = "已发放并登记签领"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        relief.issue_money(
            obj, amount=data["amount"], signed_by_name=data["signed_by_name"], actor=self.actor
        )
        return obj


class ReliefGoodsView(ObjectActionView):
    model = ReliefCase
    action = "view"
    form_class = GoodsForm
    success_message = "已出库发放并登记签领"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        from yingji.resources.models import StockBatch

        batch = StockBatch.objects.restrict(self.request.user, "view").filter(pk=data["batch"]).first()
        if batch is None:
            raise ValidationError({"batch": "所选物资批次不存在或超出您的数据范围"})
        relief.issue_goods(
            obj,
            batch=batch,
            quantity=data["quantity"],
            signed_by_name=data["signed_by_name"],
            actor=self.actor,
        )
        return obj


class ReceiptView(PageView):
    """救灾款物发放签领表 (Word) of one household."""

    model = ReliefCase

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponse:
        case = get_object_or_404(restricted(self, "view").select_related("event", "region"), pk=pk)
        return docx_response(
            outputs.receipt_docx(case, actor=self.actor), outputs.receipt_filename(case, request.user)
        )


def public_list(request: HttpRequest) -> HttpResponse:
    """救助公示: published cases with the name and ID masked, no phone or address."""
    rows = [
        {
            "name": mask_name(c.head_name),
            "id": masked_value(c, "id_number"),
            "region": c.region.name,
            "event": c.event.title,
            "category": c.get_category_display(),
            "amount": c.approved_amount,
            "published_at": c.published_at,
        }
        for c in ReliefCase.objects.filter(state="published")
        .select_related("region", "event")
        .order_by("-published_at")[:500]
    ]
    return render(request, "disasters/public_list.html", {"rows": rows, "title": "受灾群众救助公示"})
