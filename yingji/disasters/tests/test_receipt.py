"""The 签领表 (Word) of a relief case through core.documents: the household, the issues
and who signed, the ID masked; the file named with the head of household in clear only
for a user who may see personal data in clear; the download audited; out of scope 404."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import pytest
from docx import Document

from yingji.core.models import AuditLog
from yingji.core.testing import WUCHANG, actor_for, client_for, make_user
from yingji.disasters.models import ReliefCase
from yingji.disasters.services import relief
from yingji.disasters.tests.test_relief import _approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(event: Any, people: dict[str, Any]) -> ReliefCase:
    case = _approved(event, people)
    relief.issue_money(case, amount=Decimal("600"), signed_by_name="李红", actor=actor_for(people["street"]))
    return case


def _download(user: Any, case: ReliefCase) -> tuple[str, Any]:
    answer = client_for(user).get(f"/disasters/relief/{case.pk}/receipt.docx")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    filename = unquote(answer["Content-Disposition"].split("filename*=UTF-8''", 1)[1])
    return filename, Document(io.BytesIO(answer.content))


def test_the_sheet_holds_the_household_and_each_signed_issue(case, people) -> None:
    _, document = _download(people["street"], case)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "救灾款物发放签领表" and "测试暴雨洪涝·应急救助" in paragraphs
    household, issues = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert ["户主", "王桂兰"] in household and ["身份证号", "110105********002X"] in household
    assert ["核定金额（元）", "600.00"] in household
    assert issues[0] == ["发放内容", "数量/金额", "签领人", "签领时间"]
    assert issues[1][:3] == ["救助资金", "600.00元", "李红"]
    assert "11010519491231002X" not in "".join(c for row in household for c in row)
    assert any(p.startswith("签领人（签字/手印）") for p in paragraphs)
    entry = AuditLog.objects.filter(action="export", object_id=str(case.pk)).latest("chain_index")
    assert (
        entry.object_type == "disasters.reliefcase"
        and "王**" in entry.detail
        and "王桂兰" not in entry.detail
    )


def test_the_file_name_shows_the_head_in_clear_only_to_who_may_see_it(case, people) -> None:
    clear, _ = _download(people["street"], case)  # a duty officer holds core.reveal_personal_data
    assert clear.startswith("签领表-王桂兰-") and clear.endswith(".docx")
    masked, document = _download(people["informant"], case)  # the 灾害信息员 does not
    assert masked.startswith("签领表-王**-") and "王桂兰" not in masked
    assert ["户主", "王桂兰"] in [[c.text for c in row.cells] for row in document.tables[0].rows]


def test_out_of_scope_gets_404_and_nothing_is_logged_as_exported(case) -> None:
    outsider = make_user("t_wuchang", roles=["duty_officer"], scope=WUCHANG)
    before = AuditLog.objects.filter(action="export").count()
    assert client_for(outsider).get(f"/disasters/relief/{case.pk}/receipt.docx").status_code == 404
    assert AuditLog.objects.filter(action="export").count() == before
