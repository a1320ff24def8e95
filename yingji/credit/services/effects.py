"""What other modules read of an enterprise's credit (失信联合惩戒): whether it is on the
serious-dishonesty list (the badge on the enterprise file and in lists), the higher
inspection frequency of the annual enforcement plan, and the joint-punishment list for
other departments. No scope is applied: callers show within their own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from yingji.credit import rules
from yingji.credit.models import CreditSettings, DishonestyEntry

BADGE = "严重失信"


def listed_ids(enterprise_ids: Iterable[int] | None = None) -> set[int]:
    """The enterprises (of ``enterprise_ids``, or all) now on the list (one query)."""
    rows = DishonestyEntry.objects.filter(state="listed", enterprise__isnull=False)
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    return set(rows.values_list("enterprise_id", flat=True))


def is_listed(enterprise_id: int) -> bool:
    return bool(listed_ids([enterprise_id]))


def badge(enterprise_id: int, listed: set[int] | None = None) -> str:
    """The badge text of an enterprise ("" when it is not listed)."""
    found = listed if listed is not None else listed_ids([enterprise_id])
    return BADGE if enterprise_id in found else ""


def list_marks(enterprise_ids: list[int]) -> dict[int, str]:
    """The 严重失信 mark of the listed ones of ``enterprise_ids`` (the registry's list)."""
    return {pk: BADGE for pk in listed_ids(enterprise_ids)}


def planned_visits(enterprise_id: int, per_year: int, listed: set[int] | None = None) -> int:
    """The yearly visits of an enterprise in the annual enforcement plan, raised for a
    listed one (``CreditSettings``: multiplier and minimum)."""
    settings = CreditSettings.current()
    found = listed if listed is not None else listed_ids([enterprise_id])
    return rules.visits_with_uplift(per_year, enterprise_id in found,
                                    settings.inspection_multiplier, settings.inspection_minimum)


def planned_visits_many(per_year: Mapping[int, int]) -> dict[int, int]:
    """``planned_visits`` of many enterprises at once (two queries)."""
    settings = CreditSettings.current()
    found = listed_ids(per_year)
    return {pk: rules.visits_with_uplift(n, pk in found, settings.inspection_multiplier,
                                         settings.inspection_minimum) for pk, n in per_year.items()}


@dataclass(frozen=True)
class JointPunishmentRow:
    """One line of the joint-punishment list (失信联合惩戒名单) sent to other departments
    and the national credit platform."""

    subject_name: str
    credit_code: str
    subject_type: str
    ground: str
    article: str
    number: str
    department: str
    listed_on: date | None
    remove_on: date | None


def joint_punishment_rows() -> list[JointPunishmentRow]:
    """Every subject now on the list, with its decision (one query)."""
    rows = (DishonestyEntry.objects.filter(state="listed").select_related("ground", "department")
            .order_by("listed_on", "id"))
    return [JointPunishmentRow(e.subject_name, e.credit_code, e.get_subject_type_display(),
                               e.ground.title, e.ground.article, e.number, e.department.name,
                               e.listed_on, e.remove_on) for e in rows]
