"""核报 freezes the registers with the figures: afterwards a change of the list of the dead
and missing or of the damaged-house ledger is a correction — by the leaders, at county
level, with a reason, audited — on the page, over the API and in the services; another
district's officer never reaches the entry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingji.core.models import AuditLog
from yingji.core.testing import WUCHANG, actor_for, client_for, make_user
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterEvent
from yingji.disasters.services import events, registers, reports
from yingji.disasters.tests.conftest import figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(event: DisasterEvent, village: Any, people: dict[str, Any]) -> dict[str, Any]:
    house = registers.add_house(
        {
            "event": event,
            "region": village,
            "head_name": "刘大山",
            "address": "保成路2号",
            "degree": "general",
            "rooms": 2,
        },
        actor=actor_for(people["informant"]),
    )
    informant = actor_for(people["informant"])
    events.mark_stable(event, actor=actor_for(people["county"]))
    one_house = figures(general_households=1, general_rooms=2)
    reports.submit_report(event, village, one_house, actor=informant)  # 初报
    final = reports.submit_report(event, village, one_house, actor=informant)  # 核报
    reviewed = reports.review_report(final, actor=actor_for(people["street"]))
    reports.accept_report(reviewed, actor=actor_for(people["county"]))
    reports.verify_event(event, actor=actor_for(people["county_leader"]))
    return {"event": DisasterEvent.objects.get(pk=event.pk), "house": house, "village": village}


def _person(frozen: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "event": frozen["event"],
        "region": frozen["village"],
        "name": "补录甲",
        "gender": "男",
        "age": 50,
        "status": "missing",
        "cause": "洪水冲走",
        "occurred_at": frozen["event"].started_at,
        **extra,
    }


def test_after_the_final_report_a_register_change_needs_the_leader_and_a_reason(frozen, people) -> None:
    house = frozen["house"]
    with pytest.raises(PermissionDenied):
        registers.update_house(
            house, {"rooms": 3, "correction_reason": "复核"}, actor=actor_for(people["county"])
        )
    with pytest.raises(ValidationError) as refused:
        registers.update_house(house, {"rooms": 3}, actor=actor_for(people["county_leader"]))
    assert refused.value.message_dict["correction_reason"] == [
        "“测试暴雨洪涝”已核报，修改倒损住房台账须填写更正原因"
    ]
    with pytest.raises(ValidationError):
        registers.add_casualty(_person(frozen), actor=actor_for(people["county_leader"]))
    with pytest.raises(PermissionDenied):
        registers.add_casualty(
            _person(frozen, correction_reason="补录"), actor=actor_for(people["informant"])
        )
    assert DamagedHouse.objects.get(pk=house.pk).rooms == 2 and not CasualtyRecord.objects.exists()

    changed = registers.update_house(
        house, {"rooms": 3, "correction_reason": "入户复核为3间"}, actor=actor_for(people["county_leader"])
    )
    assert changed.rooms == 3
    assert AuditLog.objects.filter(
        object_type="disasters.damagedhouse",
        object_id=str(house.pk),
        detail="核报后更正倒损住房台账：入户复核为3间",
    ).exists()
    added = registers.add_casualty(
        _person(frozen, correction_reason="补录漏报"), actor=actor_for(people["county_leader"])
    )
    assert (
        added.pk and AuditLog.objects.filter(detail__contains="核报后更正死亡失踪人员名单：补录漏报").exists()
    )


def test_the_api_refuses_a_frozen_register_change_without_a_reason(frozen, people) -> None:
    url = f"/api/v1/disasters/houses/{frozen['house'].pk}/"
    leader = client_for(people["county_leader"])
    refused = leader.patch(url, json.dumps({"rooms": 4}), content_type="application/json")
    assert refused.status_code == 400 and "correction_reason" in refused.json()["error"]["fields"]
    officer = client_for(people["county"]).patch(
        url, json.dumps({"rooms": 4, "correction_reason": "复核"}), content_type="application/json"
    )
    assert officer.status_code == 403
    done = leader.patch(
        url, json.dumps({"rooms": 4, "correction_reason": "复核"}), content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["rooms"] == 4


def test_the_page_asks_for_the_reason_and_an_outsider_gets_nothing(frozen, people) -> None:
    house = frozen["house"]
    form = {
        "event": house.event_id,
        "region": house.region_id,
        "head_name": house.head_name,
        "address": house.address,
        "degree": "general",
        "rooms": 5,
    }
    leader = client_for(people["county_leader"])
    page = leader.post(f"/disasters/houses/{house.pk}/edit/", form)
    assert page.status_code == 200 and "须填写更正原因" in page.content.decode()
    assert DamagedHouse.objects.get(pk=house.pk).rooms == 2
    done = leader.post(f"/disasters/houses/{house.pk}/edit/", {**form, "correction_reason": "复核"})
    assert done.status_code == 302 and DamagedHouse.objects.get(pk=house.pk).rooms == 5
    outsider = client_for(make_user("t_wuchang_leader", roles=["duty_leader"], scope=WUCHANG))
    assert (
        outsider.post(
            f"/disasters/houses/{house.pk}/edit/", {**form, "rooms": 9, "correction_reason": "x"}
        ).status_code
        == 404
    )
    api = outsider.patch(
        f"/api/v1/disasters/houses/{house.pk}/",
        json.dumps({"rooms": 9, "correction_reason": "x"}),
        content_type="application/json",
    )
    assert api.status_code == 404 and DamagedHouse.objects.get(pk=house.pk).rooms == 5
