"""The generic Excel import: template, per-row validation, savepoints, report."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from yingji.core.actor import Actor
from yingji.core.imports import (
    ImportColumn,
    ImportFileError,
    ImportSpec,
    parse_cell,
    report_workbook,
    run_import,
    template_workbook,
)
from yingji.core.models import AuditLog, Department, DepartmentKind, Region
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, system

pytestmark = pytest.mark.django_db


def _save(values: dict[str, Any], actor: Actor) -> bool:
    region = Region.objects.filter(code=values["region"]).first()
    if region is None:
        raise ValidationError({"region": "行政区划不存在"})
    existing = Department.objects.filter(region=region, name=values["name"]).first()
    if existing is not None:
        return False
    create_object(Department, {"name": values["name"], "kind": values["kind"], "region": region,
                               "sort_order": values["sort_order"] or 0,
                               "phone": values["phone"]}, actor=actor)
    if values["name"].endswith("坏"):  # a service failing after a partial write
        raise ValidationError({"name": "名称不能以“坏”结尾"})
    return True


SPEC = ImportSpec(
    title="组织机构", object_type="core.department", save_row=_save,
    columns=(
        ImportColumn("name", "名称", required=True, max_length=100),
        ImportColumn("kind", "类型", kind="choice", required=True,
                     choices=tuple(DepartmentKind.choices)),
        ImportColumn("region", "区划代码", required=True),
        ImportColumn("sort_order", "排序", kind="int", minimum=0),
        ImportColumn("phone", "值班电话"),
        ImportColumn("founded", "成立日期", kind="date"),
    ),
)


def _xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or ["名称*", "类型*", "区划代码*", "排序", "值班电话", "成立日期"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_has_marked_headers_choices_and_notes() -> None:
    workbook = load_workbook(io.BytesIO(template_workbook(SPEC)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["名称*", "类型*", "区划代码*", "排序", "值班电话", "成立日期"]
    assert sheet.data_validations.dataValidation[0].formula1.startswith('"应急管理局,')
    assert workbook["填写说明"]["A2"].value == "名称"


def test_good_rows_import_and_bad_rows_are_reported_whole() -> None:
    content = _xlsx([
        ["江岸区应急指挥中心", "内设科室", JIANGAN, 1, "027-82000001", "2020-05-01"],
        ["", "内设科室", JIANGAN, "x", None, None],              # two bad cells
        ["某科室", "不存在的类型", JIANGAN, None, None, "2020/13/01"],
        ["江岸区安全科", "office", "999999999999", 2, None, None],  # the service refuses
        ["江岸区测试坏", "内设科室", JIANGAN, 3, None, None],       # fails after a write
        [None, None, None, None, None, None],                     # empty row: skipped
        ["江岸区救援科", "内设科室", JIANGAN, 4.0, 13912345678, date(2021, 1, 2)],
    ])
    result = run_import(SPEC, content, actor=system())
    assert (result.total, result.created, result.updated, result.failed) == (6, 2, 0, 4)
    reasons = {(e.row, e.column, e.reason) for e in result.errors}
    assert (3, "名称", "必填项为空") in reasons
    assert (3, "排序", "应为数字，收到“x”") in reasons
    assert any(r[0] == 4 and r[1] == "类型" and "不是可选值" in r[2] for r in reasons)
    assert any(r[0] == 4 and r[1] == "成立日期" and "日期格式不正确" in r[2] for r in reasons)
    assert (5, "区划代码", "行政区划不存在") in reasons
    assert (6, "名称", "名称不能以“坏”结尾") in reasons
    names = set(Department.objects.values_list("name", flat=True))
    assert names == {"江岸区应急指挥中心", "江岸区救援科"}  # the 坏 row rolled back whole
    assert Department.objects.get(name="江岸区救援科").phone == "13912345678"
    assert AuditLog.objects.filter(detail__contains="新增2，更新0，未导入4行").exists()
    report = load_workbook(io.BytesIO(report_workbook(result))).active
    assert report is not None and report.max_row == len(result.errors) + 1


def test_reimport_is_idempotent() -> None:
    content = _xlsx([["江岸区应急指挥中心", "内设科室", JIANGAN, 1, None, None]])
    assert run_import(SPEC, content, actor=system()).created == 1
    again = run_import(SPEC, content, actor=system())
    assert (again.created, again.updated) == (0, 1)
    assert Department.objects.count() == 1


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"),
    (b"not a zip file at all", "不是有效的Excel"),
    (b"PK\x03\x04broken", "不是有效的Excel"),
])
def test_malformed_files_are_refused_in_chinese(content: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        run_import(SPEC, content, actor=system())
    assert not Department.objects.exists()


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(ImportFileError, match="缺少必填列：类型、区划代码"):
        run_import(SPEC, _xlsx([["x"]], header=["名称"]), actor=system())


@pytest.mark.parametrize(("kind", "raw", "value"), [
    ("bool", "是", True), ("bool", "否", False), ("date", "2024年5月1日", date(2024, 5, 1)),
    ("int", "1,200", 1200), ("text", 18.0, "18"),
])
def test_parse_cell(kind: str, raw: Any, value: Any) -> None:
    assert parse_cell(ImportColumn("x", "x", kind=kind), raw) == value
