"""Analysis pages (ECharts), the public disclosure page and the module settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yingji.core.forms import RegionSelect, bootstrapify
from yingji.core.replica import ReplicaReadsMixin
from yingji.core.views.generic import PageView, SettingsEditView
from yingji.hazards.filtersets import HazardFilterSet
from yingji.hazards.forms import SettingsForm
from yingji.hazards.models import Hazard, HazardSettings
from yingji.hazards.services import analysis
from yingji.hazards.services.disclosure import public_entries

ANALYSIS_FILTERS = ("region", "industry", "grade", "source", "found_from", "found_to")


class AnalysisView(ReplicaReadsMixin, PageView):
    """隐患统计分析: headline rates, charts by region/industry/grade/source/month, the
    overdue list and repeat hazards, all within the user's scope and filters."""

    model = Hazard
    title = "隐患统计分析"

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = Hazard.objects.restrict(request.user, "view")
        filterset = self.get_filterset(queryset)
        assert filterset is not None
        for name in list(filterset.form.fields):
            if name not in ANALYSIS_FILTERS:
                del filterset.form.fields[name]
        queryset = filterset.qs
        dims = analysis.by_dimensions(queryset)
        return self.render("hazards/analysis.html", {
            "filter_form": filterset.form, "summary": analysis.summary(queryset),
            "by_region": {"title": "隐患数", "items": dims["region"]},
            "by_industry": {"title": "隐患数", "items": dims["industry"]},
            "by_grade": {"title": "隐患数", "items": dims["grade"]},
            "by_source": {"title": "隐患数", "items": dims["source"]},
            "by_month": analysis.by_month(queryset),
            "overdue": analysis.overdue_list(queryset),
            "repeats": analysis.repeat_hazards(queryset),
        })

    def get_filterset(self, queryset: Any) -> HazardFilterSet:
        filterset = HazardFilterSet(self.request.GET or None, queryset=queryset,
                                    request=self.request)
        bootstrapify(filterset.form, filter_form=True)
        filterset.form.fields["region"].widget = RegionSelect(
            attrs={"class": "form-select"}, compact=True, empty_label="全部区划")
        return filterset


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """隐患公开公示 (no login): listed major hazards with the configured fields."""
    settings = HazardSettings.current()
    return render(request, "hazards/public_list.html", {
        "entries": public_entries(settings), "settings": settings,
        "title": "重大事故隐患挂牌督办公示"})


class HazardSettingsView(SettingsEditView):
    """隐患模块设置 (reminders, escalation, photo limit, public disclosure fields): the
    one settings row, read without writing; the first save creates it."""

    model = HazardSettings
    form_class = SettingsForm

