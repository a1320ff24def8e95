"""The statistics section: the statistics page (by month, district, industry, grade;
year on year; 双下降 targets; 较大 against the five-year average; streets without an
accident; charts), the monthly statistics table as Excel, and the targets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from yingji.accidents.filtersets import DistrictTargetFilterSet
from yingji.accidents.forms import DistrictTargetForm, SettingsForm
from yingji.accidents.models import Accident, AccidentSettings, DistrictTarget
from yingji.accidents.services import documents, stats
from yingji.core.exports import xlsx_response
from yingji.core.filtersets import year_param
from yingji.core.replica import ReplicaReadsMixin
from yingji.core.scope import scope_of
from yingji.core.services.regions import home_prefix
from yingji.core.views.edits import SettingsEditView
from yingji.core.views.generic import (
    Column,
    ObjectEditView,
    ObjectListView,
    TemplatePageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin


def _year(request: HttpRequest) -> tuple[int, str]:
    return year_param(request, last=timezone.localdate().year)


def _chart(title: str, items: list[dict[str, Any]], key: str = "accidents") -> dict[str, Any]:
    return {"title": title, "items": [{"name": i["name"], "value": i[key]} for i in items]}


class StatsView(ReplicaReadsMixin, TemplatePageView):
    """事故统计分析 for the user's scope (seven queries)."""

    model = Accident
    title = "生产安全事故统计分析"
    template_name = "accidents/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year, error = _year(self.request)
        today = timezone.localdate()
        queryset = Accident.objects.restrict(self.request.user, "view")
        prefix = scope_of(self.request.user).region_prefix
        data = stats.statistics(queryset, year, today=today, scope_prefix=prefix or home_prefix())
        months = [{"name": f"{m['month']}月", "accidents": m["accidents"], "deaths": m["deaths"],
                   "previous": m["previous_accidents"]} for m in data.by_month]
        charts = {
            "chart-year": _chart("近十年事故起数", data.by_year),
            "chart-year-deaths": _chart("近十年死亡人数", data.by_year, "deaths"),
            "chart-month": _chart(f"{year}年各月事故起数", months),
            "chart-month-deaths": _chart(f"{year}年各月死亡人数", months, "deaths"),
            "chart-district": _chart("各区事故起数", data.by_district),
            "chart-industry": _chart("各行业领域事故起数", data.by_industry),
            "chart-grade": _chart("各等级事故起数", data.by_grade),
        }
        return {"data": data, "charts": charts, "error": error, "today": today,
                "years": list(range(today.year, today.year - 10, -1)),
                "month": data.last_month}


class MonthlyTableView(ReplicaReadsMixin, TemplatePageView):
    """生产安全事故统计月报表 (Excel) of the user's scope; audited as an export."""

    model = Accident
    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year, _ = _year(request)
        today = timezone.localdate()
        month = request.GET.get("month", "")
        last = today.month if year == today.year else 12
        chosen = int(month) if month.isdigit() and 1 <= int(month) <= last else last
        user = request.user
        unit = getattr(getattr(user, "department", None), "name", "") or "应急管理局"
        content = documents.export_monthly_table(Accident.objects.restrict(user, "view"), year,
                                                 chosen, unit, actor=self.actor)
        return xlsx_response(content, f"生产安全事故统计月报表-{year}年{chosen}月.xlsx")


class DistrictTargetListView(RegionFilterWidgetMixin, ObjectListView):
    """双下降控制目标 per district and year."""

    model = DistrictTarget
    title = "双下降控制目标"
    filterset_class = DistrictTargetFilterSet
    select_related = ("region",)
    columns = (Column("year", "年度", sortable=True), Column("region", "区县", accessor="region.name",
                                                           link_to_detail=True),
               Column("max_accidents", "事故起数控制目标"), Column("max_deaths", "死亡人数控制目标"),
               Column("max_major", "较大事故起数控制目标"), Column("note", "说明"))

    def detail_url(self, obj: Any) -> str | None:
        from django.urls import reverse

        return reverse("districttarget_edit", args=[obj.pk])


class DistrictTargetEditView(ObjectEditView):
    model = DistrictTarget
    form_class = DistrictTargetForm

    def success_url(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("districttarget_list")


class AccidentSettingsView(SettingsEditView):
    """事故调查处理参数 at /accidents/settings/: the one settings row, read without
    writing; the first save creates it (core's SettingsEditView, city-wide staff)."""

    model = AccidentSettings
    form_class = SettingsForm
