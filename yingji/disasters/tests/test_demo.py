"""The demo builder: deterministic, consistent roll-up, to-dos for the module's roles."""

from __future__ import annotations

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUHAN, make_user, system
from yingji.disasters import demo
from yingji.disasters.models import DisasterEvent, DisasterReport, ReliefCase, TwelveHourCheck
from yingji.disasters.services import rollup
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
    demo.build(DemoContext(actor=system(), scale=1, log=lambda _: None))  # a second run adds nothing
    assert DisasterEvent.objects.count() == 2
