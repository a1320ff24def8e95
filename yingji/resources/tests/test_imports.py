"""Excel import of resources: template, good rows created or updated, bad rows left out
whole with Chinese reasons, scope respected, receipts go through the ledger."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingji.core.testing import client_for
from yingji.resources.models import RescueTeam, StockBatch, StockMovement
from yingji.resources.tests.factories import warehouse

pytestmark = pytest.mark.django_db


def workbook(header: list[str], rows: list[list[Any]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("导入.xlsx", buffer.getvalue())


def test_team_template_downloads(jiangan_officer: Any) -> None:
    response = client_for(jiangan_officer).get(reverse("resources_import", args=["rescueteam"])
                                               + "?template=1")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [str(c.value) for c in next(sheet.iter_rows(max_row=1))]
    assert any("名称" in h for h in headers) and any("队伍类型" in h for h in headers)


def test_team_import_creates_updates_and_reports(jiangan_officer: Any) -> None:
    client = client_for(jiangan_officer)
    header = ["名称", "区划代码", "经度", "纬度", "队伍类型", "人数"]
    upload = workbook(header, [
        ["江岸区蓝天救援队", "420102000000", 114.30, 30.60, "社会应急力量", 20],
        ["武昌区救援队", "420106000000", 114.31, 30.55, "社会应急力量", 20],  # out of scope
        ["坐标填反队", "420102000000", 30.6, 114.3, "社会应急力量", 20],
        ["缺类型队", "420102000000", 114.3, 30.6, "", 5],
    ])
    response = client.post(reverse("resources_import", args=["rescueteam"]), {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.failed) == (1, 0, 3)
    reasons = " ".join(e.reason for e in result.errors)
    assert "超出您的数据范围" in reasons
    assert RescueTeam.objects.count() == 1
    again = workbook(header, [["江岸区蓝天救援队", "420102000000", 114.30, 30.60, "社会应急力量", 35]])
    result = client.post(reverse("resources_import", args=["rescueteam"]), {"file": again}).context["result"]
    assert result.updated == 1 and RescueTeam.objects.get().headcount == 35


def test_not_a_workbook_is_refused(jiangan_officer: Any) -> None:
    upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = client_for(jiangan_officer).post(reverse("resources_import", args=["shelter"]),
                                                {"file": upload})
    assert response.status_code == 400


def test_receipts_import_through_the_ledger(jiangan_officer: Any) -> None:
    warehouse("江岸区应急物资储备库")
    warehouse("武昌区应急物资储备库", region_code="420106000000")
    upload = workbook(["储备库名称", "物资编码", "批次号", "数量", "有效期至"], [
        ["江岸区应急物资储备库", "WZ-0102", "2026-01", 300, "2036-01-01"],
        ["武昌区应急物资储备库", "WZ-0102", "2026-01", 300, None],
        ["江岸区应急物资储备库", "WZ-9999", "X", 1, None],
        ["江岸区应急物资储备库", "WZ-0101", "A", -5, None],
    ])
    response = client_for(jiangan_officer).post(reverse("resources_import", args=["stockmovement"]),
                                                {"file": upload})
    result = response.context["result"]
    assert (result.created, result.failed) == (1, 3)
    assert StockMovement.objects.count() == 1
    assert StockBatch.objects.get().quantity == 300


def test_import_needs_add_permission_and_known_kind(unpermitted: Any, jiangan_officer: Any) -> None:
    assert client_for(unpermitted).get(reverse("resources_import", args=["rescueteam"])).status_code == 403
    assert client_for(jiangan_officer).get(reverse("resources_import", args=["tank"])).status_code == 404
