"""Who is told about a hazard: its responsible account, the supervising (or listing)
officer and that officer's leader. When the record names nobody, the territory's
supervisor and leader are found from the accounts' departments and data scopes."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from yingji.core.models import User

# Roles that make a person the officer's leader for escalation, the first preferred.
LEADER_ROLES = ("commander", "duty_leader")
OFFICER_ROLE = "supervisor"


def _holding(*roles: str) -> QuerySet[User]:
    order = Case(*[When(groups__name=r, then=Value(i)) for i, r in enumerate(roles)],
                 output_field=IntegerField())
    return (User.objects.filter(is_active=True, groups__name__in=roles)
            .annotate(role_rank=order).order_by("role_rank", "id"))


def _scopes_upwards(code: str) -> list[str]:
    """The region code and its ancestors' codes (street → district → city → province)."""
    code = str(code)
    candidates = [code, code[:6] + "000000", code[:4] + "00000000", code[:2] + "0000000000"]
    return list(dict.fromkeys(c for c in candidates if len(c) == 12))


def leader_of(officer: User | None) -> User | None:
    """The officer's leader: a leader-role user in the officer's department or a parent
    department; failing that, one whose data scope is the officer's, then the next
    region up (a district without a leader escalates to the city)."""
    if officer is None:
        return None
    department: Any = officer.department
    seen: set[int] = set()
    while department is not None and department.pk not in seen:
        seen.add(department.pk)
        leader = _holding(*LEADER_ROLES).filter(department=department).exclude(
            pk=officer.pk).first()
        if leader is not None:
            return leader
        department = department.parent
    if officer.scope_region_id is None:
        return None
    for code in _scopes_upwards(str(officer.scope_region_id)):
        leader = _holding(*LEADER_ROLES).filter(scope_region_id=code).exclude(
            pk=officer.pk).first()
        if leader is not None:
            return leader
    return None


def officer_of(hazard: Any) -> User | None:
    """The officer who follows the hazard: the listing officer of a listed major hazard,
    else the supervising officer; when none is named, a supervisor of the listing or
    supervising department, else the supervisor of the narrowest scope covering it."""
    named = hazard.listed_officer or hazard.supervising_officer
    if named is not None:
        return named
    supervisors = _holding(OFFICER_ROLE)
    department_id = hazard.listed_department_id or hazard.supervising_department_id
    if department_id is not None:
        found = supervisors.filter(department_id=department_id).first()
        if found is not None:
            return found
    for code in _scopes_upwards(str(hazard.region_id)):
        found = supervisors.filter(scope_region_id=code).first()
        if found is not None:
            return found
    return None


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
