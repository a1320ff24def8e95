"""The reporter's identity: the reward committee reads it; staff outside it see a
masked reporter on the list, its export, the report's page and the API — the inside
whistleblower's mark included."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from yingji.core.testing import actor_for, client_for
from yingji.tipoffs.identity import HIDDEN
from yingji.tipoffs.services import handling
from yingji.tipoffs.tests.conftest import submit

pytestmark = pytest.mark.django_db
NAME, PHONE = "赵内部", "13812345678"


@pytest.fixture
def insider_report(duty: Any) -> Any:
    tipoff, _ = submit(name=NAME, phone=PHONE, insider=True)
    return handling.accept(tipoff, actor=actor_for(duty))


def _texts(client: Any, tipoff: Any) -> list[str]:
    pages = [client.get("/tipoffs/"), client.get(f"/tipoffs/{tipoff.pk}/"),
             client.get(f"/api/v1/tipoffs/reports/{tipoff.pk}/"), client.get("/api/v1/tipoffs/reports/")]
    assert all(p.status_code == 200 for p in pages)
    export = client.get("/tipoffs/?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    return [p.content.decode() for p in pages] + [cells]


@pytest.mark.parametrize("who", ["duty", "supervisor"])
def test_staff_outside_the_committee_never_see_the_reporter(who: str, request: Any,
                                                           insider_report: Any) -> None:
    client = client_for(request.getfixturevalue(who))
    for text in _texts(client, insider_report):
        assert NAME not in text and PHONE not in text and PHONE[-4:] not in text
        assert "内部举报人" not in text.replace("内部举报人）", "")  # no insider mark of this report
    api = client.get(f"/api/v1/tipoffs/reports/{insider_report.pk}/").json()
    assert api["reporter"] == HIDDEN and api["insider"] is None


def test_the_committee_reads_the_reporter(committee: list[Any], insider_report: Any) -> None:
    client = client_for(committee[0])
    texts = _texts(client, insider_report)
    assert all(NAME in t for t in texts)
    api = client.get(f"/api/v1/tipoffs/reports/{insider_report.pk}/").json()
    assert NAME in api["reporter"] and api["insider"] is True
