"""What each export and figure holds for a user outside the accident's district: the
statistics page, the monthly statistics table, the ledger's Excel and the casebook hold
江岸区's accident for 江岸区's officer and nothing of it for 武昌区's."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse

from yingji.accidents.models import Accident
from yingji.accidents.services import investigation
from yingji.accidents.tests.conftest import seen
from yingji.core.testing import actor_for, client_for


def _content(response: Any) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_figures_and_exports_hold_only_the_scopes_accidents(accident: Accident, supervisor: Any,
                                                           outsider: Any) -> None:
    investigation.mark_typical(accident, expected_version=seen(accident), actor=actor_for(supervisor),
                               typical=True, lessons="冲压作业必须配置光电保护装置，严禁违章作业。")
    from docx import Document

    for user, count in ((supervisor, 1), (outsider, 0)):
        client = client_for(user)
        page = client.get(reverse("accident_stats")).content.decode()
        assert f'data-testid="stat-accidents">{count}<' in page
        table = {row[0]: row for row in _rows(_content(client.get(reverse("accident_monthly_table"))))
                 if row[0]}
        assert table["合计"][5] == count  # 本年累计 起数
        ledger = _rows(_content(client.get(reverse("accident_list") + "?export=xlsx")))
        assert any(accident.title in row for row in ledger) is bool(count)
        word = _content(client.get(reverse("accident_casebook")))
        text = "\n".join(p.text for p in Document(io.BytesIO(word)).paragraphs)
        assert (accident.title in text) is bool(count)
