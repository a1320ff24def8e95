"""Generated files: the monthly statistics table (生产安全事故统计月报表, Excel) and the
典型案例汇编 (Word)."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident
from yingji.accidents.services.stats import LARGER, production
from yingji.core.exports import excel_value
from yingji.core.models import Industry

TABLE_COLUMNS = ("行业领域", "本月起数", "本月死亡", "本年累计起数", "本年累计死亡",
                 "上年同期起数", "上年同期死亡", "起数同比(%)", "死亡同比(%)",
                 "其中较大及以上起数", "其中较大及以上死亡")


def monthly_rows(queryset: QuerySet[Accident], year: int, month: int) -> list[list[Any]]:
    """The table's rows by industry (行业领域) and the 合计 row: this month, the year to
    date, the same months last year, the change, and 较大及以上 (four queries)."""
    rows = production(queryset)

    def grouped(start: int, end: int, **extra: Any) -> dict[str, tuple[int, int]]:
        found = rows.filter(occurred_month__gte=start, occurred_month__lte=end, **extra).values(
            "industry").annotate(n=Count("id"), d=Sum(F("deaths") + F("missing")))
        return {r["industry"]: (r["n"], r["d"] or 0) for r in found}

    this_month = grouped(year * 100 + month, year * 100 + month)
    to_date = grouped(year * 100 + 1, year * 100 + month)
    before = grouped((year - 1) * 100 + 1, (year - 1) * 100 + month)
    larger = grouped(year * 100 + 1, year * 100 + month, grade__in=LARGER)
    out: list[list[Any]] = []
    totals = [0] * 8
    for code, label in Industry.choices:
        figures = [*this_month.get(code, (0, 0)), *to_date.get(code, (0, 0)),
                   *before.get(code, (0, 0)), *larger.get(code, (0, 0))]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        out.append(_row(label, figures))
    out.append(_row("合计", totals))
    return out


def _row(label: str, f: list[int]) -> list[Any]:
    change_n, change_d = rules.change_pct(f[2], f[4]), rules.change_pct(f[3], f[5])
    return [label, f[0], f[1], f[2], f[3], f[4], f[5],
            "—" if change_n is None else change_n, "—" if change_d is None else change_d, f[6], f[7]]


def monthly_table_xlsx(queryset: QuerySet[Accident], year: int, month: int, unit: str) -> bytes:
    """生产安全事故统计月报表 in the layout of the statistical system: title, the
    reporting unit and period, the table by industry with 合计, the notes and signatures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{year}年{month}月"
    width = len(TABLE_COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"] = "生产安全事故统计月报表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A2"] = f"填报单位：{unit}　　统计期：{year}年1月至{month}月　　计量单位：起、人"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, label in enumerate(TABLE_COLUMNS, start=1):
        cell = sheet.cell(row=4, column=index, value=label)
        cell.font, cell.border = Font(bold=True), border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = 14 if index > 1 else 16
    for offset, values in enumerate(monthly_rows(queryset, year, month), start=5):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=index, value=excel_value(value))
            cell.border = border
            if offset == 4 + len(Industry.choices) + 1:
                cell.font = Font(bold=True)
    note_row = 6 + len(Industry.choices) + 1
    sheet.cell(row=note_row, column=1,
               value="说明：死亡人数含失踪人数；只统计生产安全事故（生产安全事故统计调查制度）；"
                     "较大及以上按《生产安全事故报告和调查处理条例》第三条核定。")
    sheet.cell(row=note_row + 2, column=1, value="单位负责人：")
    sheet.cell(row=note_row + 2, column=5, value="填表人：")
    sheet.cell(row=note_row + 2, column=8, value=f"报出日期：{timezone.localdate():%Y年%m月%d日}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_monthly_table(queryset: QuerySet[Accident], year: int, month: int, unit: str, *,
                         actor: Any) -> bytes:
    """The monthly table of ``queryset`` (the actor's scope), the export audited."""
    from yingji.core import audit

    content = monthly_table_xlsx(queryset, year, month, unit)
    audit.record(audit.AuditAction.EXPORT, actor=actor,
                 detail=f"导出生产安全事故统计月报表（{year}年{month}月，{unit}）")
    return content
