"""Pages of the enterprise registry: list (filters, export), the enterprise's file
(一企一档), edit pages of its licences, major hazards and risk points, the four-colour
risk map and the summary charts. Thin: writes go through the services."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, ClassVar

from django import forms
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Industry, Region
from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
)
from yingji.core.views.imports import ImportPageView, ImportTemplateView
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.enterprises import filtersets as fs
from yingji.enterprises import services
from yingji.enterprises.filtersets import EnterpriseFilterSet
from yingji.enterprises.forms import (
    EnterpriseForm,
    LicenceForm,
    MajorHazardForm,
    MajorHazardSubstanceForm,
    MajorHazardUnitForm,
    MemberForm,
    RiskPointForm,
)
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
from yingji.enterprises.tabs import sections_for
from yingji.ui.views.map import map_settings

COLOUR_HEX = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00", "blue": "#206bc4",
              "": "#868e96"}
COLOUR_BADGE = {"red": "red", "orange": "orange", "yellow": "yellow", "blue": "blue"}
MAP_LIMIT = 5000


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
    )

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

    def perform_create(self, form: Any) -> Any:
        return services.create_enterprise(self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: Any) -> Any:
        return services.update_enterprise(obj, self.form_data(form), actor=self.actor)


class EnterpriseMembersView(PageView):
    """Link (``user``) or unlink (``remove``) an enterprise account, from the file page."""

    model = Enterprise
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.contrib import messages
        from django.core.exceptions import ValidationError
        from django.shortcuts import get_object_or_404, redirect

        from yingji.core.models import User
        from yingji.core.views.generic import restricted

        enterprise = get_object_or_404(restricted(self, "view"), pk=kwargs["pk"])
        target = reverse("enterprise_detail", args=[enterprise.pk]) + "#members"
        try:
            if request.POST.get("remove"):
                user = get_object_or_404(User, pk=request.POST["remove"],
                                         enterprise_memberships__enterprise=enterprise)
                services.remove_member(enterprise, user, actor=self.actor)
                messages.success(request, f"已解除企业账号：{user}")
                return redirect(target)
            form = MemberForm(request.POST, candidates=services.member_candidates(
                request.user, enterprise))
            if not form.is_valid():
                raise ValidationError(list(form.errors["user"]))
            user = form.cleaned_data["user"]
            services.add_member(enterprise, user, actor=self.actor)
            messages.success(request, f"已关联企业账号：{user}")
        except ValidationError as exc:
            messages.error(request, f"未能关联：{'；'.join(exc.messages)}")
        return redirect(target)


class EnterpriseDeleteView(ObjectDeleteView):
    model = Enterprise

    def perform_delete(self, obj: Any) -> None:
        services.delete_enterprise(obj, actor=self.actor)


# --- rows of the enterprise's file ----------------------------------------------------


class ChildEditView(ObjectEditView):
    """Edit a row of the enterprise's file; the parent comes from the query string
    on creation; after saving, back to the enterprise's file."""

    parent_field: ClassVar[str] = "enterprise"
    create_service: ClassVar[Any]
    update_service: ClassVar[Any]

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.ModelForm[Any]:
        initial = {}
        if obj is None and self.request.GET.get(self.parent_field):
            initial[self.parent_field] = self.request.GET[self.parent_field]
        form_class: Any = self.form_class
        return form_class(data, files, instance=obj, user=self.request.user,
                          initial=initial)

    def perform_create(self, form: Any) -> Any:
        return type(self).create_service(self.form_data(form), actor=self.actor)

    def perform_update(self, obj: Any, form: Any) -> Any:
        return type(self).update_service(obj, self.form_data(form), actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("enterprise_detail", args=[enterprise_of(obj).pk])


def enterprise_of(obj: Any) -> Enterprise:
    if isinstance(obj, MajorHazardSubstance):
        return obj.unit.source.enterprise
    if isinstance(obj, MajorHazardUnit):
        return obj.source.enterprise
    return obj.enterprise


class ChildDeleteView(ObjectDeleteView):
    """Delete a row of the enterprise's file through its service."""

    delete_service: ClassVar[Any]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.contrib import messages
        from django.core.exceptions import ValidationError
        from django.shortcuts import get_object_or_404, redirect

        from yingji.core.views.generic import restricted

        obj = get_object_or_404(restricted(self, "delete"), pk=kwargs["pk"])
        target = reverse("enterprise_detail", args=[enterprise_of(obj).pk])
        try:
            type(self).delete_service(obj, actor=self.actor)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已删除{self.model._meta.verbose_name}：{obj}")  # type: ignore[union-attr]
        return redirect(target)


class LicenceEditView(ChildEditView):
    model = Licence
    form_class = LicenceForm
    create_service = staticmethod(services.create_licence)
    update_service = staticmethod(services.update_licence)


class LicenceDeleteView(ChildDeleteView):
    model = Licence
    delete_service = staticmethod(services.delete_object_service)


class MajorHazardEditView(ChildEditView):
    model = MajorHazard
    form_class = MajorHazardForm
    create_service = staticmethod(services.create_major_hazard)
    update_service = staticmethod(services.update_major_hazard)


class MajorHazardDeleteView(ChildDeleteView):
    model = MajorHazard
    delete_service = staticmethod(services.delete_major_hazard)


class MajorHazardUnitEditView(ChildEditView):
    model = MajorHazardUnit
    form_class = MajorHazardUnitForm
    parent_field = "source"
    create_service = staticmethod(services.create_unit)
    update_service = staticmethod(services.update_unit)


class MajorHazardUnitDeleteView(ChildDeleteView):
    model = MajorHazardUnit
    delete_service = staticmethod(services.delete_unit)


class MajorHazardSubstanceEditView(ChildEditView):
    model = MajorHazardSubstance
    form_class = MajorHazardSubstanceForm
    parent_field = "unit"
    create_service = staticmethod(services.create_substance)
    update_service = staticmethod(services.update_substance)


class MajorHazardSubstanceDeleteView(ChildDeleteView):
    model = MajorHazardSubstance
    delete_service = staticmethod(services.delete_substance)


class RiskPointEditView(ChildEditView):
    model = RiskPoint
    form_class = RiskPointForm
    create_service = staticmethod(services.create_risk_point)
    update_service = staticmethod(services.update_risk_point)


class RiskPointDeleteView(ChildDeleteView):
    model = RiskPoint
    delete_service = staticmethod(services.delete_risk_point)


# --- map and charts -------------------------------------------------------------------


class EnterpriseMapView(EnterpriseFilteredMixin, ObjectListView):
    """四色风险图: enterprises coloured by risk, filtered like the list."""

    template_name = "enterprises/map.html"
    title = "企业四色风险图"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _, filterset = self.filtered()
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
        url = reverse("enterprise_geojson") + (f"?{query}" if query else "")
        layers = [{"colour": colour, "name": f"{COLOUR_NAMES[colour]}（{_risk_label(colour)}）",
                   "color": COLOUR_HEX[colour]}
                  for colour in ("red", "orange", "yellow", "blue", "")]
        return self.render(self.template_name, {
            "map": map_settings(request.user),
            "config": {"map": "enterprise-map", "url": url, "layers": layers},
            "filter_form": filterset.form if filterset is not None else None,
            "list_url": reverse("enterprise_list"),
        })


def _risk_label(colour: str) -> str:
    from yingji.enterprises.rules import COLOUR_RISK

    return COLOUR_RISK.get(colour, "未评估")


class EnterpriseGeoJSONView(EnterpriseFilteredMixin, ObjectListView):
    """GeoJSON points of the filtered enterprises in scope (at most ``MAP_LIMIT``)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset = self.filtered()
        if filterset is not None and filterset.is_bound and not filterset.is_valid():
            return JsonResponse({"error": {"code": "invalid", "message": "筛选条件有误",
                                           "fields": filterset.errors}}, status=400)
        rows = list(queryset.filter(longitude__isnull=False, latitude__isnull=False)
                    .order_by().values_list("id", "name", "longitude", "latitude",
                                            "risk_colour", "major_hazard_grade")[:MAP_LIMIT + 1])
        truncated = len(rows) > MAP_LIMIT
        # Written feature by feature (names through the JSON encoder, the rest are
        # numbers and choice codes): no popup text (the map shows the name as tooltip),
        # 5 decimals (≈1 m), UTF-8 rather than \u escapes — a third of the bytes.
        text = json.JSONEncoder(ensure_ascii=False).encode
        features = ",".join(
            '{"type":"Feature","geometry":{"type":"Point","coordinates":'
            f'[{lon:.5f},{lat:.5f}]}},"properties":{{"id":{pk},"name":{text(name)},'
            f'"colour":"{colour}","grade":{grade if grade else "null"}}}}}'
            for pk, name, lon, lat, colour, grade in rows[:MAP_LIMIT])
        body = ('{"type":"FeatureCollection","features":[' + features + '],"truncated":'
                + ("true" if truncated else "false") + "}")
        return HttpResponse(body, content_type="application/json")


class EnterpriseChartsView(EnterpriseFilteredMixin, ObjectListView):
    """Summary charts: enterprises by district, by industry and by risk colour."""

    template_name = "enterprises/charts.html"
    title = "企业统计"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset = self.filtered()
        return self.render(self.template_name, {
            "filter_form": filterset.form if filterset is not None else None,
            **summary(queryset), "list_url": reverse("enterprise_list"),
        })


def summary(queryset: QuerySet[Enterprise]) -> dict[str, Any]:
    """Counts by district (the region code's first 6 digits), industry and colour from
    one grouped scan of the filtered rows, plus one query for the district names."""
    from django.db.models.functions import Substr

    cells = (queryset.order_by().annotate(district=Substr("region_id", 1, 6))
             .values_list("district", "industry", "risk_colour").annotate(n=Count("id")))
    districts: dict[str, int] = {}
    industries: dict[str, int] = {}
    colours: dict[str, int] = {}
    for district, industry, colour, n in cells:
        districts[district] = districts.get(district, 0) + n
        industries[industry] = industries.get(industry, 0) + n
        colours[colour] = colours.get(colour, 0) + n
    names = dict(Region.objects.filter(code__in=[d + "000000" for d in districts])
                 .values_list("code", "name"))
    labels = dict(Industry.choices)

    def ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    return {
        "by_region": {"title": "企业数", "items": [
            {"name": names.get(d + "000000", d), "value": n} for d, n in ranked(districts)]},
        "by_industry": {"title": "企业数", "items": [
            {"name": str(labels.get(i, i)), "value": n} for i, n in ranked(industries)]},
        "by_colour": {"title": "企业数", "items": [
            {"name": f"{COLOUR_NAMES[c]}（{_risk_label(c)}）", "value": colours.get(c, 0)}
            for c in ("red", "orange", "yellow", "blue", "")]},
    }


def licence_state(licence: Licence) -> tuple[str, str]:
    """(text, badge colour) of a licence's validity today."""
    today = timezone.localdate()
    if licence.expires_on < today:
        return "已过期", "red"
    if licence.expires_on == today:
        return "今天到期", "orange"
    if licence.expires_on <= today + timedelta(days=fs.LICENCE_SOON_DAYS):
        return f"{(licence.expires_on - today).days}天后到期", "orange"
    return "有效", "green"


class LicenceListView(RegionFilterWidgetMixin, ObjectListView):
    """Every licence in scope: filter by kind, region, validity; export."""

    model = Licence
    filterset_class = fs.LicenceFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("enterprise", "企业", accessor="enterprise.name",
               link=lambda lic: reverse("enterprise_detail", args=[lic.enterprise_id])),
        Column("kind", "许可证类别", accessor=lambda lic: lic.get_kind_display(), sortable=True),
        Column("number", "证书编号", sortable=True),
        Column("issuer", "发证机关"),
        Column("issued_on", "发证日期", sortable=True),
        Column("expires_on", "有效期至", sortable=True),
        Column("state", "状态", accessor=lambda lic: licence_state(lic)[0],
               badge=lambda lic: licence_state(lic)[1]),
    )


class ExpiringLicencesView(TemplatePageView):
    """Licences expiring within 30 days (or expired), in scope."""

    model = Licence
    template_name = "enterprises/expiring.html"
    title = "即将到期的许可证"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        licences = list(Licence.objects.restrict(self.request.user, "view")
                        .filter(expires_on__lte=today + timedelta(days=30))
                        .select_related("enterprise").order_by("expires_on")[:500])
        return {"licences": licences, "today": today, **kwargs}



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
