"""Staff and enterprise pages of hazards: the ledger (filters, sort, page, export,
overdue flag), the detail page with its step forms (posted to ``views.actions``), the
registration form, extension requests, the map and the ledger import. Thin: writes go
through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.hazards.filtersets import ExtensionRequestFilterSet, HazardFilterSet
from yingji.hazards.forms import ExtensionForm, HazardForm, ListingForm, PlanForm
from yingji.hazards.models import ExtensionRequest, Hazard, TreatmentPlan
from yingji.hazards.models.hazards import ACTIVE_STATES, OPEN_STATES
from yingji.hazards.services import extensions, hazards
from yingji.hazards.services.ledger import ledger_import_spec
from yingji.hazards.workflow import HAZARD_FLOW, actor_refusal

GRADE_BADGE = {"major": "red", "general": "yellow"}


def _state(h: Hazard) -> str:
    if h.state == "closed" and h.self_closed:
        return HAZARD_FLOW.label(h.state) + "（企业自行销号）"
    return HAZARD_FLOW.label(h.state) + ("（已逾期）" if h.is_overdue else "")


def _state_badge(h: Hazard) -> str:
    if h.is_overdue:
        return "red"
    return {"closed": "green", "verifying": "azure", "registered": "secondary"}.get(h.state, "")


HAZARD_COLUMNS = (
    Column("number", "编号", sortable=True, link_to_detail=True),
    Column("title", "隐患名称", link_to_detail=True),
    Column("place", "企业/场所", accessor="place"),
    Column("region", "街道", accessor="region.name"),
    Column("source", "来源", accessor="get_source_display"),
    Column("grade", "等级", accessor="get_grade_display", sortable=True,
           badge=lambda h: GRADE_BADGE.get(h.grade, "")),
    Column("state", "状态", accessor=_state, sortable=True, badge=_state_badge),
    Column("listed", "挂牌督办", accessor="get_listed_level_display", export=True),
    Column("found_at", "发现时间", sortable=True),
    Column("deadline", "整改期限", sortable=True),
)
LEDGER_EXTRA = (
    Column("category", "类别", accessor="get_category_display"),
    Column("industry", "行业", accessor="get_industry_display"),
    Column("address", "部位/地址"),
    Column("description", "隐患描述"),
    Column("finder_name", "发现人"),
    Column("responsible_name", "整改责任人"),
    Column("measures", "整改措施"),
    Column("rectified_at", "整改完成时间"),
    Column("closed_at", "销号时间"),
    Column("self_closed", "企业自行销号"),
    Column("closed_on_time", "按期整改"),
    Column("listed_department", "督办部门", accessor="listed_department.name"),
)


class HazardListView(RegionFilterWidgetMixin, ObjectListView):
    """隐患台账: filters, sort, page, overdue flag, Excel export of the digital ledger
    (隐患排查整改数字化清单, every ledger column)."""

    model = Hazard
    title = "隐患台账"
    filterset_class = HazardFilterSet
    select_related = ("enterprise", "region", "listed_department")
    toolbar_template = "hazards/list_toolbar.html"
    columns = HAZARD_COLUMNS

    def export_columns(self) -> list[Column]:
        return [*self.columns, *LEDGER_EXTRA]

    def get_title(self) -> str:
        return "隐患排查整改数字化清单" if self.request.GET.get("export") else "隐患台账"


def _inspection_number(h: Hazard) -> str:
    """The enforcement inspection that found the hazard (``data["inspection"]``, set by
    ``report_hazard_from_inspection``), or ""."""
    found = (h.data or {}).get("inspection") if isinstance(h.data, dict) else None
    return str(found.get("number", "")) if isinstance(found, dict) else ""


def _inspection_link(h: Hazard) -> str | None:
    found = (h.data or {}).get("inspection") if isinstance(h.data, dict) else None
    if not isinstance(found, dict) or not found.get("id"):
        return None
    try:
        return reverse("inspection_detail", args=[int(found["id"])])
    except NoReverseMatch:  # the enforcement module is not installed
        return None


class HazardDetailView(ObjectDetailView):
    """One hazard: fields, workflow buttons, plan, reports, verifications, extensions,
    listing, photos and evidence, and the timeline."""

    model = Hazard
    select_related = ("enterprise", "region", "supervising_department", "supervising_officer",
                      "listed_department", "listed_officer", "responsible")
    extra_template = "hazards/hazard_panel.html"
    fields = ("number", "title", Column("place", "企业/场所", accessor="place",
                                        link=lambda h: reverse("enterprise_detail", args=[h.enterprise_id])
                                        if h.enterprise_id else None),
              "region", "address", "source", "grade", "category", "description",
              "found_at", "finder_name", "reporter_name", "reporter_phone",
              Column("inspection", "执法检查", accessor=_inspection_number, link=_inspection_link),
              "stop_production",
              Column("state", "状态", accessor=_state), "responsible_name", "responsible_phone",
              "deadline", "measures", "supervising_department", "supervising_officer",
              "listed_level", "listed_department", "listed_officer", "listing_number",
              "rectified_at", "closed_at", "closed_on_time", "self_closed")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        can_change = may(user, Hazard, "change")
        offered = HAZARD_FLOW.available(obj, self.actor) if can_change else []
        # Steps this user may never take on this hazard are not offered; why is said.
        refusals = {t.name: actor_refusal(obj, self.actor, t.name) for t in offered}
        context["transitions"] = [t for t in offered if not refusals[t.name]]
        context["step_notes"] = list(dict.fromkeys(r for r in refusals.values() if r))
        context["can_change"] = can_change
        context["now"] = timezone.localtime()
        plan = TreatmentPlan.objects.filter(hazard=obj).first()
        context["plan"] = plan
        if obj.is_major and can_change and obj.state != "closed":
            context["plan_form"] = PlanForm(instance=plan)
        context["reports"] = list(obj.reports.select_related("submitted_by"))
        context["verifications"] = list(obj.verifications.select_related("verified_by"))
        context["extensions"] = list(obj.extensions.select_related("requested_by", "decided_by"))
        if can_change and obj.state in extensions.EXTENDABLE_STATES:
            context["extension_form"] = ExtensionForm()
        context["can_decide"] = user.has_perm("hazards.approve_extension")
        if (obj.is_major and obj.state != "closed" and user.has_perm("hazards.supervise_hazard")):
            context["listing_form"] = ListingForm(user=user)
        context["edit_url"] = context["edit_url"] if obj.state == "registered" else None
        context["delete_url"] = None
        return context


class HazardEditView(ObjectEditView):
    """登记 a hazard (with photos) or correct a registered one."""

    model = Hazard
    form_class = HazardForm

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        form = super().get_form(obj, data, files)
        if obj is None and data is None and self.request.GET.get("enterprise", "").isdigit():
            form.initial["enterprise"] = int(self.request.GET["enterprise"])
        return form

    def form_data(self, form: forms.ModelForm[Any]) -> dict[str, Any]:
        data = super().form_data(form)
        return {k: v for k, v in data.items() if not (k == "region" and v is None)}

    def perform_create(self, form: forms.ModelForm[Any]) -> Any:
        return hazards.create_hazard(self.form_data(form), actor=self.actor,
                                     photos=form.cleaned_data.get("photos") or [])

    def perform_update(self, obj: Any, form: forms.ModelForm[Any]) -> Any:
        return hazards.update_hazard(obj, self.form_data(form), actor=self.actor)


class ExtensionListView(ObjectListView):
    """延期申请 awaiting approval (and decided ones)."""

    model = ExtensionRequest
    title = "延期申请"
    select_related = ("hazard", "requested_by")
    columns = (
        Column("hazard", "隐患", accessor="hazard.title",
               link=lambda e: reverse("hazard_detail", args=[e.hazard_id])),
        Column("current_deadline", "原整改期限"),
        Column("requested_deadline", "申请延期至", sortable=True),
        Column("reason", "延期理由"),
        Column("status", "审批状态", accessor="get_status_display", sortable=True),
        Column("requested_at", "申请时间", sortable=True),
    )

    filterset_class = ExtensionRequestFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("status", "-requested_at")


class HazardMapView(TemplatePageView):
    """隐患分布图: open hazards on the map in three layers (overdue, major, general)."""

    model = Hazard
    title = "隐患分布图"
    template_name = "hazards/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        url = reverse("hazard_geojson")
        return {"map": map_settings(self.request.user), "layers": [
            {"name": "逾期未整改", "url": f"{url}?layer=overdue", "color": "#d63939"},
            {"name": "重大隐患", "url": f"{url}?layer=major", "color": "#f76707"},
            {"name": "一般隐患", "url": f"{url}?layer=general", "color": "#f59f00"},
        ]}


MAP_LIMIT = 5000


def hazard_geojson(request: HttpRequest) -> HttpResponse:
    """Open hazards in the user's scope as GeoJSON points for one map layer
    (overdue / major / general; at most 5,000, newest first)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": {"code": "not_authenticated", "message": "未登录"}},
                            status=401)
    if not may(request.user, Hazard, "view"):
        raise PermissionDenied("您没有访问此页面的权限")
    now = timezone.now()
    rows = (Hazard.objects.restrict(request.user, "view")
            .filter(state__in=ACTIVE_STATES, longitude__isnull=False, latitude__isnull=False))
    overdue = Q(state__in=OPEN_STATES, deadline__lt=now)
    layer = request.GET.get("layer", "")
    if layer == "overdue":
        rows = rows.filter(overdue)
    elif layer == "major":
        rows = rows.filter(grade="major").exclude(overdue)
    elif layer == "general":
        rows = rows.filter(grade="general").exclude(overdue)
    values = (rows.order_by("-found_at")
              .values_list("pk", "number", "title", "grade", "state", "deadline", "longitude",
                           "latitude", "listed_level")[:MAP_LIMIT])
    features = []
    for pk, number, title, grade, state, deadline, lon, lat, listed in values:
        due = f"，期限{timezone.localtime(deadline):%Y-%m-%d}" if deadline else ""
        features.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": pk, "name": title, "url": f"/hazards/{pk}/",
                           "popup": f"{number} {title}（{'重大' if grade == 'major' else '一般'}，"
                                    f"{HAZARD_FLOW.label(state)}{due}"
                                    f"{'，挂牌督办' if listed else ''}）"},
        })
    return JsonResponse({"type": "FeatureCollection", "features": features})


class LedgerImportView(ImportPageView):
    """导入历史隐患台账: upload an .xlsx, see the row-level report."""

    model = Hazard
    title = "导入历史隐患台账"
    spec_factory = staticmethod(ledger_import_spec)
    help_text = ("企业隐患按统一社会信用代码对应企业，公共场所隐患填写场所名称和街道区划代码；"
                 "有销号日期的记为已销号，有整改期限的记为整改中；隐患编号已存在的行不再导入。")
    template_route = "hazard_import_template"
    back_route = "hazard_list"


class LedgerTemplateView(ImportTemplateView):
    """The ledger import template (.xlsx)."""

    model = Hazard
    spec_factory = staticmethod(ledger_import_spec)
    filename = "历史隐患台账导入模板.xlsx"
