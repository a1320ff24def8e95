"""Data scope: region subtree and industry limits, applied by ``restrict``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yingji.core.models import Department, User
from yingji.core.scope import scope_of
from yingji.core.services.objects import ScopeViolation, create_object, update_object
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    WUCHANG,
    actor_for,
    make_department,
    make_user,
    region,
)

pytestmark = pytest.mark.django_db


def test_district_user_sees_only_own_district_departments(district_admin: User) -> None:
    mine = make_department("江岸区应急管理局", region_code=JIANGAN)
    street = make_department("大智街道办事处", region_code=JIANGAN_STREET)
    make_department("武昌区应急管理局", region_code=WUCHANG)
    visible = set(Department.objects.restrict(district_admin, "view"))
    assert visible == {mine, street}


def test_city_user_sees_every_district(city_admin: User) -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    make_department("武昌区应急管理局", region_code=WUCHANG)
    assert Department.objects.restrict(city_admin, "view").count() == 2


def test_user_without_permission_sees_nothing() -> None:
    make_department("江岸区应急管理局", region_code=JIANGAN)
    public = make_user("resident", roles=["public"], scope=JIANGAN)
    assert Department.objects.restrict(public, "view").count() == 0


def test_scope_is_a_range_on_the_region_column(district_admin: User) -> None:
    sql = str(Department.objects.restrict(district_admin, "view").query)
    assert '"region_id" >= 420102' in sql and '"region_id" < 420103' in sql


def test_industry_limit_narrows_scope() -> None:
    user = make_user("chem_supervisor", roles=["supervisor"], scope=JIANGAN,
                     industries=["hazchem"])
    scope = scope_of(user)
    assert (scope.region_prefix, scope.industries) == ("420102", frozenset({"hazchem"}))
    assert scope.user_id == user.pk and scope.roles == frozenset({"supervisor"})
    assert scope.covers_industry("hazchem") and not scope.covers_industry("fireworks")


def test_cannot_create_outside_scope(district_admin: User) -> None:
    with pytest.raises(ScopeViolation) as excinfo:
        create_object(Department, {"name": "武昌某科室", "kind": "office",
                                   "region": region(WUCHANG)}, actor=actor_for(district_admin))
    assert "超出您的数据范围" in str(excinfo.value)
    assert not Department.objects.filter(name="武昌某科室").exists()


def test_cannot_move_object_out_of_scope_by_editing(district_admin: User) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    with pytest.raises(ValidationError):
        update_object(dept, {"region": region(WUCHANG)}, actor=actor_for(district_admin))
    dept.refresh_from_db()
    assert dept.region_id == JIANGAN


def test_auditors_see_installation_wide_entries_but_not_other_districts() -> None:
    from yingji.core import audit
    from yingji.core.models import AuditLog
    from yingji.core.testing import system

    district_auditor = make_user("ja_auditor", roles=["auditor"], scope=JIANGAN)
    national_auditor = make_user("cn_auditor", roles=["auditor"], scope=None)
    audit.record(audit.AuditAction.LOGIN_FAILED, actor=system(), detail="unknown account")
    audit.record(audit.AuditAction.SECURITY, actor=system(), region_code=WUCHANG, detail="wuchang")
    audit.record(audit.AuditAction.SECURITY, actor=system(), region_code=JIANGAN, detail="jiangan")
    seen = set(AuditLog.objects.restrict(district_auditor).values_list("detail", flat=True))
    assert {"unknown account", "jiangan"} <= seen and "wuchang" not in seen
    everything = set(AuditLog.objects.restrict(national_auditor).values_list("detail", flat=True))
    assert {"unknown account", "jiangan", "wuchang"} <= everything
