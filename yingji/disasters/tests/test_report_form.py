"""The informant's phone form (/disasters/report/): choosing the disaster and the village
fills in that village's last report (the server answers ``?event=&region=``; the page's
script asks for it whenever either choice changes); another street's informant gets an
empty form, never the figures."""

from __future__ import annotations

import re
from typing import Any

import pytest

from yingji.core.testing import actor_for, client_for, make_user
from yingji.disasters.services import reports
from yingji.disasters.tests.conftest import VILLAGE, VILLAGE2, figures

pytestmark = pytest.mark.django_db
OTHER_STREET = "420102003000"  # 江岸区 another street


def _value(page: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else None


def test_choosing_the_village_fills_in_its_last_report(event, village, people) -> None:
    reports.submit_report(event, village, figures(affected=321), actor=actor_for(people["informant"]))
    client = client_for(people["informant"])
    empty = client.get("/disasters/report/").content.decode()
    assert "data-refill" in empty and "disasters/report-form.js" in empty
    assert _value(empty, "affected") is None
    filled = client.get(f"/disasters/report/?event={event.pk}&region={VILLAGE}").content.decode()
    assert _value(filled, "affected") == "321" and "已带出保成社区上次报送" in filled
    other = client.get(f"/disasters/report/?event={event.pk}&region={VILLAGE2}").content.decode()
    assert _value(other, "affected") is None  # 泰宁社区 has not reported yet


def test_another_streets_informant_never_gets_the_figures(event, village, people: dict[str, Any]) -> None:
    reports.submit_report(event, village, figures(affected=321), actor=actor_for(people["informant"]))
    outsider = make_user("t_other_informant", roles=["informant"], scope=OTHER_STREET)
    page = client_for(outsider).get(f"/disasters/report/?event={event.pk}&region={VILLAGE}").content.decode()
    assert _value(page, "affected") is None and "已带出" not in page
