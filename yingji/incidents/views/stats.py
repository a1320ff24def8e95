"""统计分析: incidents by type, grade, district and month; reporting timeliness; the
city's arrival-within-one-hour rate over the period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from yingji.core.replica import ReplicaReadsMixin
from yingji.core.views.generic import TemplatePageView
from yingji.incidents.models import Incident
from yingji.incidents.services import stats


class StatsView(ReplicaReadsMixin, TemplatePageView):
    model = Incident
    title = "接报与调度统计"
    template_name = "incidents/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        error = ""
        try:
            start = date.fromisoformat(self.request.GET.get("start") or "")
        except ValueError:
            start = today - timedelta(days=89)
            if self.request.GET.get("start"):
                error = "起始日期格式不正确，已按近90天统计"
        try:
            end = date.fromisoformat(self.request.GET.get("end") or "")
        except ValueError:
            end = today
        if end < start:
            error = "结束日期早于起始日期，已交换"
            start, end = end, start
        data = stats.summary(self.request.user, stats.Period(start, end))
        charts = {key: {"title": label, "items": data[key]} for key, label in (
            ("by_category", "按类别"), ("by_grade", "按等级"), ("by_district", "按区县"),
            ("by_month", "按月份"))}
        rate = data["on_time_rate"]
        return {"data": data, "charts": charts,
                "on_time_percent": None if rate is None else round(rate * 100, 1),
                "start": start, "end": end, "error": error}
