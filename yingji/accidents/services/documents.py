"""Generated files: the monthly statistics table (生产安全事故统计月报表, Excel) and the
典型案例汇编 (Word)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident
from yingji.accidents.services.stats import LARGER, production
from yingji.core.exports import excel_value
from yingji.core.models import Industry

# The table's columns under their headings (生产安全事故统计调查制度: 起数, 死亡人数 with the
# missing, 受伤人数 with acute poisoning, 直接经济损失 in 万元), numbered 1… under 甲.
FIGURE_NAMES = ("起数", "死亡人数", "受伤人数", "直接经济损失（万元）")
HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本月", FIGURE_NAMES), ("本年累计", FIGURE_NAMES), ("上年同期累计", FIGURE_NAMES[:2]),
    ("同比增减（%）", FIGURE_NAMES[:2]), ("其中：较大及以上（本年累计）", FIGURE_NAMES[:2]),
)
TABLE_COLUMNS = ("行业领域", *(f"{group}{name}" for group, names in HEADINGS for name in names))
ISSUER = "应急管理部"
APPROVER = "国家统计局"

Figures = tuple[int, int, int, Decimal]
ZERO: Figures = (0, 0, 0, Decimal(0))


def monthly_rows(queryset: QuerySet[Accident], year: int, month: int) -> list[list[Any]]:
    """The table's rows: 合计 first, then each industry (行业领域): this month, the year to
    date, the same months last year, the change, and 较大及以上 (four queries)."""
    rows = production(queryset)

    def grouped(start: int, end: int, **extra: Any) -> dict[str, Figures]:
        found = rows.filter(occurred_month__gte=start, occurred_month__lte=end, **extra).values(
            "industry").annotate(n=Count("id"), d=Sum(F("deaths") + F("missing")),
                                 i=Sum(F("serious_injuries") + F("minor_injuries")),
                                 loss=Sum("loss_wan"))
        return {r["industry"]: (r["n"], r["d"] or 0, r["i"] or 0, r["loss"] or Decimal(0))
                for r in found}

    this_month = grouped(year * 100 + month, year * 100 + month)
    to_date = grouped(year * 100 + 1, year * 100 + month)
    before = grouped((year - 1) * 100 + 1, (year - 1) * 100 + month)
    larger = grouped(year * 100 + 1, year * 100 + month, grade__in=LARGER)
    body: list[list[Any]] = []
    totals: list[Figures] = [ZERO, ZERO, ZERO, ZERO]
    for code, label in Industry.choices:
        found = [this_month.get(code, ZERO), to_date.get(code, ZERO), before.get(code, ZERO),
                 larger.get(code, ZERO)]
        totals = [_add(t, f) for t, f in zip(totals, found, strict=True)]
        body.append(_row(label, found))
    return [_row("合计", totals), *body]


def _add(a: Figures, b: Figures) -> Figures:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _row(label: str, f: list[Figures]) -> list[Any]:
    month, to_date, before, larger = f
    change_n, change_d = rules.change_pct(to_date[0], before[0]), rules.change_pct(to_date[1], before[1])
    return [label, *month, *to_date, before[0], before[1],
            "—" if change_n is None else change_n, "—" if change_d is None else change_d,
            larger[0], larger[1]]


def monthly_table_xlsx(queryset: QuerySet[Accident], year: int, month: int, unit: str,
                       table_no: str = "", approval_no: str = "") -> bytes:
    """生产安全事故统计月报表 in the printed layout of the statistical system (生产安全事故
    统计调查制度): the 表号, 制定机关, 批准机关 and 批准文号 block (the numbers are the
    bureau's settings: the current 制度's), the title, the reporting unit, period and
    units, the two-level headings with 甲 and the column numbers, 合计 then the rows by
    industry, the notes and the signature line."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{year}年{month}月"
    width = len(TABLE_COLUMNS)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width - 4)
    sheet["A1"] = "生产安全事故统计月报表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    block = (f"表　　号：{table_no or '（见事故调查处理参数）'}", f"制定机关：{ISSUER}",
             f"批准机关：{APPROVER}", f"批准文号：{approval_no or '（见事故调查处理参数）'}")
    for offset, text in enumerate(block, start=1):
        sheet.merge_cells(start_row=offset, start_column=width - 3, end_row=offset, end_column=width)
        sheet.cell(row=offset, column=width - 3, value=text).font = Font(size=9)
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
    sheet["A5"] = (f"填报单位（盖章）：{unit}　　统计期：{year}年{month}月（本年累计为1月至{month}月）"
                   f"　　计量单位：起、人、万元")
    # Two heading rows: the groups merged over their figures, 行业领域 over both.
    sheet.merge_cells(start_row=6, start_column=1, end_row=7, end_column=1)
    sheet.cell(row=6, column=1, value="行业领域")
    column = 2
    for group, names in HEADINGS:
        sheet.merge_cells(start_row=6, start_column=column, end_row=6, end_column=column + len(names) - 1)
        sheet.cell(row=6, column=column, value=group)
        for name in names:
            sheet.cell(row=7, column=column, value=name)
            column += 1
    sheet.cell(row=8, column=1, value="甲")
    for index in range(2, width + 1):
        sheet.cell(row=8, column=index, value=index - 1)
    for row in sheet.iter_rows(min_row=6, max_row=8, max_col=width):
        for cell in row:
            cell.font, cell.border, cell.alignment = Font(bold=True), border, centre
    sheet.column_dimensions["A"].width = 16
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    rows = monthly_rows(queryset, year, month)
    for offset, values in enumerate(rows, start=9):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=index, value=excel_value(value))
            cell.border = border
            if index > 1:
                cell.alignment = Alignment(horizontal="right")
            if offset == 9:
                cell.font = Font(bold=True)
    note_row = 9 + len(rows) + 1
    notes = ("说明：1. 只统计生产安全事故；死亡人数含失踪人数，受伤人数含急性工业中毒人数。",
             "2. 事故等级按《生产安全事故报告和调查处理条例》（国务院令第493号）第三条核定；"
             "同比增减为本年累计与上年同期累计相比。")
    for offset, text in enumerate(notes):
        sheet.merge_cells(start_row=note_row + offset, start_column=1,
                          end_row=note_row + offset, end_column=width)
        sheet.cell(row=note_row + offset, column=1, value=text)
    sign = note_row + len(notes) + 1
    for column, text in ((1, "单位负责人："), (4, "统计负责人："), (7, "填表人："), (10, "联系电话："),
                         (13, f"报出日期：{timezone.localdate():%Y年%m月%d日}")):
        sheet.cell(row=sign, column=column, value=text)
    sheet.print_title_rows = "6:8"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_monthly_table(queryset: QuerySet[Accident], year: int, month: int, unit: str, *,
                         actor: Any) -> bytes:
    """The monthly table of ``queryset`` (the actor's scope), with the 表号 and 批准文号
    of the settings; the export audited."""
    from yingji.accidents.models import AccidentSettings
    from yingji.core import audit

    current = AccidentSettings.current()
    content = monthly_table_xlsx(queryset, year, month, unit, table_no=current.statistics_table_no,
                                 approval_no=current.statistics_approval_no)
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
    from yingji.core.documents import add_table, add_title, document_bytes, word_document

    period = f"{start:%Y年%m月}至{end:%Y年%m月}"
    document = word_document("生产安全事故典型案例汇编", subtitle=f"{unit}　{period}")
    document.add_paragraph(f"本汇编收录{period}发生的典型生产安全事故{len(cases)}起，供各地各部门和"
                           "生产经营单位开展警示教育、举一反三排查整治同类隐患使用。")
    document.add_paragraph("目录")
    for n, case in enumerate(cases, start=1):
        document.add_paragraph(f"{_numeral(n)}、{case.title}")
    for n, case in enumerate(cases, start=1):
        document.add_page_break()
        # The house title (仿宋, centred, bold), not Word's "Heading 2" in its own font.
        add_title(document, f"{_numeral(n)}、{case.title}", size=16)
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
