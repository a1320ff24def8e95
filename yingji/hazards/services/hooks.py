"""Entry points other modules call (monitoring, enforcement, training): register a hazard
from an alarm, an inspection or a missing certificate, and count open overdue hazards per
enterprise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.hazards.models import Hazard, HazardCategory, HazardGrade, HazardSource
from yingji.hazards.models.hazards import OPEN_STATES
from yingji.hazards.services.hazards import create_hazard
from yingji.hazards.workflow import is_enterprise_actor


def report_hazard_from_alarm(*, actor: Actor, enterprise: Any, title: str, description: str,
                             data: dict[str, Any], latitude: float | None = None,
                             longitude: float | None = None) -> Hazard:
    """Register (登记) a general hazard with source 监测报警 at ``enterprise``, keeping
    the alarm's ``data`` on the hazard; the location defaults to the enterprise's.
    Raises PermissionDenied / ValidationError like ``create_hazard``."""
    return create_hazard({
        "enterprise": enterprise, "title": title[:200], "description": description or title,
        "source": HazardSource.MONITORING, "grade": HazardGrade.GENERAL,
        "category": HazardCategory.SITE_EQUIPMENT, "data": dict(data),
        "latitude": latitude, "longitude": longitude,
    }, actor=actor)


def overdue_queryset() -> Any:
    """Hazards whose rectification deadline has passed while still open (待整改/整改中)."""
    return Hazard.objects.filter(state__in=OPEN_STATES, deadline__lt=timezone.now())


def overdue_counts(enterprise_ids: Iterable[int]) -> dict[int, int]:
    """Open overdue hazards per enterprise: every requested id is a key (0 when none).
    One query; no scope is applied (the caller shows it within its own scope)."""
    ids = sorted({int(i) for i in enterprise_ids})
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = (overdue_queryset().filter(enterprise_id__in=ids).values("enterprise_id")
            .annotate(n=Count("id")).values_list("enterprise_id", "n"))
    counts.update({int(e): int(n) for e, n in rows})
    return counts


def report_hazard_from_inspection(*, actor: Actor, enterprise: Any, title: str,
                                  description: str, inspection: dict[str, Any],
                                  found_at: Any = None) -> Hazard:
    """Register (登记) a general hazard with source 执法检查 found in an enforcement
    inspection; ``inspection`` (its id, number and inspection day) is kept in the
    hazard's ``data`` under ``inspection`` so the hazard shows where it was found.
    Raises PermissionDenied / ValidationError like ``create_hazard``."""
    values: dict[str, Any] = {
        "enterprise": enterprise, "title": title[:200], "description": description or title,
        "source": HazardSource.ENFORCEMENT, "grade": HazardGrade.GENERAL,
        "category": HazardCategory.SITE_OTHER, "data": {"inspection": dict(inspection)},
    }
    if found_at is not None:
        values["found_at"] = found_at
    return create_hazard(values, actor=actor)


def report_hazard_uncertified(*, actor: Actor, enterprise: Any, title: str, description: str,
                              data: dict[str, Any]) -> Hazard:
    """Register (登记) a general hazard of category 教育培训 for a person working without a
    valid certificate (特种作业人员未持证上岗 …), found by the enterprise itself (企业自查)
    or by the department (部门检查, also for the system's expiry check); ``data`` says
    which person and certificate (kept on the hazard). Raises PermissionDenied /
    ValidationError like ``create_hazard``."""
    source = HazardSource.SELF_CHECK if is_enterprise_actor(actor) else HazardSource.DEPARTMENT
    return create_hazard({
        "enterprise": enterprise, "title": title[:200], "description": description or title,
        "source": source, "grade": HazardGrade.GENERAL, "category": HazardCategory.BASIC_TRAINING,
        "data": {"training": dict(data)},
    }, actor=actor)


def report_hazard_from_tipoff(*, actor: Actor, enterprise: Any, title: str, description: str,
                              tipoff: dict[str, Any], major: bool = False,
                              latitude: float | None = None,
                              longitude: float | None = None) -> Hazard:
    """Register (登记) the hazard a verified public report (举报) found, with source
    群众举报; ``tipoff`` (its id and receipt number, never the reporter) is kept in the
    hazard's ``data`` under ``tipoff``. ``major`` registers a 重大事故隐患. Raises
    PermissionDenied / ValidationError like ``create_hazard``."""
    return create_hazard({
        "enterprise": enterprise, "title": title[:200], "description": description or title,
        "source": HazardSource.PUBLIC_REPORT,
        "grade": HazardGrade.MAJOR if major else HazardGrade.GENERAL,
        "category": HazardCategory.SITE_OTHER, "data": {"tipoff": dict(tipoff)},
        "latitude": latitude, "longitude": longitude,
    }, actor=actor)
