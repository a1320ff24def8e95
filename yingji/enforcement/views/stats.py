"""The statistics page (执法统计, with charts and the Excel export) and the public pages:
published draws and penalty decisions (no login, personal data masked)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from yingji.core import audit
from yingji.core.exports import build_workbook, export_filename, xlsx_response
from yingji.core.filtersets import year_param
from yingji.core.replica import ReplicaReadsMixin
from yingji.core.views.generic import TemplatePageView
from yingji.enforcement.models import Case, Draw
from yingji.enforcement.services import penalties, stats

HEADERS = ["分组", "项目", "检查次数", "立案数", "处罚数", "罚款（元）", "上年检查次数", "上年罚款（元）",
           "零处罚"]


class StatisticsView(ReplicaReadsMixin, TemplatePageView):
    """执法统计 of a year in the user's scope; ``?export=xlsx`` gives every grouping."""

    model = Case
    title = "执法统计"
    template_name = "enforcement/stats.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year, problem = year_param(request)
        if problem:
            messages.warning(request, problem)
        figures = stats.statistics(request.user, year)
        if request.GET.get("export") == "xlsx":
            rows = []
            for group, items in (("按月", figures.by_month), ("按区", figures.by_district),
                                 ("按行业", figures.by_industry), ("按执法小组", figures.by_team),
                                 ("合计", [figures.total])):
                rows += [[group, r.label, r.inspections, r.cases, r.penalties, r.fines,
                          r.last_inspections, r.last_fines, "是" if r.zero_penalty else ""]
                         for r in items]
            audit.record(audit.AuditAction.EXPORT, actor=self.actor, detail=f"导出{figures.year}年执法统计")
            return xlsx_response(build_workbook(HEADERS, rows, title=f"{figures.year}年执法统计"),
                                 export_filename("执法统计"))
        return self.render(self.template_name, {
            "figures": figures, "year": figures.year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            "chart_month": stats.chart(figures.by_month, "inspections", "检查次数"),
            "chart_fines": stats.chart(figures.by_month, "fines", "罚款（元）"),
            "chart_district": stats.chart(figures.by_district, "inspections", "检查次数"),
            "chart_industry": stats.chart(figures.by_industry, "cases", "立案数"),
        })


def public_draws(request: HttpRequest) -> HttpResponse:
    """双随机抽查结果公开 (no login): the published draws."""
    draws = Draw.objects.filter(published_at__isnull=False).select_related("department", "region") \
        .order_by("-drawn_at")[:100]
    return render(request, "enforcement/public_draws.html", {"draws": draws,
                                                            "title": "双随机抽查结果公开"})


def public_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """One published draw: the drawn enterprises and their inspectors, and the seed."""
    draw = get_object_or_404(Draw.objects.select_related("department", "region"), pk=pk)
    if draw.published_at is None:
        raise Http404
    picks = draw.picks.select_related("enterprise").prefetch_related("inspectors")
    return render(request, "enforcement/public_draw.html", {"draw": draw, "picks": picks,
                                                           "title": draw.title})


def public_penalties(request: HttpRequest) -> HttpResponse:
    """行政处罚决定公开 (no login), personal data masked."""
    return render(request, "enforcement/public_penalties.html", {
        "decisions": penalties.public_decisions(), "title": "行政处罚决定信息公开"})
