"""The demo builder: reports at every step in 江岸区 and 武昌区 with the to-dos of the
duty officers, the supervisors and the reward committee, all through the services."""

from __future__ import annotations

from typing import Any

import pytest

from yingji.core.demo.registry import DemoContext
from yingji.core.models import AuditLog
from yingji.core.testing import JIANGAN, WUCHANG, WUHAN, make_department, make_user, system
from yingji.enterprises.tests.factories import WUCHANG_STREET, make_enterprise
from yingji.hazards.models import Hazard
from yingji.tipoffs.demo import build_tipoffs
from yingji.tipoffs.models import Tipoff, TipoffReward
from yingji.tipoffs.workbench import tipoff_todos

pytestmark = pytest.mark.django_db


def test_demo_gives_every_role_work(db: Any) -> None:
    for n in range(1, 4):
        make_enterprise(200 + n, name=f"举报演示化工有限公司{n}")
        make_enterprise(210 + n, street_code=WUCHANG_STREET, name=f"武昌举报演示商贸有限公司{n}")
    for code, name in ((JIANGAN, "江岸区应急管理局"), (WUCHANG, "武昌区应急管理局")):
        make_department(name, region_code=code, kind="district_bureau")
    users = {"ja_duty": make_user("ja_duty", roles=["duty_officer"], scope=JIANGAN),
             "ja_supervisor": make_user("ja_supervisor", roles=["supervisor"], scope=JIANGAN),
             "wc_duty": make_user("wc_duty", roles=["duty_officer"], scope=WUCHANG),
             "wc_supervisor": make_user("wc_supervisor", roles=["supervisor"], scope=WUCHANG),
             "wh_reward": make_user("wh_reward", roles=["reward_committee"], scope=WUHAN)}
    build_tipoffs(DemoContext(system(), 1, lambda text: None))
    states = set(Tipoff.objects.values_list("state", flat=True))
    assert {"received", "accepted", "verifying", "verified", "closed", "rejected", "duplicate"} <= states
    assert {"phone_12350", "web"} <= set(Tipoff.objects.values_list("channel", flat=True))
    assert Hazard.objects.filter(source="public_report").count() == 2
    assert set(TipoffReward.objects.values_list("state", flat=True)) >= {"proposed", "approved", "paid"}
    assert AuditLog.objects.filter(object_type="tipoffs.tipoff").count() >= Tipoff.objects.count()
    for name in users:
        assert tipoff_todos(users[name]), f"{name} has nothing to do"
    count = Tipoff.objects.count()
    build_tipoffs(DemoContext(system(), 1, lambda text: None))  # a second run adds nothing
    assert Tipoff.objects.count() == count
