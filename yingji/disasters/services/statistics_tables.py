"""The statistics tables of 自然灾害情况统计调查制度 in their printed layout (Excel): the
quick report 表1 and its schedules for 受灾人口, 农作物, 房屋 and 直接经济损失.

Each sheet carries what a paper form carries: the title, the table number with the
issuing and approving bodies (top right), the 填报单位 and the reporting time, the two-row
headings merged over their columns with the units, one row per region of the roll-up
(合计 first, districts, then their streets), and the signature line (单位负责人, 审核人,
填报人, 报出日期). The figures are the roll-up's own (``outputs.RollupRow``), so the
合计 row is the kept total of the viewer's top region.

The layout is a reading: the official 表式 pages (table numbers and 批准文号) were not
found in the sources this project can consult, so the table numbers follow the
system's own order (表1 and 表1-1 … 表1-4) and the 批准文号 is a setting (灾情报送设置);
see docs/disasters.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yingji.disasters import rules
from yingji.disasters.models import DisasterEvent, DisasterSettings, Stage

ISSUER = "应急管理部"
APPROVER = "国家统计局"


@dataclass(frozen=True)
class Group:
    """A heading over one or more columns (merged when it spans more than one)."""

    title: str
    columns: tuple[tuple[str, str], ...]  # (field or "=loss", sub-heading with unit)


@dataclass(frozen=True)
class TableSpec:
    number: str
    title: str
    groups: tuple[Group, ...]


def _one(name: str) -> Group:
    label, unit = rules.LABELS[name], rules.UNITS[name]
    return Group(f"{label}（{unit}）", ((name, ""),))


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "表1",
        "自然灾害情况统计快报表",
        (
            Group("受灾人口（人）", (("affected", ""),)),
            Group("因灾死亡失踪人口（人）", (("deaths", "死亡"), ("missing", "失踪"))),
            _one("relocated"),
            _one("needing_aid"),
            Group("农作物（公顷）", (("crop_affected", "受灾面积"), ("crop_lost", "其中：绝收面积"))),
            Group(
                "倒塌和损坏房屋",
                (
                    ("collapsed_households", "倒塌（户）"),
                    ("collapsed_rooms", "倒塌（间）"),
                    ("severe_rooms", "严重损坏（间）"),
                    ("general_rooms", "一般损坏（间）"),
                ),
            ),
            Group("直接经济损失（万元）", (("=loss", ""),)),
        ),
    ),
    TableSpec(
        "表1-1",
        "受灾人口情况统计表",
        (
            _one("affected"),
            Group(
                "其中（人）",
                (
                    ("deaths", "因灾死亡"),
                    ("missing", "因灾失踪"),
                    ("injured", "因灾伤病"),
                    ("relocated", "紧急转移安置"),
                    ("needing_aid", "需紧急生活救助"),
                ),
            ),
            Group(
                "旱灾（人）",
                (("drinking_difficulty", "因旱饮水困难需救助"), ("drought_aid", "因旱需生活救助")),
            ),
        ),
    ),
    TableSpec(
        "表1-2",
        "农作物受灾情况统计表",
        (
            Group(
                "农作物（公顷）",
                (
                    ("crop_affected", "受灾面积"),
                    ("crop_damaged", "其中：成灾面积"),
                    ("crop_lost", "其中：绝收面积"),
                ),
            ),
        ),
    ),
    TableSpec(
        "表1-3",
        "房屋倒损情况统计表",
        (
            Group("倒塌房屋", (("collapsed_households", "户数（户）"), ("collapsed_rooms", "间数（间）"))),
            Group("严重损坏房屋", (("severe_households", "户数（户）"), ("severe_rooms", "间数（间）"))),
            Group("一般损坏房屋", (("general_households", "户数（户）"), ("general_rooms", "间数（间）"))),
        ),
    ),
    TableSpec(
        "表1-4",
        "直接经济损失情况统计表",
        (
            Group("直接经济损失（万元）", (("=loss", "合计"),)),
            Group(
                "其中（万元）",
                tuple((name, label) for name, label, _ in rules.LOSSES),
            ),
        ),
    ),
)

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEAD = 3  # 区划代码, 区划名称, 报灾村（社区）数


def _value(figures: dict[str, Any], field: str) -> Any:
    if field == "=loss":
        value: Any = rules.direct_loss(figures)
    else:
        value = figures.get(field, 0) or 0
    return float(value) if isinstance(value, Decimal) else int(value)


def row_values(spec: TableSpec, figures: dict[str, Any]) -> list[Any]:
    """The figures of one region in the columns of ``spec`` (after the lead columns)."""
    return [_value(figures, field) for group in spec.groups for field, _ in group.columns]


def _columns(spec: TableSpec) -> int:
    return LEAD + sum(len(g.columns) for g in spec.groups)


def _write_sheet(
    sheet: Worksheet,
    spec: TableSpec,
    event: DisasterEvent,
    rows: Sequence[Any],
    stage: str,
    approval_no: str,
    unit_name: str,
) -> None:
    width = _columns(spec)
    last = get_column_letter(width)
    now = timezone.localtime()
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = spec.title
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = CENTRE
    sheet.row_dimensions[1].height = 30
    # Top right, as printed on the form: table number, issuing and approving bodies.
    marks = (
        f"表　　号：{spec.number}",
        f"制定机关：{ISSUER}",
        f"批准机关：{APPROVER}",
        f"批准文号：{approval_no or '（见灾情报送设置）'}",
    )
    right = get_column_letter(max(width - 2, LEAD + 1))
    for offset, text in enumerate(marks):
        row = 2 + offset
        sheet.merge_cells(f"{right}{row}:{last}{row}")
        sheet[f"{right}{row}"] = text
    sheet["A2"] = f"灾害名称：{event.title}（{event.get_kind_display()}）"
    sheet["A3"] = f"填报单位（盖章）：{unit_name}"
    sheet["A4"] = f"统计口径：{Stage(stage).label}　截至{now:%Y年%m月%d日%H时}"
    head, sub = 6, 7
    for col, title in enumerate(("区划代码", "行政区划", "报灾村（社区）数（个）"), start=1):
        sheet.merge_cells(start_row=head, start_column=col, end_row=sub, end_column=col)
        sheet.cell(row=head, column=col, value=title)
    col = LEAD + 1
    for group in spec.groups:
        span = len(group.columns)
        if span == 1 and not group.columns[0][1]:
            sheet.merge_cells(start_row=head, start_column=col, end_row=sub, end_column=col)
            sheet.cell(row=head, column=col, value=group.title)
        else:
            if span > 1:
                sheet.merge_cells(start_row=head, start_column=col, end_row=head, end_column=col + span - 1)
            sheet.cell(row=head, column=col, value=group.title)
            for index, (_, label) in enumerate(group.columns):
                sheet.cell(row=sub, column=col + index, value=label)
        col += span
    # Column serial numbers (甲、乙、丙 for the lead columns, then 1, 2, …), as on the form.
    serial = sub + 1
    for index in range(width):
        label = ("甲", "乙", "丙")[index] if index < LEAD else str(index - LEAD + 1)
        sheet.cell(row=serial, column=index + 1, value=label)
    line = serial + 1
    for position, region_row in enumerate(rows):
        figures = getattr(region_row, stage)
        name = "合计" if position == 0 else ("　" * max(region_row.level - 3, 0)) + region_row.name
        values = [region_row.code, name, int(figures.get("units", 0)), *row_values(spec, figures)]
        for index, value in enumerate(values, start=1):
            sheet.cell(row=line, column=index, value=value)
        line += 1
    for cells in sheet.iter_rows(min_row=head, max_row=line - 1, max_col=width):
        for cell in cells:
            cell.border = BOX
            at = int(cell.row or 0)
            if at <= serial:
                cell.alignment = CENTRE
                cell.font = Font(bold=at < serial)
    footer = line + 1
    sheet.cell(
        row=footer,
        column=1,
        value=f"单位负责人：　　　　　　审核人：　　　　　　填报人：　　　　　　联系电话：　　　　　　"
        f"报出日期：{now:%Y年%m月%d日}",
    )
    sheet.column_dimensions["A"].width = 15
    sheet.column_dimensions["B"].width = 18
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.row_dimensions[sub].height = 32
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{head}:{serial}"


def statistics_workbook(
    event: DisasterEvent, rows: Sequence[Any], stage: str, *, unit_name: str = ""
) -> bytes:
    """The five tables of the event at ``stage`` (上报, 街道审核, 区县审核), one sheet each."""
    settings = DisasterSettings.current()
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    unit = unit_name or (f"{rows[0].name}应急管理局" if rows else "")
    for spec in TABLES:
        sheet = workbook.create_sheet(f"{spec.number}{spec.title}"[:31])
        _write_sheet(sheet, spec, event, rows, stage, settings.statistics_approval_no, unit)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
