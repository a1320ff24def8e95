"""The demo builder: deterministic, consistent roll-up, to-dos for the module's roles."""

from __future__ import annotations

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUHAN, make_user, system
from yingji.disasters import demo
from yingji.disasters.models import DisasterEvent, DisasterReport, ReliefCase, TwelveHourCheck
from yingji.disasters.services import response, rollup
from yingji.disasters.workbench import disaster_todos

pytestmark = pytest.mark.django_db


def test_the_demo_flood_has_a_week_of_reports_consistent_totals_and_work_for_every_role() -> None:
    users = {
        "dz_informant": make_user("dz_informant", roles=["informant"], scope=JIANGAN_STREET),
        "dz_duty": make_user("dz_duty", roles=["duty_officer"], scope=JIANGAN_STREET),
        "ja_duty": make_user("ja_duty", roles=["duty_officer"], scope=JIANGAN),
        "wh_duty": make_user("wh_duty", roles=["duty_officer"], scope=WUHAN),
        "wh_leader": make_user("wh_leader", roles=["duty_leader"], scope=WUHAN),
    }
    demo.build(DemoContext(actor=system(), scale=1, log=lambda _: None))
    flood = DisasterEvent.objects.get(kind="flood")
    assert DisasterReport.objects.filter(event=flood).values("region").distinct().count() == 200
    assert DisasterReport.objects.filter(event=flood).count() > 1200
    assert rollup.inconsistencies(flood) == []
    assert flood.incidents.filter(category="natural").exists()
    rain = list(flood.bulletins.all())  # the 暴雨 warning it came with, issued before the rain
    assert rain and all(b.warning_type.code == "rainstorm" and b.state == "published" for b in rain)
    assert any(b.effective_at < flood.started_at for b in rain)
    assert ReliefCase.objects.filter(event=flood).count() > 40
    assert TwelveHourCheck.objects.filter(event=flood).exclude(completed_at=None).count() == 7
    for name, user in users.items():
        assert disaster_todos(user), name
    # The city's own table (the settings choose it) grades the flood 重大 from its figures:
    # the leader is asked to decide the response and the duty officers see the day's 续报.
    assessed = response.assess(flood)
    assert (assessed.tier, assessed.level, assessed.grade) == ("city", "II", "major")
    assert response.assess(DisasterEvent.objects.get(kind="hail")).level is None
    leader = [t.label for t in disaster_todos(users["wh_leader"])]
    assert any("测算达到救助应急响应启动条件" in t for t in leader), leader
    for name in ("wh_leader", "wh_duty", "ja_duty", "dz_duty"):
        assert any("续报未报齐" in t.label for t in disaster_todos(users[name])), name
    demo.build(DemoContext(actor=system(), scale=1, log=lambda _: None))  # a second run adds nothing
    assert DisasterEvent.objects.count() == 2
