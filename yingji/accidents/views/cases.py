"""典型案例: the 警示教育 list of a period and the 典型案例汇编 (Word)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from yingji.accidents.models import Accident
from yingji.accidents.services import documents
from yingji.core.documents import docx_response
from yingji.core.views.generic import TemplatePageView


def period(request: HttpRequest) -> tuple[date, date, str]:
    """The months asked for (``start``/``end`` as YYYY-MM), default the last three years."""
    today = timezone.localdate()
    default = (date(today.year - 2, 1, 1), today)

    def month(name: str, fallback: date) -> date | None:
        raw = request.GET.get(name, "")
        if not raw:
            return fallback
        try:
            year, mon = (int(p) for p in raw.split("-")[:2])
            return date(year, mon, 1) if 2000 <= year <= 2100 and 1 <= mon <= 12 else None
        except ValueError:
            return None

    start, end = month("start", default[0]), month("end", default[1])
    if start is None or end is None or start > end:
        return default[0], default[1], "起止月份无效，已显示近三年"
    return start, end, ""


class TypicalCasesView(TemplatePageView):
    """警示教育清单: the typical cases of the period with their lessons."""

    model = Accident
    title = "典型案例与警示教育"
    template_name = "accidents/typical.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        start, end, error = period(self.request)
        cases = documents.typical_cases(Accident.objects.restrict(self.request.user, "view"), start, end)
        return {"cases": list(cases), "start": start, "end": end, "error": error}


class CasebookView(TemplatePageView):
    """典型案例汇编 (Word) of the period in the user's scope."""

    model = Accident
    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        start, end, _ = period(request)
        unit = getattr(getattr(request.user, "department", None), "name", "") or "应急管理局"
        content = documents.export_casebook(Accident.objects.restrict(request.user, "view"), start,
                                            end, unit, actor=self.actor)
        return docx_response(content, f"生产安全事故典型案例汇编-{start:%Y%m}-{end:%Y%m}.docx")
