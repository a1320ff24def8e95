"""The indicator library (issue 20 item 3): the library synchronised with the
providers, targets per district, entered values with evidence (a computed indicator
cannot be typed), each district's value against its target, the scope of a district
user, the pages and the API, every change audited."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import Attachment, AuditLog, Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, WUCHANG, WUHAN, actor_for, client_for, region
from yingji.governance.models import Indicator, IndicatorEntry, IndicatorTarget
from yingji.governance.services import kpis
from yingji.governance.tests.test_progress import photo

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def library(office: Any) -> dict[str, Indicator]:
    kpis.sync_library(actor=actor_for(office))
    kpis.create_indicator({"kind": "entered", "code": "training", "name": "安全培训覆盖率", "unit": "%",
                           "higher_is_better": True, "definition": "按月填报", "order": 200,
                           "active": True}, actor=actor_for(office))
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def hazards_found(db: Any) -> None:
    """This year in 江岸区: two hazards found, one closed; in 武昌区 one, closed."""
    from yingji.hazards.models import Hazard

    now = timezone.now()
    for street, closed in ((JIANGAN_STREET, True), (JIANGAN_STREET, False), ("420106001000", True)):
        Hazard.objects.create(region_id=street, title="指标测试隐患", source="department", grade="general",
                              category="site_equipment", description="测试", found_at=now,
                              state="closed" if closed else "rectifying", closed_at=now if closed else None,
                              closed_on_time=True if closed else None)


def test_the_library_holds_every_provider_once(library: dict[str, Indicator], office: Any) -> None:
    assert library["hazard_closure"].kind == "computed" and library["hazard_closure"].module == "隐患排查治理"
    assert library["accidents"].higher_is_better is False and library["accidents"].unit == "起"
    assert kpis.sync_library(actor=actor_for(office)) == []
    assert AuditLog.objects.filter(object_type="governance.indicator").count() == len(library)
    with pytest.raises(ValidationError) as refused:
        kpis.create_indicator({"kind": "computed", "code": "no_such", "name": "虚构指标", "unit": "%",
                               "order": 1, "active": True}, actor=actor_for(office))
    assert "平台没有该代码的自动计算指标" in str(refused.value)


def test_a_computed_indicator_cannot_be_typed(library: dict[str, Indicator], office: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        kpis.enter_value(library["hazard_closure"], actor=actor_for(office), region=region(JIANGAN),
                         month=timezone.localdate(), value=Decimal("99"), note="手填", evidence=[photo()])
    assert "由平台数据自动计算，不能手工填报" in str(refused.value)
    assert not IndicatorEntry.objects.exists()


def test_an_entered_value_needs_evidence(library: dict[str, Indicator], ja_staff: Any) -> None:
    training = library["training"]
    month = timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError) as refused:
        kpis.enter_value(training, actor=actor_for(ja_staff), region=region(JIANGAN), month=month,
                         value=Decimal("92.5"), note="全区培训情况")
    assert "填报指标值须上传佐证材料" in str(refused.value)
    assert not IndicatorEntry.objects.exists()
    entry = kpis.enter_value(training, actor=actor_for(ja_staff), region=region(JIANGAN), month=month,
                             value=Decimal("92.5"), note="全区培训情况", evidence=[photo("培训签到表.png")])
    assert entry.evidence_count == 1
    assert Attachment.objects.filter(object_id=str(entry.pk), purpose="kpi-evidence").count() == 1
    assert AuditLog.objects.filter(object_type="governance.indicatorentry", object_id=str(entry.pk)).exists()
    # Another district is outside 江岸区's scope.
    with pytest.raises((PermissionDenied, ValidationError)):
        kpis.enter_value(training, actor=actor_for(ja_staff), region=region(WUCHANG), month=month,
                         value=Decimal("80"), note="越权填报", evidence=[photo()])
    assert IndicatorEntry.objects.count() == 1
    [row] = kpis.table(training, ja_staff, month.year)
    assert (row.name, row.measure.value) == ("江岸区", 92.5)


def test_targets_per_district_and_the_module_kept_ones(library: dict[str, Indicator], office: Any,
                                                       hazards_found: None) -> None:
    year = timezone.localdate().year
    closure = library["hazard_closure"]
    target = kpis.create_target({"indicator": closure, "year": year, "region": region(JIANGAN),
                                 "value": Decimal("60")}, actor=actor_for(office))
    assert AuditLog.objects.filter(object_type="governance.indicatortarget",
                                   object_id=str(target.pk)).exists()
    with pytest.raises(ValidationError) as twice:
        kpis.create_target({"indicator": closure, "year": year, "region": region(JIANGAN),
                            "value": Decimal("70")}, actor=actor_for(office))
    assert "已设置此指标的目标" in str(twice.value)
    with pytest.raises(ValidationError) as street:
        kpis.create_target({"indicator": closure, "year": year, "region": region(JIANGAN_STREET),
                            "value": Decimal("70")}, actor=actor_for(office))
    assert "目标按市或区县设置" in str(street.value)
    with pytest.raises(ValidationError) as kept:
        kpis.create_target({"indicator": library["accidents"], "year": year, "region": region(JIANGAN),
                            "value": Decimal("3")}, actor=actor_for(office))
    assert "由“事故调查”模块的控制目标确定" in str(kept.value)
    rows = {r.name: r for r in kpis.table(closure, office, year)}
    assert rows["江岸区"].measure.value == 50.0 and rows["江岸区"].target == 60.0
    assert rows["江岸区"].met is False
    wuchang = rows["武昌区"]
    assert wuchang.measure.value == 100.0 and wuchang.target is None and wuchang.met is None
    assert rows["武汉市"].measure.value == pytest.approx(66.7)
    assert "/hazards/" in rows["江岸区"].data_url and f"region={JIANGAN}" in rows["江岸区"].data_url


def test_a_district_user_sees_its_district_only(library: dict[str, Indicator], ja_staff: Any,
                                                wc_staff: Any, hazards_found: None) -> None:
    year = timezone.localdate().year
    closure = library["hazard_closure"]
    assert [r.name for r in kpis.table(closure, ja_staff, year)] == ["江岸区"]
    assert [r.name for r in kpis.table(closure, wc_staff, year)] == ["武昌区"]
    page = client_for(ja_staff).get(f"/governance/kpis/{closure.pk}/?year={year}&region={WUCHANG}")
    text = page.content.decode()
    assert page.status_code == 200 and "江岸区" in text and "武昌区" not in text
    assert "50%" in text and "查看数据" in text
    api = client_for(ja_staff).get(f"/api/v1/governance/indicators/{closure.pk}/values/?year={year}").json()
    assert [r["region"] for r in api["rows"]] == [JIANGAN] and api["rows"][0]["value"] == 50.0
    assert api["rows"][0]["part"] == 1 and api["rows"][0]["whole"] == 2
    # The trend of another district is not the district user's: the table's own row is shown.
    other = client_for(ja_staff).get(
        f"/api/v1/governance/indicators/{closure.pk}/values/?year={year}&region={WUCHANG}").json()
    assert other["trend_region"] == JIANGAN


def test_the_city_page_and_api(library: dict[str, Indicator], office: Any, hazards_found: None) -> None:
    year = timezone.localdate().year
    closure = library["hazard_closure"]
    client = client_for(office)
    text = client.get(f"/governance/kpis/{closure.pk}/?year={year}&region={JIANGAN}").content.decode()
    assert "江岸区" in text and "武昌区" in text and "governance-trend" in text
    assert "不能手工填报" in text and "填报指标值" not in text
    api = f"/api/v1/governance/indicators/{closure.pk}/values/"
    values = client.get(f"{api}?year={year}&region={JIANGAN}").json()
    assert values["trend_region"] == JIANGAN
    month = timezone.localdate().month
    assert len(values["trend"]) == month and values["trend"][-1]["value"] == 50.0
    assert client.get(f"/api/v1/governance/indicators/{closure.pk}/values/?year=abc").status_code == 400
    listed = client.get("/api/v1/governance/indicators/").json()
    assert {r["code"] for r in listed["results"]} >= {"hazard_closure", "training"}
    assert "考核指标" in client.get("/governance/kpis/").content.decode()


def test_entering_through_the_api_and_the_page(library: dict[str, Indicator], ja_staff: Any) -> None:
    training = library["training"]
    month = f"{timezone.localdate():%Y-%m}"
    client = client_for(ja_staff)
    refused = client.post(f"/api/v1/governance/indicators/{training.pk}/step/",
                          {"name": "enter", "region": JIANGAN, "month": month, "value": "90",
                           "note": "无佐证"})
    assert refused.status_code == 400 and "佐证材料" in refused.content.decode()
    computed = client.post(f"/api/v1/governance/indicators/{library['hazard_closure'].pk}/step/",
                           {"name": "enter", "region": JIANGAN, "month": month, "value": "90",
                            "note": "手填", "evidence": photo()})
    assert computed.status_code == 400 and "不能手工填报" in computed.content.decode()
    done = client.post(f"/governance/kpis/{training.pk}/step/",
                       {"name": "enter", "region": JIANGAN, "month": month, "value": "88.5",
                        "note": "培训台账", "evidence": photo("台账.png")}, follow=True)
    assert "已填报江岸区" in done.content.decode()
    assert IndicatorEntry.objects.get().value == Decimal("88.5")
    assert "台账.png" in client.get(f"/governance/kpis/{training.pk}/").content.decode()


def test_year_of_a_region_row(db: Any) -> None:
    assert kpis.prefix_of(WUHAN) == "4201" and kpis.prefix_of(JIANGAN) == "420102"
    assert kpis.month_bounds(2025, 12) == (datetime(2025, 12, 1).date(), datetime(2026, 1, 1).date())
    assert Region.objects.filter(code=WUHAN).exists()


__all__ = ["TZ", "IndicatorTarget"]
