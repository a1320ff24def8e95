"""The indicators the consultation report reads beyond the assessment's, each registered
by its owning module into ``core.kpis``: incidents received, monitoring alarms,
warnings published (and the meteorological ones), the reserve warehouses up to
standard and the 三项岗位 people's certificate coverage. Each on a small case counted
by hand: 江岸区 holds the rows, 武昌区 one that must not count for 江岸区."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yingji.core import kpis
from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, actor_for, make_user

TZ = ZoneInfo("Asia/Shanghai")
JA, WC = JIANGAN[:6], WUCHANG[:6]
WUCHANG_STREET = "420106001000"


def compute(code: str, prefix: str, start: date, end: date) -> kpis.Measure:
    provider = kpis.get(code)
    assert provider is not None, f"{code} is not registered"
    return provider.compute(prefix, start, end)


def test_the_report_indicators_are_registered() -> None:
    from yingji.governance.services.consultation_data import PARTS

    assert {c for p in PARTS for c in p.codes} <= {p.code for p in kpis.providers()}


@pytest.mark.django_db
def test_incidents_received() -> None:
    from yingji.incidents.models import Incident

    def incident(street: str, month: int, day: int, hour: int = 10) -> None:
        Incident.objects.create(title="测试事件", received_at=datetime(2025, month, day, hour, tzinfo=TZ),
                                region_id=street, address="测试地点", category="accident",
                                subtype="fire", description="测试")

    incident(JIANGAN_STREET, 6, 1, 0)
    incident(JIANGAN_STREET, 6, 30, 23)
    incident(JIANGAN_STREET, 7, 1, 0)  # July's
    incident(WUCHANG_STREET, 6, 2)
    june = (date(2025, 6, 1), date(2025, 7, 1))
    assert compute("incidents_received", JA, *june) == kpis.Measure.count(2)
    assert compute("incidents_received", "4201", *june) == kpis.Measure.count(3)


@pytest.mark.django_db
def test_monitoring_alarms_active_in_the_period() -> None:
    from yingji.monitoring.models import Alarm
    from yingji.monitoring.tests.factories import setup_site

    site, other = setup_site(1), setup_site(2, street=WUCHANG_STREET)

    def alarm(where: dict[str, Any], kind: str, first: datetime, last: datetime) -> None:
        Alarm.objects.create(enterprise=where["enterprise"], monitored_object=where["object"],
                             point=where["level"], kind=kind, level="H", severity=2, is_open=False,
                             message="液位报警", first_at=first, last_at=last, state="closed")

    alarm(site, "threshold", datetime(2025, 5, 30, tzinfo=TZ), datetime(2025, 6, 2, tzinfo=TZ))  # into June
    alarm(site, "rate", datetime(2025, 6, 10, tzinfo=TZ), datetime(2025, 6, 10, 1, tzinfo=TZ))
    alarm(site, "stuck", datetime(2025, 5, 1, tzinfo=TZ), datetime(2025, 5, 2, tzinfo=TZ))  # May only
    alarm(other, "threshold", datetime(2025, 6, 10, tzinfo=TZ), datetime(2025, 6, 10, tzinfo=TZ))
    assert compute("monitoring_alarms", JA, date(2025, 6, 1), date(2025, 7, 1)) == kpis.Measure.count(2)


@pytest.mark.django_db
def test_warnings_published_and_meteorological() -> None:
    from yingji.warnings.models import WarningType
    from yingji.warnings.services import bulletins
    from yingji.warnings.tests.conftest import draft_data, publish

    officer = make_user("ja_rp_duty", roles=["duty_officer"], scope=JIANGAN)
    leader = make_user("ja_rp_leader", roles=["duty_leader"], scope=JIANGAN)
    street = Region.objects.get(code=JIANGAN_STREET)
    publish(bulletins.create_bulletin(draft_data(street), actor=actor_for(officer)), officer, leader)
    other = WarningType.objects.exclude(cap_category="Met").first()
    assert other is not None
    publish(bulletins.create_bulletin(draft_data(street, warning_type=other, title="非气象预警"),
                                      actor=actor_for(officer)), officer, leader)
    bulletins.create_bulletin(draft_data(street), actor=actor_for(officer))  # a draft: not published
    today = timezone.localdate()
    period = (today, today + timedelta(days=1))
    assert compute("warnings_issued", JA, *period) == kpis.Measure.count(2)
    assert compute("weather_warnings", JA, *period) == kpis.Measure.count(1)
    assert compute("warnings_issued", WC, *period) == kpis.Measure.count(0)


@pytest.mark.django_db
def test_reserve_warehouses_up_to_standard() -> None:
    from yingji.resources.models import ReserveStandard
    from yingji.resources.tests.factories import warehouse

    assert ReserveStandard.objects.filter(level="district").exists()
    assert not ReserveStandard.objects.filter(level="contracted").exists()
    warehouse()  # a district warehouse holding nothing: under its standard
    warehouse("协议储备企业仓库", level="contracted")  # no standard for its level: up to it
    warehouse("武昌区应急物资储备库", region_code=WUCHANG)
    today = timezone.localdate()
    assert compute("reserve_standard", JA, today, today) == kpis.Measure(50.0, 1, 2)
    assert compute("reserve_standard", WC, today, today) == kpis.Measure(0.0, 0, 1)


@pytest.mark.django_db
def test_certificate_coverage() -> None:
    from yingji.enterprises.tests.factories import make_enterprise
    from yingji.training.tests.conftest import certificate, person

    ja, wc = make_enterprise(1), make_enterprise(2, street_code=WUCHANG_STREET)
    certificate(person(ja, "赵电工"), number="T1")
    person(ja, "钱焊工", work_type="welding")  # no certificate
    certificate(person(ja, "孙电工"), until=timezone.localdate() - timedelta(days=1), number="T2")  # expired
    person(wc, "李电工")
    today = timezone.localdate()
    assert compute("certified_coverage", JA, today, today) == kpis.Measure(33.3, 1, 3)
    assert compute("certified_coverage", WC, today, today) == kpis.Measure(0.0, 0, 1)
