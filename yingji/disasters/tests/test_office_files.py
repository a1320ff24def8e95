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
    table = outputs.statistics_xlsx(event, rows, "reported")
    sheet = load_workbook(io.BytesIO(table)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["区划代码", "区划名称", "报灾村（社区）数", "受灾人口（人）"]
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["420102002000"][3] == 120 and values["420100000000"][2] == 1
    assert libreoffice_pdf(table, ".xlsx").startswith(b"%PDF")


def test_the_receipt_lists_each_issue_and_opens_in_libreoffice(event, people) -> None:
    from docx import Document

    from yingji.disasters.tests.test_relief import _approved

    case = _approved(event, people)
    relief.issue_money(
        case, amount=Decimal("600"), signed_by_name="王桂兰", actor=actor_for(people["street"])
    )
    content = outputs.receipt_docx(case)
    cells = [c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells]
    assert "110105********002X" in cells and "600.00元" in cells and "王桂兰" in cells
    assert libreoffice_pdf(content, ".docx").startswith(b"%PDF")
