"""Each investigation step is taken by who takes it in a bureau: 提级调查 and 挂牌督办 by
the higher level's leader, 批复 by the government side, 结案 by the 安委办 or a leader, the
routine entries by the investigating staff. An inspector (who may change the record for
its findings) is refused the others with a 403 on the page and in the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.accidents.models import Accident, Stage
from yingji.accidents.services import investigation
from yingji.accidents.tests.conftest import seen
from yingji.core.testing import JIANGAN, actor_for, client_for, make_user


@pytest.fixture
def inspector(db: Any) -> Any:
    return make_user("ja_zf", roles=["inspector"], scope=JIANGAN, real_name="江岸执法员")


def _reported(accident: Accident, supervisor: Any) -> Accident:
    actor = actor_for(supervisor)
    investigation.add_team_member(accident, expected_version=seen(accident),
                                  actor=actor, role="lead", name="江岸区应急管理局")
    return investigation.submit_report(accident, expected_version=seen(accident),
                                       actor=actor, submitted_on=timezone.localdate())


def _replied(accident: Accident, supervisor: Any, leader: Any) -> Accident:
    done = _reported(accident, supervisor)
    return investigation.record_reply(done, expected_version=seen(done),
                                      actor=actor_for(leader), replied_on=timezone.localdate(),
                                      document="岸政函〔2026〕3号")


def _body(name: str) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "escalate": {"name": "escalate", "level": "city", "reason": "社会影响较大"},
        "supervise": {"name": "supervise", "department": "武汉市安委办",
                      "due": str(today + timedelta(days=60))},
        "reply": {"name": "reply", "replied_on": str(today), "document": "岸政函〔2026〕3号"},
        "close": {"name": "close", "closed_on": str(today)},
    }[name]


def _ready(name: str, accident: Accident, supervisor: Any, leader: Any) -> Accident:
    if name == "reply":
        return _reported(accident, supervisor)
    if name == "close":
        return _replied(accident, supervisor, leader)
    return accident


def _changed(name: str, accident: Accident) -> bool:
    accident.refresh_from_db()
    return {"escalate": accident.escalated, "supervise": accident.supervised,
            "reply": accident.state == Stage.REPLIED, "close": accident.state == Stage.CLOSED}[name]


@pytest.mark.parametrize("name", ["escalate", "supervise", "reply", "close"])
def test_an_inspector_is_refused_on_the_page_and_a_leader_succeeds(
        name: str, accident: Accident, supervisor: Any, leader: Any, inspector: Any) -> None:
    accident = _ready(name, accident, supervisor, leader)
    url = reverse("accident_step", args=[accident.pk])
    assert client_for(inspector).post(url, _body(name)).status_code == 403
    assert not _changed(name, accident)
    done = client_for(leader).post(url, {**_body(name), "version": accident.version}, follow=True)
    assert done.status_code == 200
    assert _changed(name, accident), done.content.decode()[-3000:]


@pytest.mark.parametrize("name", ["escalate", "supervise", "reply", "close"])
def test_an_inspector_is_refused_in_the_api_and_a_leader_succeeds(
        name: str, accident: Accident, supervisor: Any, leader: Any, inspector: Any) -> None:
    accident = _ready(name, accident, supervisor, leader)
    url = f"/api/v1/accidents/accidents/{accident.pk}/step/"
    refused = client_for(inspector).post(url, _body(name), content_type="application/json")
    assert refused.status_code == 403
    assert not _changed(name, accident)
    done = client_for(leader).post(url, {**_body(name), "version": accident.version},
                                   content_type="application/json")
    assert done.status_code == 200, done.content
    assert _changed(name, accident)


def test_the_routine_entries_stay_the_investigating_staffs(accident: Accident, inspector: Any,
                                                           leader: Any, supervisor: Any) -> None:
    url = f"/api/v1/accidents/accidents/{accident.pk}/step/"
    body = {"name": "team", "role": "lead", "unit": "江岸区应急管理局", "version": 0}
    assert client_for(leader).post(url, body, content_type="application/json").status_code == 403
    assert client_for(supervisor).post(url, body, content_type="application/json").status_code == 200
    assert accident.team.count() == 1


def test_a_districts_own_leader_is_not_the_higher_level(accident: Accident) -> None:
    own = make_user("ja_ld2", roles=["duty_leader"], scope=JIANGAN)
    url = f"/api/v1/accidents/accidents/{accident.pk}/step/"
    refused = client_for(own).post(url, {**_body("supervise"), "version": 0},
                                   content_type="application/json")
    assert refused.status_code == 409
    assert "上级" in refused.json()["error"]["message"]
    page = client_for(own).get(reverse("accident_detail", args=[accident.pk])).content.decode()
    assert "挂牌督办</summary>" not in page
    assert not _changed("supervise", accident)


def test_the_leader_is_offered_the_leaders_steps_only(accident: Accident, leader: Any) -> None:
    page = client_for(leader).get(reverse("accident_detail", args=[accident.pk])).content.decode()
    assert "提级调查</summary>" in page and "挂牌督办</summary>" in page
    assert "提交调查报告</summary>" not in page and "核定伤亡损失</summary>" not in page
