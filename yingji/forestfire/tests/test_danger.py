"""Forest fire danger: the index and its five levels; a day computed from the weather or
entered; one record per region and day; bad inputs refused by field and nothing saved;
at the settings' level the warning is drafted and submitted through the warnings module
(once, and again only for a higher level); out of scope nothing is seen or written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from yingji.core.models import AuditLog, Region
from yingji.core.services.settings import save_settings
from yingji.core.testing import JIANGAN, WUCHANG, actor_for, system
from yingji.forestfire import rules
from yingji.forestfire.models import FireDanger, ForestFireSettings
from yingji.forestfire.services import danger
from yingji.forestfire.tests.conftest import dry_day
from yingji.warnings.models import Bulletin

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 20)


def test_the_index_sums_the_factors_and_bands_into_five_levels() -> None:
    wet = rules.Weather(max_temp=12, min_humidity=70, dry_days=0, max_wind=2, rain_mm=12)
    assert rules.index(wet) == 0 and rules.level_of(0) == 1  # 8 + 0 + 0 + 10 - 30, floored
    mild = rules.Weather(max_temp=18, min_humidity=50, dry_days=3, max_wind=3)
    assert rules.index(mild) == 12 + 8 + 15 + 15 and rules.level_of(50) == 2
    assert rules.level_of(51) == 3 and rules.level_of(72) == 3 and rules.level_of(73) == 4
    assert rules.level_of(90) == 4 and rules.level_of(91) == 5
    dry = rules.Weather(max_temp=26, min_humidity=30, dry_days=7, max_wind=5)
    assert rules.index(dry) == 96
    assert rules.index(rules.Weather(26, 30, 7, 5, correction=10)) == 86
    assert rules.warning_due(5, 3) == "red" and rules.warning_due(3, 4) == ""
    assert rules.warning_due(2, 1) == ""  # 一级、二级 carry no warning sign


def test_a_computed_day_records_its_index_and_warns_through_the_warnings_module(officer: Any) -> None:
    region = Region.objects.get(code=JIANGAN)
    record = danger.record_danger({"region": region, "day": DAY, **dry_day()}, actor=actor_for(officer))
    assert record.index == 96 and record.level == 5
    bulletin = Bulletin.objects.get(pk=record.bulletin_id or 0)
    assert bulletin.warning_type.code == "forest_fire" and bulletin.level == "red"
    assert bulletin.state == "review" and "五级（极高火险）" in bulletin.content
    assert AuditLog.objects.filter(object_type="forestfire.firedanger", action="create").count() == 1
    # Correcting the inputs to a lower level drafts nothing more.
    danger.update_danger(record, {"max_wind": 1}, actor=actor_for(officer))
    assert Bulletin.objects.count() == 1


def test_a_level_below_the_threshold_warns_nobody_and_a_raise_warns_again(officer: Any) -> None:
    region = Region.objects.get(code=JIANGAN)
    save_settings(ForestFireSettings, {"warn_from_level": 4}, actor=system())
    entered = danger.record_danger({"region": region, "day": DAY, "source": "entered", "level": 3},
                                   actor=actor_for(officer))
    assert entered.index is None and entered.bulletin is None
    raised = danger.update_danger(entered, {"level": 4}, actor=actor_for(officer))
    assert Bulletin.objects.get(pk=raised.bulletin_id or 0).level == "orange"
    higher = danger.update_danger(raised, {"level": 5}, actor=actor_for(officer))
    assert Bulletin.objects.get(pk=higher.bulletin_id or 0).level == "red"
    assert Bulletin.objects.count() == 2


def test_bad_inputs_are_refused_by_field_and_nothing_is_saved(officer: Any) -> None:
    region = Region.objects.get(code=JIANGAN)
    with pytest.raises(ValidationError) as bad:
        danger.record_danger({"region": region, "day": DAY, **dry_day(min_humidity=130, rain_mm=5)},
                             actor=actor_for(officer))
    assert set(bad.value.message_dict) == {"min_humidity", "dry_days"}
    with pytest.raises(ValidationError) as missing:
        danger.record_danger({"region": region, "day": DAY, "source": "computed"},
                             actor=actor_for(officer))
    assert "max_temp" in missing.value.message_dict
    danger.record_danger({"region": region, "day": DAY, **dry_day()}, actor=actor_for(officer))
    with pytest.raises(ValidationError) as twice:
        danger.record_danger({"region": region, "day": DAY, **dry_day()}, actor=actor_for(officer))
    assert "已录入" in twice.value.message_dict["day"][0]
    assert FireDanger.objects.count() == 1 and Bulletin.objects.count() == 1


def test_out_of_scope_nothing_is_seen_or_written(officer: Any, outsider: Any) -> None:
    record = danger.record_danger({"region": Region.objects.get(code=JIANGAN), "day": DAY,
                                   **dry_day()}, actor=actor_for(officer))
    with pytest.raises(ValidationError):
        danger.record_danger({"region": Region.objects.get(code=JIANGAN), "day": date(2026, 3, 21),
                              **dry_day()}, actor=actor_for(outsider))
    assert not FireDanger.objects.restrict(outsider, "view").exists()
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/forestfire/danger/{record.pk}/").status_code == 404
    assert client.get("/forestfire/danger/map.geojson?day=2026-03-20").json()["features"] == []
    own = Client()
    own.force_login(officer)
    page = own.get("/forestfire/danger/today/?day=2026-03-20")
    assert page.status_code == 200 and "五级（极高火险）" in page.content.decode()
    assert "红色预警（待审核）" in page.content.decode()
    assert danger.record_danger({"region": Region.objects.get(code=WUCHANG), "day": DAY,
                                 **dry_day()}, actor=actor_for(outsider)).level == 5


def test_the_api_answers_field_errors_and_saves_nothing(officer: Any) -> None:
    client = Client()
    client.force_login(officer)
    body = {"region": JIANGAN, "day": "2026-03-20", **dry_day(max_wind=30)}
    answer = client.post("/api/v1/forestfire/danger/", body, content_type="application/json")
    assert answer.status_code == 400 and set(answer.json()["error"]["fields"]) == {"max_wind"}
    assert FireDanger.objects.count() == 0
    answer = client.post("/api/v1/forestfire/danger/", {**body, "max_wind": 4},
                         content_type="application/json")
    assert answer.status_code == 201 and answer.json()["level"] == 5
