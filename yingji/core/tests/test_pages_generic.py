"""The generic page machinery on its own: columns, service errors on forms, Excel."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from yingji.core.exports import build_workbook, excel_value
from yingji.core.forms import DepartmentForm, apply_errors
from yingji.core.models import Department, User
from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import JIANGAN, make_department
from yingji.core.views.generic import Column, display, resolve

pytestmark = pytest.mark.django_db


def test_columns_follow_paths_and_show_choice_labels() -> None:
    dept = make_department("江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
    assert Column("kind", "类型").text(dept) == "区县应急管理局"
    assert Column("region", "所属区划", accessor="region.name").text(dept) == "江岸区"
    assert Column("parent", "上级", accessor="parent.name").text(dept) == ""
    assert Column("x", "名称长度", accessor=lambda d: len(d.name)).value(dept) == 8
    assert resolve(dept, "region__level") == "区县级"


def test_sortable_column_orders_by_its_path() -> None:
    assert Column("region", "区划", accessor="region.name", sortable=True).order_key == "region__name"
    assert Column("name", "名称", sortable=True).order_key == "name"
    assert Column("name", "名称").order_key is None


def test_display_reads_in_chinese() -> None:
    assert display(True) == "是" and display(None) == ""
    assert display(datetime(2026, 1, 1, 0, 30, tzinfo=UTC)) == "2026-01-01 08:30"
    assert display(["a", "b"]) == "a、b"


def test_scope_violation_from_the_service_lands_on_the_field(district_admin: User) -> None:
    form = DepartmentForm(data={}, user=district_admin)
    form.is_valid()
    apply_errors(form, ScopeViolation({"region": "所选区划或行业超出您的数据范围"}))
    assert "所选区划或行业超出您的数据范围" in form.errors["region"]


def test_errors_for_fields_not_on_the_form_go_on_top(district_admin: User) -> None:
    form = DepartmentForm(data={}, user=district_admin, instance=Department())
    form.is_valid()
    apply_errors(form, ValidationError({"created_at": "时间无效", "__all__": "整体错误"}))
    assert "创建时间：时间无效" in form.non_field_errors()
    assert "整体错误" in form.non_field_errors()


def test_workbook_has_a_header_and_typed_cells() -> None:
    content = build_workbook(["名称", "时间", "数量", "启用"], [
        ["=1+1", datetime(2026, 1, 1, 0, 0, tzinfo=UTC), 3, True],
        ["控制\x07字符", None, 0, False],
    ], title="组织机构/导出")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.title == "组织机构导出"
    assert [c.value for c in sheet[1]] == ["名称", "时间", "数量", "启用"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime(2026, 1, 1, 8, 0)  # local time, no tzinfo
    assert sheet["C2"].value == 3 and sheet["D2"].value == "是"
    assert sheet["A3"].value == "控制字符"


def test_excel_value_joins_lists() -> None:
    assert excel_value(["危险化学品", "工贸"]) == "危险化学品、工贸"
