"""Legacy ledger import: states from the ledger, bad rows refused whole with reasons,
no double import, the template page."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from yingji.core.imports import run_import, template_workbook
from yingji.core.models import Deadline
from yingji.core.testing import JIANGAN_STREET, actor_for, client_for
from yingji.hazards.models import Hazard
from yingji.hazards.services.ledger import ledger_import_spec

pytestmark = pytest.mark.django_db


def _ledger(rows: list[list[object]]) -> bytes:
    book = load_workbook(io.BytesIO(template_workbook(ledger_import_spec())))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ledger_rows_become_hazards_in_their_states(enterprise, officer) -> None:
    today = date.today()
    content = _ledger([
        ["JA-2025-001", enterprise.credit_code, None, None, "配电室无挡鼠板", "门口无挡鼠板",
         "部门检查", "一般隐患", "用电安全", "配电室", today - timedelta(days=40), "王监管",
         "陈安全", today - timedelta(days=30), "加装挡鼠板", today - timedelta(days=31),
         today - timedelta(days=29)],
        ["JA-2025-002", enterprise.credit_code, None, None, "消防通道堆物", "2号车间通道堆放货物",
         "企业自查", "一般隐患", "消防安全", None, today - timedelta(days=3), None, "陈安全",
         today + timedelta(days=7), "清理通道", None, None],
        ["JA-2025-003", None, "解放公园东门广场", JIANGAN_STREET, "广场灯杆漏电", "灯杆检修门缺失",
         "群众举报", "一般隐患", "用电安全", None, today - timedelta(days=1), None, None, None,
         None, None, None],
        ["JA-2025-004", "91420102MA4KXXXX0X", None, None, "x", "x", "部门检查", "一般隐患",
         "用电安全", None, today, None, None, None, None, None, None],
        ["JA-2025-005", enterprise.credit_code, None, None, "x", "x", "部门检查", "特别隐患",
         "用电安全", None, today, None, None, None, None, None, None],
    ])
    result = run_import(ledger_import_spec(), content, actor=actor_for(officer))
    assert (result.created, result.failed) == (3, 2)
    reasons = " ".join(e.reason for e in result.errors)
    assert "未找到统一社会信用代码" in reasons and "特别隐患" in reasons
    closed = Hazard.objects.get(number="JA-2025-001")
    assert closed.state == "closed" and closed.closed_on_time is True
    open_ = Hazard.objects.get(number="JA-2025-002")
    assert open_.state == "rectifying" and open_.source == "self_check"
    assert Deadline.objects.filter(object_id=str(open_.pk), closed_at__isnull=True).exists()
    public = Hazard.objects.get(number="JA-2025-003")
    assert public.state == "registered" and public.place == "解放公园东门广场"
    again = run_import(ledger_import_spec(), content, actor=actor_for(officer))
    assert again.created == 0 and "已导入过" in again.errors[0].reason


def test_out_of_scope_rows_are_refused(wuchang_enterprise, officer) -> None:
    content = _ledger([[None, wuchang_enterprise.credit_code, None, None, "x", "x", "部门检查",
                        "一般隐患", "用电安全", None, date.today(), None, None, None, None, None,
                        None]])
    result = run_import(ledger_import_spec(), content, actor=actor_for(officer))
    assert result.created == 0 and "超出您的数据范围" in result.errors[0].reason


def test_import_page_and_template(officer) -> None:
    client = client_for(officer)
    assert client.get("/hazards/import/").status_code == 200
    template = client.get("/hazards/import/template/")
    headers = [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    assert headers[:5] == ["隐患编号", "统一社会信用代码", "公共场所名称", "区划代码", "隐患名称*"]
