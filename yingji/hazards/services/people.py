"""Who is told about a hazard: its responsible account, the supervising (or listing)
officer and that officer's leader."""

from __future__ import annotations

from typing import Any

from yingji.core.models import User

# Roles that make a colleague in the officer's department (or a parent department)
# the officer's leader for escalation.
LEADER_ROLES = ("commander", "duty_leader")


def leader_of(officer: User | None) -> User | None:
    """The officer's leader: the first active user holding a leader role in the
    officer's department, else in its parent departments, upwards."""
    if officer is None or officer.department_id is None:
        return None
    department: Any = officer.department
    seen: set[int] = set()
    while department is not None and department.pk not in seen:
        seen.add(department.pk)
        leader = (User.objects.filter(department=department, is_active=True,
                                      groups__name__in=LEADER_ROLES)
                  .exclude(pk=officer.pk).order_by("id").first())
        if leader is not None:
            return leader
        department = department.parent
    return None


def officer_of(hazard: Any) -> User | None:
    """The officer who follows the hazard: the listing officer for a listed major
    hazard, else the supervising officer."""
    return hazard.listed_officer or hazard.supervising_officer


def escalation_chain(hazard: Any) -> list[User]:
    """Overdue escalation: the officer first, then their leader."""
    officer = officer_of(hazard)
    chain = [u for u in (officer, leader_of(officer)) if u is not None]
    return list(dict.fromkeys(chain))


def enterprise_contact(hazard: Any) -> User | None:
    """An account of the hazard's enterprise (the first member), or None."""
    if hazard.enterprise_id is None:
        return None
    return (User.objects.filter(enterprise_memberships__enterprise_id=hazard.enterprise_id,
                                is_active=True).order_by("id").first())
