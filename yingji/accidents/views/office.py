"""安委办督办: what the office of the safety committee follows in its scope — the listed
accidents (挂牌督办) with their deadlines, the cases replied and waiting for 结案, and the
整改评估 (回头看) owed after 结案."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.accidents.filtersets import due_condition
from yingji.accidents.models import Accident, Stage
from yingji.core.views.generic import TemplatePageView


class SafetyOfficeView(TemplatePageView):
    """The 安委办's page (and the leaders'): three lists of the scope's accidents."""

    model = Accident
    permission = "accidents.close_accident"
    title = "安委办督办"
    template_name = "accidents/office.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        rows = (Accident.objects.restrict(self.request.user, "view").filter(is_production=True)
                .select_related("region"))
        return {
            "today": today, "soon": today + timedelta(days=30),
            # The workbench's 挂牌督办 to-do: the same rows as its count.
            "listed": list(rows.filter(due_condition("supervising", today))
                           .order_by("supervision_due", "id")),
            "to_close": list(rows.filter(state=Stage.REPLIED).order_by("replied_on", "id")),
            "to_review": list(rows.filter(state=Stage.CLOSED, review_due__isnull=False)
                              .order_by("review_due", "id")),
        }
