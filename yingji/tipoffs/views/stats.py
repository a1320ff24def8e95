"""举报统计: reports by channel, matter, district and outcome, verification time and
rewards paid, in the user's scope and period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from yingji.core.views.generic import TemplatePageView
from yingji.tipoffs.models import Tipoff
from yingji.tipoffs.services import stats


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(str(text)) if text else default
    except ValueError:
        return default


class TipoffStatsView(TemplatePageView):
    model = Tipoff
    title = "举报统计"
    template_name = "tipoffs/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        start = _day(self.request.GET.get("start"), today.replace(month=1, day=1))
        end = _day(self.request.GET.get("end"), today)
        if end < start:
            start, end = end, start
        return {"figures": stats.figures(self.request.user, start, end), "start": start, "end": end}
