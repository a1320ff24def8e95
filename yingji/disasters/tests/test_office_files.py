"""The generated Word and Excel files open in LibreOffice and hold the figures."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from yingji.core.testing import actor_for, libreoffice_pdf
from yingji.disasters.services import outputs, relief, reports
from yingji.disasters.tests.conftest import figures

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_brief_and_statistics_table_hold_the_rollup_and_open_in_libreoffice(event, village, people) -> None:
    from docx import Document

    reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    rows = outputs.rollup_rows(event, "4201")
    brief = outputs.brief_docx(event, rows)
    text = "\n".join(p.text for p in Document(io.BytesIO(brief)).paragraphs)
    assert "受灾人口120人" in text and "共1个村（社区）报灾" in text
    assert libreoffice_pdf(brief, ".docx").startswith(b"%PDF")


def test_statistics_tables_are_the_official_layout_their_totals_the_rollup(
    event, village, village2, people
) -> None:
    from yingji.disasters.models import DisasterSettings
    from yingji.disasters.services import statistics_tables

    settings = DisasterSettings.current()
    settings.statistics_approval_no = "国统制〔2020〕1号"
    settings.save()
    informant = actor_for(people["informant"])
    reports.submit_report(event, village, figures(deaths=1), actor=informant)
    reports.submit_report(event, village2, figures(affected=80, crop_lost=1, loss_other=5), actor=informant)
    rows = outputs.rollup_rows(event, "4201")
    content = statistics_tables.statistics_workbook(event, rows, "reported")
    book = load_workbook(io.BytesIO(content))
    assert [s.title for s in book.worksheets] == [
        "表1自然灾害情况统计快报表", "表1-1受灾人口情况统计表", "表1-2农作物受灾情况统计表",
        "表1-3房屋倒损情况统计表", "表1-4直接经济损失情况统计表",
    ]
    quick = book.worksheets[0]
    texts = [str(c.value) for row in quick.iter_rows() for c in row if c.value is not None]
    assert quick["A1"].value == "自然灾害情况统计快报表"
    for needle in ("表　　号：表1", "制定机关：应急管理部", "批准文号：国统制〔2020〕1号",
                   "填报单位（盖章）：", "受灾人口（人）", "因灾死亡失踪人口（人）", "死亡", "倒塌（户）",
                   "直接经济损失（万元）"):
        assert any(needle in t for t in texts), needle
    assert any("审核人" in t and "填报人" in t and "报出日期" in t for t in texts)
    merged = {str(r) for r in quick.merged_cells.ranges}
    assert "E6:F6" in merged and "A6:A7" in merged  # 死亡/失踪 under one heading; 区划代码 over two rows
    by_code = {row[0]: row for row in quick.iter_rows(min_row=9, values_only=True) if row[0]}
    total = by_code["420100000000"]
    assert total[1] == "合计" and total[2] == 2
    # 受灾人口, 死亡, 失踪 … as kept in the roll-up, and the district equals its streets.
    assert total[3] == rows[0].reported["affected"] == 200 and total[4] == 1
    assert by_code["420102000000"][3:] == by_code["420102002000"][3:] == total[3:]
    losses = book.worksheets[4]
    loss_row = next(r for r in losses.iter_rows(min_row=9, values_only=True) if r[0] == "420100000000")
    assert loss_row[3] == float(outputs.rules.direct_loss(rows[0].reported)) == 45.0
    assert loss_row[3] == sum(float(str(v or 0)) for v in loss_row[4:])
    assert libreoffice_pdf(content, ".xlsx").startswith(b"%PDF")


def test_the_receipt_lists_each_issue_and_opens_in_libreoffice(event, people) -> None:
    from docx import Document

    from yingji.disasters.tests.test_relief import _approved

    case = _approved(event, people)
    relief.issue_money(
        case, amount=Decimal("600"), signed_by_name="王桂兰", actor=actor_for(people["street"])
    )
    content = outputs.receipt_docx(case, actor=actor_for(people["street"]))
    cells = [c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells]
    assert "110105********002X" in cells and "600.00元" in cells and "王桂兰" in cells
    assert libreoffice_pdf(content, ".docx").startswith(b"%PDF")
