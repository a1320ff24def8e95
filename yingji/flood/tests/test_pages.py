"""The pages and the API as people use them: the point's page with its persons from the
directory, the 一图一案一册 Word file (locator, disposal card, roster; phones in clear for
holders of the reveal permission), the phone page's report, the board, the API's field
errors — and an out-of-scope user gets 404 and changes nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from yingji.core.models import AuditLog
from yingji.core.testing import actor_for, client_for
from yingji.flood.models import TransferEntry, TransferReport
from yingji.flood.services import transfers
from yingji.flood.services.locator import locator_png

pytestmark = pytest.mark.django_db


def test_the_point_page_shows_the_directorys_persons_and_the_roster(point: Any, street_duty: Any) -> None:
    page = client_for(street_duty).get(f"/flood/points/{point.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "钱主任" in text and "孙书记" in text and "139****0002" in text
    assert "王建国" in text and "转移人员名册（3户7人）" in text and "启动转移" in text


def test_the_word_card_holds_the_map_the_disposal_card_and_the_roster(point: Any, street_duty: Any) -> None:
    from docx import Document

    response = client_for(street_duty).get(f"/flood/points/{point.pk}/card.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "京汉大道下穿通道“一图一案一册”" in text and "合计：3户7人，其中需帮扶1户。" in text
    assert "积水超过15厘米立即封闭通道" in cells and "钱主任" in cells and "李秀英" in cells
    # The duty officer holds core.reveal_personal_data: the roster is for calling people.
    assert "13812345678" in cells and "139****0002" not in cells
    assert "橙色（二级）及以上预警生效；监测：无" in cells
    assert len(document.inline_shapes) == 1  # the locator on the district's boundary
    assert AuditLog.objects.filter(action="export", object_type="flood.floodpoint").count() == 1


def test_the_locator_is_a_png_with_the_point_in_red() -> None:
    square = {"420102000000": {"type": "Polygon", "coordinates": [[[114.0, 30.0], [114.2, 30.0],
                                                                    [114.2, 30.2], [114.0, 30.2],
                                                                    [114.0, 30.0]]]}}
    picture = locator_png(114.1, 30.1, "420102002000", shapes=square)
    assert picture is not None
    data = picture.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    assert locator_png(114.1, 30.1, "420106000000", shapes=square) is None


def test_the_phone_page_reports_a_household(point: Any, street_duty: Any, shelter: Any) -> None:
    task = transfers.open_task(point, actor=actor_for(street_duty))
    entry = task.entries.order_by("pk")[0]
    client = client_for(street_duty)
    page = client.get(f"/flood/transfers/{task.pk}/field/")
    assert page.status_code == 200 and "已转移" in page.content.decode()
    answer = client.post(f"/flood/transfers/{task.pk}/step/", {
        "name": "report", "entry": entry.pk, "outcome": "moved", "people": 3, "shelter": shelter.pk,
        "next": f"/flood/transfers/{task.pk}/field/"})
    assert answer.status_code == 302 and answer["Location"] == f"/flood/transfers/{task.pk}/field/"
    entry.refresh_from_db()
    assert entry.status == "moved" and entry.moved_people == 3
    again = client.post(f"/flood/transfers/{task.pk}/step/", {
        "name": "report", "entry": entry.pk, "outcome": "moved"}, follow=True)
    assert "该户已报送转移，不能重复报送" in again.content.decode()
    assert TransferReport.objects.count() == 1
    board = client.get("/flood/board/").content.decode()
    assert "京汉大道下穿通道" in board and "大智街道临时避险点" in board and "30%" in board


def test_an_out_of_scope_user_gets_404_and_changes_nothing(point: Any, street_duty: Any,
                                                            outsider: Any) -> None:
    task = transfers.open_task(point, actor=actor_for(street_duty))
    entry = task.entries.all()[0]
    client = client_for(outsider)
    assert client.get(f"/flood/points/{point.pk}/").status_code == 404
    assert client.get(f"/flood/points/{point.pk}/card.docx").status_code == 404
    assert client.post(f"/flood/transfers/{task.pk}/step/", {
        "name": "report", "entry": entry.pk, "outcome": "moved"}).status_code == 404
    assert client.post(f"/api/v1/flood/transfers/{task.pk}/report/", {
        "entry": entry.pk, "outcome": "moved"}, content_type="application/json").status_code == 404
    assert TransferEntry.objects.get(pk=entry.pk).status == "pending"
    assert "京汉大道" not in client.get("/flood/points/").content.decode()


def test_the_api_answers_field_errors_in_chinese(point: Any, street_duty: Any, community: Any) -> None:
    client = client_for(street_duty)
    answer = client.post("/api/v1/flood/points/", {
        "code": "T-002", "name": "测试点", "kind": "volcano", "region": community.code,
        "address": "某处", "longitude": 200, "latitude": 30.6, "disposal": ""},
        content_type="application/json")
    assert answer.status_code == 400
    fields = answer.json()["error"]["fields"]
    assert set(fields) == {"kind", "disposal"}
    assert "不是合法选项" in json.dumps(fields, ensure_ascii=False)
    # The model's own checks (coordinates inside China) answer on their field too.
    outside = client.post("/api/v1/flood/points/", {
        "code": "T-002", "name": "测试点", "kind": "lowland", "region": community.code,
        "address": "某处", "longitude": 200, "latitude": 30.6, "disposal": "转移"},
        content_type="application/json")
    assert outside.status_code == 400 and set(outside.json()["error"]["fields"]) == {"longitude"}
    task = transfers.open_task(point, actor=actor_for(street_duty))
    entry = task.entries.order_by("pk")[0]
    ok = client.post(f"/api/v1/flood/transfers/{task.pk}/report/", {
        "entry": entry.pk, "outcome": "moved", "people": 2}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "moved" and ok.json()["moved_people"] == 2
    twice = client.post(f"/api/v1/flood/transfers/{task.pk}/report/", {
        "entry": entry.pk, "outcome": "moved"}, content_type="application/json")
    assert twice.status_code == 400 and "不能重复报送" in twice.json()["error"]["message"]
