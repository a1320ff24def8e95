"""Fixtures of the screen tests: a 江岸区 and a 武昌区 with something of every panel in
each, through the modules' own services (an incident, a duty shift, a published warning,
an open alarm, an overdue hazard, a team standing by)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_user, system
from yingji.enterprises.tests.factories import make_enterprise
from yingji.monitoring.tests.factories import make_object, make_point

WUCHANG_STREET = "420106001000"


@pytest.fixture
def officer(db: Any) -> Any:
    return make_user("ja_duty", roles=["duty_officer"], scope=JIANGAN, real_name="吴敏")


@pytest.fixture
def leader(db: Any) -> Any:
    return make_user("ja_leader", roles=["duty_leader"], scope=JIANGAN, real_name="郑海涛")


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_duty", roles=["duty_officer"], scope=WUCHANG, real_name="罗佳")


@pytest.fixture
def admin(db: Any) -> Any:
    return make_user("wh_admin", roles=["admin"], scope="420100000000", real_name="周建国")


def incident_in(street: str, officer: Any, title: str, minutes_ago: int = 5) -> Any:
    from yingji.incidents.services import intake

    return intake.receive_incident({
        "title": title, "received_at": timezone.now() - timedelta(minutes=minutes_ago),
        "source": "phone", "caller": "张三", "caller_phone": "13800000000",
        "region": Region.objects.get(code=street), "address": "中山大道100号",
        "longitude": 114.2905 if street.startswith("420102") else 114.316,
        "latitude": 30.5900 if street.startswith("420102") else 30.554,
        "category": "accident", "subtype": "fire", "deaths": 0, "serious_injuries": 0,
        "trapped": 2, "description": "仓库起火，有人员被困"}, actor=actor_for(officer))


def alarm_at(enterprise: Any, code: str, severity: int = 1) -> Any:
    from yingji.monitoring.models import Alarm

    obj = make_object(enterprise, code=f"T{code}")
    point = make_point(obj, code=f"LT-{code}")
    now = timezone.now()
    return Alarm.objects.create(enterprise=enterprise, monitored_object=obj, point=point, kind="threshold",
                                level="hh", severity=severity, message=f"{obj.name}液位高高报",
                                first_at=now, last_at=now, state="pushed")


def overdue_hazard(enterprise: Any, title: str) -> Any:
    from yingji.hazards.models import Hazard
    from yingji.hazards.services import hazards

    officer = make_user(f"sup_{enterprise.pk}_{Hazard.objects.count()}", roles=["supervisor"],
                        scope=JIANGAN)

    hazard = hazards.create_hazard({
        "enterprise": enterprise, "title": title, "source": "department", "grade": "general",
        "category": "site_equipment", "description": "可燃气体报警器未接入控制室"}, actor=actor_for(officer))
    Hazard.objects.filter(pk=hazard.pk).update(state="rectifying",
                                               deadline=timezone.now() - timedelta(days=3))
    return hazard


@pytest.fixture
def city(officer: Any, leader: Any, outsider: Any) -> dict[str, Any]:
    """Both districts' objects: 江岸 has two of most things, 武昌 one (never on 江岸's screen)."""
    from yingji.incidents.services import duty
    from yingji.resources.tests.factories import team
    from yingji.warnings.models import WarningType
    from yingji.warnings.services import bulletins

    ja = make_enterprise(1, street_code=JIANGAN_STREET)
    wc = make_enterprise(2, street_code=WUCHANG_STREET)
    now = timezone.now()
    duty.create_shift({"region": Region.objects.get(code=JIANGAN), "start": now - timedelta(hours=2),
                       "end": now + timedelta(hours=6), "leaders": [leader], "officers": [officer],
                       "phone": "027-82800000"}, actor=system())
    fire = incident_in(JIANGAN_STREET, officer, "江岸区某仓库火灾")
    other = incident_in(WUCHANG_STREET, outsider, "武昌区某商场火灾")
    alarm_at(ja, "101")
    alarm_at(wc, "201", severity=2)
    overdue_hazard(ja, "储罐区报警器失效")
    team("大智路消防站", longitude=114.2920, latitude=30.5910)
    team("武昌消防站", region_code=WUCHANG, longitude=114.31, latitude=30.55)
    bulletin = bulletins.create_bulletin({
        "warning_type": WarningType.objects.get(code="rainstorm"), "level": "orange",
        "region": Region.objects.get(code=JIANGAN),
        "target_regions": [Region.objects.get(code=JIANGAN_STREET)],
        "effective_at": now, "expires_at": now + timedelta(hours=12),
        "content": "预计未来3小时降雨量将达50毫米以上", "measures": "转移低洼地带群众",
        "issuer": "江岸区应急管理局"}, actor=actor_for(officer))
    bulletin = bulletins.submit_bulletin(bulletin, actor=actor_for(officer))
    bulletin = bulletins.publish_bulletin(bulletin, actor=actor_for(leader))
    return {"ja": ja, "wc": wc, "fire": fire, "other": other, "bulletin": bulletin}
