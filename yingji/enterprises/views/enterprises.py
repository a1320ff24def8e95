"""Pages of the enterprise registry: the list (filters, export), the enterprise's file
(一企一档) with its accounts, the edit and delete pages and the Excel import. Thin:
writes go through the services."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.base import Row
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.enterprises import services
from yingji.enterprises.access import is_enterprise_account, own_enterprise
from yingji.enterprises.filtersets import EnterpriseFilterSet
from yingji.enterprises.forms import EnterpriseForm, MemberActionForm, MemberForm
from yingji.enterprises.imports import enterprise_import_spec
from yingji.enterprises.models import (
    Enterprise,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskPoint,
)
from yingji.enterprises.rules import COLOUR_NAMES
from yingji.enterprises.tabs import list_marks, sections_for

COLOUR_BADGE = {"red": "red", "orange": "orange", "yellow": "yellow", "blue": "blue"}


def _colour_badge(obj: Any) -> str:
    return COLOUR_BADGE.get(getattr(obj, "risk_colour", "") or getattr(obj, "colour", ""), "")


def _colour_text(obj: Enterprise) -> str:
    return COLOUR_NAMES.get(obj.risk_colour, "")


class EnterpriseFilteredMixin(RegionFilterWidgetMixin):
    """The enterprise list's queryset and filters, shared with the map and charts."""

    model = Enterprise
    filterset_class = EnterpriseFilterSet

    def filtered(self) -> tuple[QuerySet[Any], Any]:
        queryset = Enterprise.objects.restrict(self.request.user, "view")
        filterset = self.get_filterset(queryset)
        return self.filter_queryset(queryset, filterset), filterset


class EnterpriseListView(EnterpriseFilteredMixin, ObjectListView):
    """企业档案 list: filter by region, industry, class, risk colour, major hazard grade."""

    select_related = ("region", "supervision_class")
    toolbar_template = "enterprises/list_toolbar.html"
    columns = (
        Column("name", "企业名称", sortable=True, link_to_detail=True),
        Column("credit_code", "统一社会信用代码"),
        Column("industry", "行业类别", sortable=True),
        Column("region", "所属街道", accessor="region.name", sortable=True, order_field="region_id"),
        Column("supervision_class", "监管类别", accessor="supervision_class.name"),
        Column("risk_colour", "风险等级", accessor=_colour_text, badge=_colour_badge,
               sortable=True),
        Column("major_hazard_grade", "重大危险源", sortable=True),
        Column("status", "经营状态"),
        Column("principal", "主要负责人"),
        Column("principal_phone", "联系电话"),
        Column("employee_count", "从业人员", sortable=True),
        Column("marks", "标记", accessor=lambda e: getattr(e, "list_marks", ""),
               badge=lambda e: "red" if getattr(e, "list_marks", "") else "", export=False),
    )

    def build_rows(self, objects: Sequence[Any]) -> Iterator[Row]:
        # The marks other modules put on the page's enterprises (one query each).
        marks = list_marks([e.pk for e in objects])
        for enterprise in objects:
            enterprise.list_marks = marks.get(enterprise.pk, "")
        return super().build_rows(objects)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # An enterprise account with one enterprise has its file, not a registry.
        own = own_enterprise(request.user)
        if own is not None and not request.GET.get("export"):
            return redirect("enterprise_detail", own.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["supervisor_tools"] = not is_enterprise_account(self.request.user)
        return context

    def export_columns(self) -> list[Column]:
        # The address is too long for the screen table but belongs in the export.
        columns = super().export_columns()
        columns.insert(8, Column("address", "地址"))
        return columns


class EnterpriseDetailView(ObjectDetailView):
    """The one file of the enterprise (一企一档): basic data, licences, major hazards
    with their GB 18218 working, risk points."""

    model = Enterprise
    select_related = ("region", "supervision_class", "supervising_department",
                      "supervising_officer")
    extra_template = "enterprises/enterprise_file.html"
    fields = ("name", "credit_code", "industry", "sub_industry", "region", "address",
              Column("coordinates", "坐标", accessor=lambda e: f"{e.longitude}, {e.latitude}"
                     if e.longitude is not None else ""),
              Column("flags", "专项作业", accessor=lambda e: [
                  label for name, label in (("dust_explosion", "粉尘涉爆"),
                                            ("ammonia_refrigeration", "涉氨制冷"),
                                            ("confined_space", "有限空间"),
                                            ("molten_metal", "高温熔融金属"))
                  if getattr(e, name)]),
              "legal_representative", "legal_representative_phone", "principal",
              "principal_phone", "safety_manager", "safety_manager_phone", "employee_count",
              "standardisation_level", "supervision_class", "supervising_department",
              "supervising_officer", "insurance_status", "insurance_expires_on", "status",
              Column("risk_colour", "风险等级（四色）", accessor=_colour_text),
              "major_hazard_grade", "updated_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context["licences"] = list(obj.licences.all())
        substances: Any = Prefetch("substances", queryset=MajorHazardSubstance.objects
                                   .select_related("substance").prefetch_related("categories"))
        units: Any = MajorHazardUnit.objects.prefetch_related(substances)
        context["major_hazards"] = list(obj.major_hazards.prefetch_related(
            Prefetch("units", queryset=units)))
        context["risk_points"] = list(obj.risk_points.all())
        context["members"] = list(obj.members.select_related("user"))
        if may(user, Enterprise, "add"):
            context["member_form"] = MemberForm(
                candidates=services.member_candidates(user, obj))
        context["sections"] = sections_for(self.request, obj)
        context["colour_names"] = COLOUR_NAMES
        soon = timezone.localdate() + timedelta(days=30)
        context["soon"] = soon
        context["today"] = timezone.localdate()
        context["can"] = {
            "licence": may(user, Licence, "add"), "hazard": may(user, MajorHazard, "add"),
            "unit": may(user, MajorHazardUnit, "add"),
            "substance": may(user, MajorHazardSubstance, "add"),
            "risk": may(user, RiskPoint, "add"),
        }
        return context


class EnterpriseEditView(ObjectEditView):
    """企业 create and edit through the enterprise services."""

    model = Enterprise
    form_class = EnterpriseForm
    create_service = staticmethod(services.create_enterprise)
    update_service = staticmethod(services.update_enterprise)


class EnterpriseMembersView(ObjectActionView):
    """Link (``user``) or unlink (``remove``) an enterprise account, from the file page
    (supervisors: the enterprise add permission; the enterprise itself must be in view)."""

    model = Enterprise
    action = "add"
    form_class = MemberActionForm
    invalid_message = "未能关联"
    done = ""

    def get_object(self) -> Any:
        # The add permission is the page's; the enterprise itself need only be visible.
        return get_object_or_404(restricted(self, "view"), pk=self.kwargs["pk"])

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"candidates": services.member_candidates(self.request.user, obj),
                "members": services.members_of(obj)}

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        if data.get("remove") is not None:
            services.remove_member(obj, data["remove"], actor=self.actor)
            self.done = f"已解除企业账号：{data['remove']}"
        else:
            services.add_member(obj, data["user"], actor=self.actor)
            self.done = f"已关联企业账号：{data['user']}"
        return None

    def get_success_message(self, obj: Any, result: Any) -> str:
        return self.done

    def success_url(self, obj: Any) -> str:
        return reverse("enterprise_detail", args=[obj.pk]) + "#members"


class EnterpriseDeleteView(ObjectDeleteView):
    model = Enterprise
    delete_service = staticmethod(services.delete_enterprise)


# --- import ---------------------------------------------------------------------------


class EnterpriseImportView(ImportPageView):
    """批量导入: upload an .xlsx, see the row-level report; download the template."""

    model = Enterprise
    title = "批量导入企业"
    spec_factory = staticmethod(enterprise_import_spec)
    help_text = "按统一社会信用代码识别企业：已存在的更新，不存在的新增，可重复导入。"
    template_route = "enterprise_import_template"
    back_route = "enterprise_list"


class EnterpriseImportTemplateView(ImportTemplateView):
    """The enterprise import template (.xlsx)."""

    model = Enterprise
    spec_factory = staticmethod(enterprise_import_spec)
    filename = "企业档案导入模板.xlsx"
