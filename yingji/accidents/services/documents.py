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


def typical_cases(queryset: QuerySet[Accident], start: Any, end: Any) -> QuerySet[Accident]:
    """The typical cases (典型案例) that occurred from ``start`` to ``end`` (dates)."""
    return (production(queryset).filter(typical=True,
                                        occurred_month__gte=start.year * 100 + start.month,
                                        occurred_month__lte=end.year * 100 + end.month)
            .select_related("region", "enterprise").prefetch_related("findings", "measures")
            .order_by("occurred_at", "pk"))


NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def casebook_docx(cases: list[Accident], start: Any, end: Any, unit: str) -> bytes:
    """生产安全事故典型案例汇编 of a period: a contents list, then per case its facts,
    course, causes, responsibility, measures and the 警示教育 points."""
    from yingji.core.documents import add_table, document_bytes, word_document

    period = f"{start:%Y年%m月}至{end:%Y年%m月}"
    document = word_document("生产安全事故典型案例汇编", subtitle=f"{unit}　{period}")
    document.add_paragraph(f"本汇编收录{period}发生的典型生产安全事故{len(cases)}起，供各地各部门和"
                           "生产经营单位开展警示教育、举一反三排查整治同类隐患使用。")
    document.add_paragraph("目录")
    for n, case in enumerate(cases, start=1):
        document.add_paragraph(f"{_numeral(n)}、{case.title}")
    for n, case in enumerate(cases, start=1):
        document.add_page_break()
        document.add_heading(f"{_numeral(n)}、{case.title}", level=2)
        when = timezone.localtime(case.occurred_at)
        add_table(document, ("项目", "情况"), (
            ("发生时间", f"{when:%Y年%m月%d日%H时%M分}"),
            ("发生地点", f"{case.region.name}{case.address}"),
            ("事故单位", case.unit_display), ("行业领域", case.get_industry_display()),
            ("事故类别", case.get_category_6441_display()), ("事故等级", case.grade_display),
            ("伤亡情况", f"死亡{case.deaths}人，失踪{case.missing}人，重伤{case.serious_injuries}人"),
            ("直接经济损失", f"{case.loss_wan}万元"),
        ))
        document.add_paragraph("（一）事故经过")
        document.add_paragraph(case.description or "—")
        document.add_paragraph("（二）事故原因")
        document.add_paragraph(case.cause_labels or "—")
        findings = list(case.findings.all())
        document.add_paragraph("（三）责任追究")
        if findings:
            add_table(document, ("对象", "姓名或单位", "处理"), [
                (f.get_subject_kind_display(), f"{f.name}{('（' + f.position + '）') if f.position else ''}",
                 f.get_disposal_display()) for f in findings])
        else:
            document.add_paragraph("依法依规追究相关单位和人员责任。")
        measures = list(case.measures.all())
        if measures:
            document.add_paragraph("（四）整改措施")
            for m in measures:
                document.add_paragraph(f"{m.content}（{m.owner_unit}）")
        document.add_paragraph("警示教育要点")
        document.add_paragraph(case.typical_lessons or "—")
    return document_bytes(document)


def export_casebook(queryset: QuerySet[Accident], start: Any, end: Any, unit: str, *,
                    actor: Any) -> bytes:
    """The casebook of the actor's scope, the export audited."""
    from yingji.core import audit

    cases = list(typical_cases(queryset, start, end))
    content = casebook_docx(cases, start, end, unit)
    audit.record(audit.AuditAction.EXPORT, actor=actor,
                 detail=f"导出典型案例汇编（{start:%Y-%m}至{end:%Y-%m}，{len(cases)}起）")
    return content
