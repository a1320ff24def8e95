"""Enterprise import page: template, report, idempotent re-import, malformed files."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from yingji.core.testing import client_for
from yingji.enterprises.models import Enterprise
from yingji.enterprises.tests.factories import WUCHANG_STREET, credit_code

pytestmark = pytest.mark.django_db
HEADER = ["企业名称*", "统一社会信用代码*", "行业类别*", "所属街道代码*", "详细地址*", "经度", "纬度",
          "从业人员数", "监管类别", "粉尘涉爆"]


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "企业.xlsx"
    return buffer


def _upload(client: Any, rows: list[list[Any]]) -> Any:
    return client.post("/enterprises/import/", {"file": _xlsx(rows)})


def test_template_download(ja_supervisor: Any) -> None:
    response = client_for(ja_supervisor).get("/enterprises/import/template/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A1"].value == "企业名称*" and sheet["B1"].value == "统一社会信用代码*"


def test_import_reports_rows_and_is_idempotent(ja_supervisor: Any) -> None:
    client = client_for(ja_supervisor)
    rows: list[list[Any]] = [
        ["武汉长江化工有限公司", credit_code(1), "危险化学品", "420102002000", "解放大道1号",
         114.30, 30.60, 120, "A类（重点监管）", "否"],
        ["坏代码企业", "91420102000000001X", "工贸", "420102002000", "某路", None, None, 5, None, None],
        ["越界企业", credit_code(2), "工贸", WUCHANG_STREET, "某路", None, None, 5, None, None],
        ["坐标错误企业", credit_code(3), "工贸", "420102002000", "某路", 116.4, 39.9, 5, None, "是"],
        ["负人数企业", credit_code(4), "工贸", "420102002000", "某路", None, None, -5, None, None],
    ]
    page = _upload(client, rows).content.decode()
    assert "新增 <strong class=\"text-success\">1</strong>" in page
    assert "未导入 <strong class=\"text-danger\">4</strong>" in page
    assert "<td>3</td><td>统一社会信用代码</td><td>统一社会信用代码校验位不正确" in page
    assert "<td>4</td><td>所属街道代码</td><td>所选区划或行业超出您的数据范围" in page
    assert "<td>5</td><td>经度</td>" in page and "不在所属区划内" in page
    assert "<td>6</td><td>从业人员数</td><td>不能小于0" in page
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["武汉长江化工有限公司"]
    enterprise = Enterprise.objects.get()
    assert enterprise.supervision_class is not None and enterprise.supervision_class.code == "A"
    rows[0][7] = 150
    page = _upload(client, rows[:1]).content.decode()
    assert "更新 <strong class=\"text-primary\">1</strong>" in page
    assert Enterprise.objects.get().employee_count == 150


def test_malformed_file_gets_a_chinese_error(ja_supervisor: Any) -> None:
    bad = io.BytesIO(b"this is not excel")
    bad.name = "x.xlsx"
    response = client_for(ja_supervisor).post("/enterprises/import/", {"file": bad})
    assert response.status_code == 400
    assert "不是有效的Excel" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_import_needs_add_permission(jiangan_enterprise: Any, owner: Any) -> None:
    assert client_for(owner).get("/enterprises/import/").status_code == 403
