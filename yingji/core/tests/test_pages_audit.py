"""审计日志 pages: auditors only; filters, before/after comparison, audited export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yingji.core.models import AuditLog, Department, User
from yingji.core.models.audit import AuditAction
from yingji.core.services.objects import create_object, update_object
from yingji.core.testing import JIANGAN, actor_for, client_for, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_department(district_admin: User) -> Department:
    actor = actor_for(district_admin)
    dept = create_object(Department, {"name": "江岸区应急管理局", "kind": "district_bureau",
                                      "region": region(JIANGAN)}, actor=actor)
    return update_object(dept, {"phone": "027-82800000"}, actor=actor)


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    assert client.get(reverse("auditlog_list")).status_code == 302


def test_administrator_cannot_read_the_audit_log(district_admin: User) -> None:
    client = client_for(district_admin)
    assert client.get(reverse("auditlog_list")).status_code == 403
    entry = AuditLog.objects.first()
    if entry is not None:
        assert client.get(reverse("auditlog_detail", args=[entry.pk])).status_code == 403


def test_auditor_lists_and_filters_entries(auditor: User, changed_department: Department) -> None:
    client = client_for(auditor)
    html = client.get(reverse("auditlog_list")).content.decode()
    assert "审计日志" in html and "江岸管理员(jiangan_admin)" in html and "新增" in html
    only_updates = client.get(reverse("auditlog_list"), {"action": "update"}).content.decode()
    assert "修改" in only_updates
    assert only_updates.count('<span class="badge bg-blue-lt">新增</span>') == 0


def test_detail_compares_before_and_after(auditor: User, changed_department: Department) -> None:
    entry = AuditLog.objects.get(action=AuditAction.UPDATE, object_type="core.department")
    html = client_for(auditor).get(reverse("auditlog_detail", args=[entry.pk])).content.decode()
    assert "修改前后对比" in html and "值班电话" in html and "027-82800000" in html
    assert "已修改" in html and "摘要" in html


def test_export_is_itself_audited(auditor: User, changed_department: Department) -> None:
    response = client_for(auditor).get(reverse("auditlog_list"),
                                       {"action": "create", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0][:4] == ("序号", "时间", "操作人", "操作")
    assert {row[3] for row in rows[1:]} == {"新增"}
    export = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert export.actor_id == auditor.pk and "操作：新增" in export.detail
