"""Read functions other modules use to offer enforcement's people and standards on their
own forms (the accidents module's 移交执法立案), so that they never reach into
enforcement's models: the officers who may handle a case today, and the discretion
standards. Reads only, every query restricted to the user's scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingji.enforcement.models import DiscretionStandard, Inspector


def case_officers(user: Any, *, region_code: str = "", on: date | None = None) -> QuerySet[Inspector]:
    """The inspectors ``user`` may see who may handle (承办) a case on ``on`` (today by
    default): in post, holding a 执法证 valid that day (an expired one may not handle a
    case, 行政处罚法 第四十二条), not on leave. With ``region_code``, only those whose
    enforcement area covers that place or lies inside its district (the city's and the
    district's own officers, not another district's)."""
    day = on or timezone.localdate()
    rows = Inspector.objects.restrict(user, "view").filter(
        is_active=True, certificate_expires_on__gte=day).exclude(
        on_leave_from__lte=day, on_leave_until__gte=day)
    if region_code:
        code = region_code.ljust(12, "0")
        above = {code[:2] + "0" * 10, code[:4] + "0" * 8, code[:6] + "0" * 6}
        rows = rows.filter(Q(region_id__in=above) | Q(region__code__startswith=code[:6]))
    return rows.select_related("region").order_by("name", "pk")


def standards(user: Any, codes: Iterable[str] = ()) -> QuerySet[DiscretionStandard]:
    """The discretion standards ``user`` may read (installation-wide reference data),
    limited to ``codes`` when given, in code order."""
    rows = DiscretionStandard.objects.restrict(user, "view")
    wanted = list(codes)
    if wanted:
        rows = rows.filter(code__in=wanted)
    return rows.order_by("code")


def standard_by_code(code: str) -> DiscretionStandard | None:
    """One standard by its code (``CL114``), or None when the catalogue lacks it."""
    return DiscretionStandard.objects.filter(code=code).first()
