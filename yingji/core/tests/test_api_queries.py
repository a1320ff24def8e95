"""List endpoints run a fixed number of queries whatever the page holds (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingji.core.models import AuditLog, Department, User
from yingji.core.services.notifications import notify
from yingji.core.services.objects import create_object
from yingji.core.testing import (
    JIANGAN,
    JIANGAN_STREET,
    client_for,
    make_department,
    make_user,
    region,
)
from yingji.core.testing import system as system_actor

pytestmark = pytest.mark.django_db


def queries_for(user: User, url: str) -> int:
    client = client_for(user)
    client.get(url)  # warm the session and permission caches alike for both runs
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def same_queries_for_more_rows(user: User, url: str, add_rows: Callable[[int], None]) -> None:
    add_rows(3)
    few = queries_for(user, url)
    add_rows(20)
    many = queries_for(user, url)
    assert many == few, f"{url}: {few} queries for 3 rows, {many} for 23"


def test_department_list(district_admin: User) -> None:
    parent = make_department("江岸区应急管理局", region_code=JIANGAN)
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            make_department(f"科室{next(counter)}", region_code=JIANGAN_STREET, parent=parent)

    same_queries_for_more_rows(district_admin, "/api/v1/departments/?page_size=100", add)


def test_user_list(district_admin: User) -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN)
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            make_user(f"u{next(counter)}", roles=["duty_officer", "supervisor"], department=dept)

    same_queries_for_more_rows(district_admin, "/api/v1/users/?page_size=100", add)


def test_notification_list(duty_officer: User) -> None:
    def add(n: int) -> None:
        for i in range(n):
            notify([duty_officer], title=f"消息{i}", actor=system_actor())

    same_queries_for_more_rows(duty_officer, "/api/v1/notifications/?page_size=100", add)


def test_audit_log_list(auditor: User) -> None:
    def add(n: int) -> None:
        for i in range(n):
            create_object(Department, {"name": f"审计科室{i}-{n}", "kind": "office",
                                       "region": region(JIANGAN)}, actor=system_actor())

    same_queries_for_more_rows(auditor, "/api/v1/audit-logs/?page_size=100", add)
    assert AuditLog.objects.filter(object_type="core.department").count() == 23
