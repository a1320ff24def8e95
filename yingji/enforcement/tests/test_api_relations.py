"""The API's writable relations are limited to the caller's scope: a 江岸区 inspector
cannot attach 武昌区's inspectors, inspection, plan, team or department to a case, an
inspection or a plan (400 on the field, nothing written)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yingji.core.testing import JIANGAN, WUCHANG, client_for, make_user, region, system
from yingji.enforcement.models import AnnualPlan, Case, Inspection
from yingji.enforcement.services import inspections, people, plans
from yingji.enforcement.tests.conftest import Bureau, make_bureau, standard

pytestmark = pytest.mark.django_db

WUCHANG_STREET = "420106001000"  # the first street of 武昌区 in the test regions


@pytest.fixture
def two() -> tuple[Bureau, Bureau]:
    return make_bureau("j"), make_bureau("w", code=WUCHANG, street=WUCHANG_STREET, n=952)


def _post(b: Bureau, url: str, body: dict[str, Any], user: Any = None) -> Any:
    return client_for(user or b.inspector_user).post(url, body, content_type="application/json")


def _case_body(j: Bureau, **extra: Any) -> dict[str, Any]:
    return {"enterprise": j.enterprise.pk, "standard": standard().pk, "title": "未采取措施消除事故隐患",
            "facts": "报警器失效", "unit_fine": "10000", "officers": [o.pk for o in j.officers], **extra}


def test_a_case_takes_only_officers_inspection_and_department_in_scope(two: tuple[Bureau, Bureau]) -> None:
    j, w = two
    theirs = inspections.record_inspection({"enterprise": w.enterprise, "source": "plan"}, actor=system(),
                                           inspectors=w.officers)
    url = "/api/v1/enforcement/cases/"
    for field, value in (("officers", [o.pk for o in w.officers]), ("inspection", theirs.pk),
                         ("department", w.department.pk)):
        answer = _post(j, url, _case_body(j, **{field: value}))
        assert answer.status_code == 400, (field, answer.content)
        assert field in answer.json()["error"]["fields"], field
    assert not Case.objects.exists()
    assert _post(j, url, _case_body(j)).status_code == 201


def test_an_inspection_takes_only_plan_team_and_inspectors_in_scope(two: tuple[Bureau, Bureau]) -> None:
    j, w = two
    leader = make_user("w_planner", roles=["duty_leader"], scope=WUCHANG, department=w.department)
    plan = plans.create_plan({"year": timezone.localdate().year, "title": "武昌区年度计划",
                              "department": w.department, "region": region(WUCHANG)},
                             actor=system(), fill=False)
    team = people.create_team({"name": "武昌一组", "department": w.department, "region": region(WUCHANG),
                               "members": w.officers, "leader": w.officers[0]}, actor=system())
    assert leader.pk  # a 武昌区 account exists: the rows are real, only out of the caller's scope
    url = "/api/v1/enforcement/inspections/"
    body = {"enterprise": j.enterprise.pk, "source": "plan", "method": "covert",
            "inspected_on": timezone.localdate().isoformat(),
            "inspectors": [o.pk for o in j.officers]}
    for field, value in (("plan", plan.pk), ("team", team.pk),
                         ("inspectors", [o.pk for o in w.officers]), ("department", w.department.pk)):
        answer = _post(j, url, {**body, field: value})
        assert answer.status_code == 400, (field, answer.content)
        assert field in answer.json()["error"]["fields"], field
    assert not Inspection.objects.exists()
    answer = _post(j, url, body)
    assert answer.status_code == 201, answer.content.decode()


def test_a_plan_takes_only_a_department_in_scope(two: tuple[Bureau, Bureau]) -> None:
    j, w = two
    url = "/api/v1/enforcement/plans/"
    body = {"year": timezone.localdate().year, "title": "江岸区年度计划", "region": JIANGAN}
    answer = _post(j, url, {**body, "department": w.department.pk}, user=j.leader)
    assert answer.status_code == 400 and "department" in answer.json()["error"]["fields"]
    assert not AnnualPlan.objects.exists()
    assert _post(j, url, {**body, "department": j.department.pk}, user=j.leader).status_code == 201
