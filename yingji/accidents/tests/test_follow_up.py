"""The casualty follow-up window of 493 第十三条 follows the accident's type (its
incident's subtype): 7 days for 道路交通事故 and 火灾事故, 30 for the others, whatever
the industry."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.services import accidents
from yingji.accidents.services.common import SHANGHAI
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.testing import actor_for

OCCURRED = datetime.combine(timezone.localdate() - timedelta(days=60), time(10, 0), tzinfo=SHANGHAI)


def _within(supervisor: Any, street: Any, days: int, **extra: Any) -> tuple[bool, str]:
    accident = accidents.create_accident(accident_data(street, occurred_at=OCCURRED, **extra),
                                         actor=actor_for(supervisor))
    change = accidents.change_figures(accident, expected_version=seen(accident),
                                      actor=actor_for(supervisor), reason="伤者死亡",
                                      deaths=3, at=OCCURRED + timedelta(days=days, hours=8))
    accident.refresh_from_db()
    return change.within_follow_up, accident.investigating_level


@pytest.mark.parametrize(("subtype", "days", "within"), [
    ("road_traffic", 7, True), ("road_traffic", 8, False),
    ("fire", 7, True), ("fire", 8, False),
    ("production", 30, True), ("production", 31, False),
    ("other_traffic", 30, True), ("other_traffic", 31, False),
])
def test_the_window_is_the_accident_types(supervisor: Any, street: Any, subtype: str, days: int,
                                          within: bool) -> None:
    found, level = _within(supervisor, street, days, subtype=subtype)
    assert found is within
    # Within the window the 较大 grade moves the investigation to the city (第二十条第二款).
    assert level == ("city" if within else "county")


def test_correcting_the_record_keeps_the_level_a_late_rise_left(supervisor: Any, street: Any) -> None:
    """A rise after the window leaves the level where it was; a later correction of the
    record's facts (the address) does not move it up to the new grade's either."""
    found, level = _within(supervisor, street, 31, subtype="production")
    assert (found, level) == (False, "county")
    from yingji.accidents.models import Accident

    accident = Accident.objects.get()
    assert accident.grade == "III"
    accidents.update_accident(accident, {"address": "大智街道工业路10号"}, actor=actor_for(supervisor),
                              expected_version=seen(accident))
    accident.refresh_from_db()
    assert accident.address == "大智街道工业路10号"
    assert accident.investigating_level == "county"


def test_a_transport_industry_accident_on_water_keeps_thirty_days(supervisor: Any, street: Any) -> None:
    found, _ = _within(supervisor, street, 20, industry="transport", subtype="other_traffic",
                       category_6441="06")
    assert found is True


def test_a_factory_lorry_on_the_road_has_seven_days(supervisor: Any, street: Any) -> None:
    found, _ = _within(supervisor, street, 10, industry="industry_trade", subtype="road_traffic",
                       category_6441="02")
    assert found is False


def test_an_incident_hands_its_subtype_over(supervisor: Any, street: Any) -> None:
    from yingji.core.testing import make_user
    from yingji.incidents.services import intake

    duty = make_user("ja_duty_f", roles=["duty_officer"], scope="420102000000")
    incident = intake.receive_incident({
        "title": "江岸区某路段货车侧翻", "received_at": timezone.now() - timedelta(hours=2),
        "source": "phone", "caller": "张三", "caller_phone": "13800000000", "region": street,
        "address": "大智街道京汉大道", "category": "accident", "subtype": "road_traffic",
        "deaths": 1, "description": "货车侧翻"}, actor=actor_for(duty))
    accident = accidents.accident_from_incident(incident, actor=actor_for(supervisor),
                                                data={"unit_name": "武汉某物流有限公司"})
    assert accident.subtype == "road_traffic"
    assert rules.follow_up_days(accident.subtype) == 7


def test_an_entry_without_a_type_gets_the_likely_one(supervisor: Any, street: Any) -> None:
    data = accident_data(street, industry="transport", category_6441="02")
    accident = accidents.create_accident(data, actor=actor_for(supervisor))
    assert accident.subtype == "road_traffic"


def test_an_unknown_type_is_a_field_error_and_nothing_is_saved(supervisor: Any, street: Any) -> None:
    from django.core.exceptions import ValidationError

    from yingji.accidents.models import Accident

    with pytest.raises(ValidationError) as caught:
        accidents.create_accident(accident_data(street, subtype="earthquake"), actor=actor_for(supervisor))
    assert "subtype" in caught.value.message_dict
    assert not Accident.objects.exists()
