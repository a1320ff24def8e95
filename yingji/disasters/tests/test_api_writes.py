"""Create and edit over the API: events, the registers (dead and missing, damaged
houses), winter-spring plans and donations go through the pages' forms and the
services; bad input is a field-level Chinese 400 and changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yingji.core.models.audit import AuditLog
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for, client_for
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterEvent, Donation, WinterSpringPlan
from yingji.disasters.services import support
from yingji.disasters.tests.conftest import VILLAGE

pytestmark = pytest.mark.django_db
API = "/api/v1/disasters"


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, json.dumps(data), content_type="application/json")


def _fields(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def _chinese(messages: list[str]) -> bool:
    return all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)


def test_an_event_is_registered_and_changed_over_the_api(people) -> None:
    client = client_for(people["county"])
    start = (timezone.now() - timedelta(hours=2)).isoformat()
    body = {
        "title": "接口登记的暴雨",
        "kind": "flood",
        "grade": "larger",
        "region": JIANGAN,
        "affected_regions": [JIANGAN_STREET],
        "started_at": start,
        "description": "强降雨",
    }
    wrong = _post(client, f"{API}/events/", {**body, "affected_regions": ["420106001000"], "title": ""})
    errors = _fields(wrong)
    assert set(errors) >= {"title", "affected_regions"} and _chinese(
        errors["title"] + errors["affected_regions"]
    )
    assert not DisasterEvent.objects.exists()
    made = _post(client, f"{API}/events/", body)
    assert made.status_code == 201, made.content
    event = DisasterEvent.objects.get(pk=made.json()["id"])
    assert event.checks.count() == 1 and made.json()["affected_regions"] == [JIANGAN_STREET]
    assert AuditLog.objects.filter(object_id=str(event.pk), action="create").exists()
    refused = _patch(
        client, f"{API}/events/{event.pk}/", {"ended_at": (timezone.now() - timedelta(days=1)).isoformat()}
    )
    assert _chinese(_fields(refused)["ended_at"])
    assert DisasterEvent.objects.get(pk=event.pk).ended_at is None
    changed = _patch(client, f"{API}/events/{event.pk}/", {"grade": "major", "description": "内涝加重"})
    assert changed.status_code == 200, changed.content
    event.refresh_from_db()
    assert (event.grade, event.description, event.title) == ("major", "内涝加重", "接口登记的暴雨")


def test_the_registers_over_the_api_keep_id_numbers_masked(event, people) -> None:
    client = client_for(people["informant"])
    person = {
        "event": event.pk,
        "region": VILLAGE,
        "name": "王某",
        "gender": "男",
        "age": 70,
        "status": "dead",
        "cause": "房屋倒塌",
        "occurred_at": timezone.now().isoformat(),
    }
    bad = _post(client, f"{API}/casualties/", {**person, "id_number": "110105194912310021", "age": -1})
    errors = _fields(bad)
    assert set(errors) == {"id_number", "age"} and _chinese(errors["id_number"] + errors["age"])
    assert not CasualtyRecord.objects.exists()
    made = _post(client, f"{API}/casualties/", {**person, "id_number": "11010519491231002X"})
    assert made.status_code == 201, made.content
    assert made.json()["id_number"] == "110105********002X"
    record = CasualtyRecord.objects.get()
    assert _patch(client, f"{API}/casualties/{record.pk}/", {"age": 71}).status_code == 200
    record.refresh_from_db()
    assert record.age == 71 and record.id_number == "11010519491231002X"
    house = {"event": event.pk, "region": VILLAGE, "head_name": "李某", "address": "保成路2号", "rooms": 3}
    wrong = _post(client, f"{API}/houses/", {**house, "degree": "gone"})
    assert _chinese(_fields(wrong)["degree"]) and not DamagedHouse.objects.exists()
    assert _post(client, f"{API}/houses/", {**house, "degree": "collapsed"}).status_code == 201
    home = DamagedHouse.objects.get()
    assert _patch(client, f"{API}/houses/{home.pk}/", {"rooms": 0}).status_code == 400
    assert _patch(client, f"{API}/houses/{home.pk}/", {"rooms": 4}).json()["rooms"] == 4


def test_winter_spring_plans_and_donations_over_the_api(event, people) -> None:
    client = client_for(people["county"])
    plan_body = {
        "region": JIANGAN,
        "event": event.pk,
        "season": "2026—2027年度",
        "standard": "300",
        "relief_start": "2026-12-01",
        "relief_end": "2027-03-31",
    }
    made = _post(client, f"{API}/winter-spring/", plan_body)
    assert made.status_code == 201, made.content
    plan = WinterSpringPlan.objects.get()
    assert made.json()["survey_start"].endswith("-09-01")  # the settings' survey window
    refused = _patch(client, f"{API}/winter-spring/{plan.pk}/", {"survey_end": "2026-08-01"})
    assert _chinese(_fields(refused)["survey_end"])
    assert WinterSpringPlan.objects.get().survey_end == plan.survey_end
    assert _patch(client, f"{API}/winter-spring/{plan.pk}/", {"standard": "350"}).status_code == 200
    assert WinterSpringPlan.objects.get().standard == 350
    gift = {
        "region": JIANGAN,
        "event": event.pk,
        "donor": "某公司",
        "kind": "money",
        "received_at": timezone.now().isoformat(),
    }
    missing = _post(client, f"{API}/donations/", gift)
    assert _chinese(_fields(missing)["amount"]) and not Donation.objects.exists()
    assert _post(client, f"{API}/donations/", {**gift, "amount": "5000"}).status_code == 201
    donation = Donation.objects.get()
    support.use_donation(donation, quantity="3000", purpose="购买棉被", actor=actor_for(people["county"]))
    below = _patch(client, f"{API}/donations/{donation.pk}/", {"amount": "2000"})
    assert _chinese(_fields(below)["amount"])
    assert Donation.objects.get().amount == 5000
