"""Statistics of incidents (by type, grade, region and month), reporting timeliness and
the arrival rate over a period; grouped in the database, bounded queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from yingji.core.models import Region
from yingji.incidents import rules
from yingji.incidents.drill_mode import exclude_drills
from yingji.incidents.models import DispatchOrder, Incident, InfoReport, ReportStatus
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.services.dispatch import ArrivalRate, arrival_rate_of


@dataclass
class Period:
    start: date
    end: date  # inclusive

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tz))


def incidents_in(user: Any, period: Period) -> QuerySet[Incident]:
    start, end = period.bounds()
    return exclude_drills(Incident.objects.restrict(user, "view").filter(received_at__gte=start,
                                                                         received_at__lt=end))


def summary(user: Any, period: Period) -> dict[str, Any]:
    incidents = incidents_in(user, period)
    by_category = dict(incidents.values_list("category").annotate(n=Count("pk")).order_by())
    by_grade = dict(incidents.values_list("grade").annotate(n=Count("pk")).order_by())
    by_district = dict(incidents.annotate(d=Substr("region_id", 1, 6)).values_list("d")
                       .annotate(n=Count("pk")).order_by())
    names = dict(Region.objects.filter(code__in=[f"{d}000000" for d in by_district])
                 .values_list("code", "name"))
    by_month = list(incidents.annotate(m=TruncMonth("received_at")).values_list("m")
                    .annotate(n=Count("pk")).order_by("m"))
    reports = InfoReport.objects.restrict(user, "view").filter(
        incident__in=incidents, status=ReportStatus.SUBMITTED).exclude(due_at=None)
    submitted = reports.count()
    late = reports.filter(late=True).count()
    start, end = period.bounds()
    overdue = InfoReport.objects.restrict(user, "view").filter(
        incident__in=incidents, status__in=OUTSTANDING, due_at__lt=timezone.now()).count()
    orders = exclude_drills(DispatchOrder.objects.restrict(user, "view").filter(
        issued_at__gte=start, issued_at__lt=end), "incident_id")
    arrival: ArrivalRate = arrival_rate_of(orders)
    return {
        "total": incidents.count(),
        "by_category": [{"name": rules.CATEGORY_LABELS.get(k, k), "value": v}
                        for k, v in by_category.items()],
        "by_grade": [{"name": rules.grade_label(k or None), "value": v} for k, v in
                     sorted(by_grade.items(), key=lambda kv: rules.GRADE_RANK.get(kv[0], 9))],
        "by_district": [{"name": names.get(f"{d}000000", d), "value": v}
                        for d, v in sorted(by_district.items(), key=lambda kv: -kv[1])],
        "by_month": [{"name": f"{timezone.localtime(m):%Y-%m}" if m else "", "value": n}
                     for m, n in by_month],
        "reports_submitted": submitted, "reports_late": late, "reports_overdue": overdue,
        "on_time_rate": None if not submitted else (submitted - late) / submitted,
        "arrival": arrival,
    }
