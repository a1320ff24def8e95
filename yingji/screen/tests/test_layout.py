"""The bureau's screen layout: the administrator places the panels; a panel placed twice
is refused with the place named and nothing saved; the screen shows what was saved; the
rules behind it."""

from __future__ import annotations

from typing import Any

from yingji.core.models import AuditLog
from yingji.core.testing import client_for
from yingji.screen import rules
from yingji.screen.models import ScreenSettings


def form_data(**changes: str) -> dict[str, Any]:
    return {"title": "江城应急指挥一张图", **rules.DEFAULT_LAYOUT, "refresh_seconds": "300", **changes}


def test_the_administrator_rearranges_the_screen(admin: Any, officer: Any) -> None:
    response = client_for(admin).post("/screen/settings/", form_data(left_1="incidents", right_1="duty"))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ScreenSettings.current()
    assert (saved.left_1, saved.right_1, saved.title) == ("incidents", "duty", "江城应急指挥一张图")
    assert AuditLog.objects.filter(object_type="screen.screensettings").exists()
    page = client_for(officer).get("/screen/").content.decode()
    assert page.index('data-panel="incidents"') < page.index('data-panel="duty"')
    assert "江城应急指挥一张图" in page


def test_a_panel_placed_twice_is_refused(admin: Any) -> None:
    response = client_for(admin).post("/screen/settings/", form_data(right_3="alarms"))
    assert response.status_code == 200
    assert "“实时报警”已放在左侧第二格，同一面板只能放一处" in response.content.decode()
    assert not ScreenSettings.objects.exists()


def test_refresh_under_a_minute_is_refused(admin: Any) -> None:
    response = client_for(admin).post("/screen/settings/", form_data(refresh_seconds="10"))
    assert response.status_code == 200
    assert not ScreenSettings.objects.exists()


def test_an_empty_place_is_left_blank(admin: Any, officer: Any) -> None:
    assert client_for(admin).post("/screen/settings/", form_data(bottom_2="")).status_code == 302
    page = client_for(officer).get("/screen/").content.decode()
    assert 'data-slot="bottom_2" aria-hidden="true"' in page
    assert 'data-panel="resources"' not in page


def test_only_the_administrator_edits_the_layout(officer: Any) -> None:
    assert client_for(officer).get("/screen/settings/").status_code == 403
    assert client_for(officer).post("/screen/settings/", form_data(left_1="duty")).status_code == 403
    assert not ScreenSettings.objects.exists()


def test_rules() -> None:
    assert rules.repeated_panels(rules.DEFAULT_LAYOUT) == {}
    assert rules.repeated_panels({"left_1": "", "left_2": ""}) == {}
    assert set(rules.repeated_panels({"left_1": "duty", "bottom_2": "duty"})) == {"bottom_2"}
    assert rules.countdown(3900) == "剩余1时05分"
    assert rules.countdown(-720) == "已超时12分"
    assert rules.countdown(59) == "剩余0分"
