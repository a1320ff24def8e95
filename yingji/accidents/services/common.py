"""Helpers of the accidents services: firing a step of the workflow, dates as
deadlines, who escalates, the district of a place."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.urls import reverse

from yingji.accidents.workflow import ACCIDENT_FLOW
from yingji.core.actor import Actor
from yingji.core.models import Region, User

if TYPE_CHECKING:
    from yingji.accidents.models import Accident

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEADER_ROLES = ("commander", "duty_leader")


def fire_step(accident: Accident, name: str, *, actor: Actor, change: Callable[[Accident], str],
              expected_version: int) -> Accident:
    """Fire step ``name`` of the accident's workflow: ``change`` sets the step's fields on
    the locked accident (raising ValidationError to refuse, nothing changed) and returns
    the timeline's text, which the workflow writes with the step's label.

    ``expected_version``: the version of the accident the person saw (the page and the
    API send it; a service calling another passes the version of the row it holds
    locked); a stale one is refused (409) and nothing changes."""
    note: dict[str, Any] = {"step": name}

    def apply(locked: Accident, data: Mapping[str, Any]) -> None:
        note["comment"] = change(locked)

    # The workflow reads the comment after ``apply`` has run.
    return ACCIDENT_FLOW.fire(accident, name, actor=actor, data=note,
                              expected_version=expected_version, apply=apply)


def end_of(day: date) -> datetime:
    """A date limit as a moment: the end of that day in Asia/Shanghai."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def district_code(region: Region | str) -> str:
    """The 12-digit code of the district (区县) containing ``region``."""
    code = region.code if isinstance(region, Region) else str(region)
    return code[:6] + "000000"


def _covering(code: str) -> Q:
    prefixes = {"", code[:2] + "0" * 10, code[:4] + "0" * 8, code[:6] + "0" * 6}
    return Q(scope_region__isnull=True) | Q(scope_region_id__in=[p for p in prefixes if p])


def escalation_chain(region_code: str) -> list[User]:
    """Who is told when an accident's deadline passes: the district's leaders
    (指挥长、带班领导), then the city's."""
    users = (User.objects.filter(is_active=True, groups__name__in=LEADER_ROLES)
             .filter(_covering(region_code)).select_related("scope_region").distinct())
    ranked = sorted(users, key=lambda u: (-(len(u.scope_region_id.rstrip("0"))
                                             if u.scope_region_id else 0), u.pk))
    return ranked[:3]


def accident_link(accident: Any) -> str:
    return reverse("accident_detail", kwargs={"pk": accident.pk})


def district_officer(code: str) -> User | None:
    """The district's supervisor who answers for its verification tasks (the first
    监管员 whose scope is the district)."""
    return (User.objects.filter(is_active=True, groups__name="supervisor",
                                scope_region_id=code[:6] + "000000").order_by("pk").first())
