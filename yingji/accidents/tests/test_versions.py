"""Every change of an accident names the version the person saw: the page and the API
send it, a missing one is refused, a stale one is a 409 (the page: a Chinese message)
and changes nothing; a change bumps the version and is audited. A grade correction
(更正错误数字, with its reason) is such a change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from yingji.accidents.models import Accident, GradeChange
from yingji.accidents.services import accidents, investigation
from yingji.accidents.tests.conftest import accident_data, seen
from yingji.core.models import AuditLog
from yingji.core.testing import actor_for, client_for
from yingji.core.workflow import StaleObject

STALE = "该记录已被他人处理或修改，请刷新页面后重试"
API = "/api/v1/accidents/accidents/"


def _larger(street: Any, supervisor: Any) -> Accident:
    """A 较大 accident (three deaths) whose figures are then found wrong."""
    return accidents.create_accident(accident_data(street, deaths=3), actor=actor_for(supervisor))


def _audits(accident: Accident) -> list[AuditLog]:
    return list(AuditLog.objects.filter(object_id=str(accident.pk), action="update").order_by("chain_index"))


def test_a_grade_correction_bumps_the_version_and_is_audited(street: Any, supervisor: Any) -> None:
    accident = _larger(street, supervisor)
    assert (accident.grade, accident.version) == ("III", 0)
    change = accidents.change_figures(accident, actor=actor_for(supervisor), expected_version=0,
                                      correction=True, reason="统计错误：一人系病亡，不计入",
                                      deaths=2)
    accident.refresh_from_db()
    assert (accident.grade, accident.version) == ("IV", 1)
    assert (change.old_grade, change.new_grade, change.correction) == ("III", "IV", True)
    entry = _audits(accident)[-1]
    before, after = entry.before or {}, entry.after or {}
    assert before["grade"] == "III" and after["grade"] == "IV"
    assert before["version"] == 0 and after["version"] == 1
    assert entry.actor_id == supervisor.pk and "核定伤亡损失" in entry.detail


def test_a_correction_on_a_stale_version_changes_nothing(street: Any, supervisor: Any) -> None:
    accident = _larger(street, supervisor)
    investigation.mark_typical(accident, actor=actor_for(supervisor), expected_version=0,
                               typical=True, lessons="高处作业必须系挂安全带，严禁违章作业。")
    audits = len(_audits(accident))
    with pytest.raises(StaleObject):
        accidents.change_figures(accident, actor=actor_for(supervisor), expected_version=0,
                                 correction=True, reason="统计错误", deaths=2)
    accident.refresh_from_db()
    assert (accident.grade, accident.deaths, accident.version) == ("III", 3, 1)
    assert GradeChange.objects.filter(accident=accident).count() == 1  # the entry only
    assert len(_audits(accident)) == audits


def test_the_api_correction_needs_the_version_and_refuses_a_stale_one(street: Any,
                                                                     supervisor: Any) -> None:
    accident = _larger(street, supervisor)
    client = client_for(supervisor)
    body = {"name": "figures", "deaths": 2, "missing": 0, "serious_injuries": 0,
            "minor_injuries": 1, "loss_wan": "120", "reason": "统计错误", "correction": True}
    url = f"{API}{accident.pk}/step/"
    missing = client.post(url, body, content_type="application/json")
    assert missing.status_code == 400 and "版本" in str(missing.json())
    stale = client.post(url, {**body, "version": 5}, content_type="application/json")
    assert stale.status_code == 409 and STALE in str(stale.json())
    accident.refresh_from_db()
    assert (accident.grade, accident.version) == ("III", 0)
    done = client.post(url, {**body, "version": 0}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert (done.json()["grade"], done.json()["version"]) == ("IV", 1)
    assert done.json()["grade_changes"][-1]["correction"] is True


def test_a_row_step_on_a_stale_version_is_refused(accident: Accident, supervisor: Any) -> None:
    """A step on one of the accident's rows (a member removed) checks the accident's
    version the person saw, not the one the row's accident has now."""
    member = investigation.add_team_member(accident, actor=actor_for(supervisor), expected_version=0,
                                           role="lead", name="江岸区应急管理局")
    url = f"{API}{accident.pk}/step/"
    stale = client_for(supervisor).post(url, {"name": "remove_member", "member": member.pk,
                                              "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    assert accident.team.filter(pk=member.pk).exists() and seen(accident) == 1


def test_the_api_record_correction_is_versioned(accident: Accident, supervisor: Any) -> None:
    client = client_for(supervisor)
    url = f"{API}{accident.pk}/"
    missing = client.patch(url, {"address": "大智街道工业路10号"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    stale = client.patch(url, {"address": "大智街道工业路10号", "version": 3},
                         content_type="application/json")
    assert stale.status_code == 409 and STALE in str(stale.json())
    accident.refresh_from_db()
    assert accident.address == "大智街道工业路8号" and accident.version == 0
    done = client.patch(url, {"address": "大智街道工业路10号", "version": 0},
                        content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["version"] == 1 and done.json()["address"] == "大智街道工业路10号"
    entry = _audits(accident)[-1]
    assert (entry.before or {})["address"] == "大智街道工业路8号" and (entry.after or {})["version"] == 1


def test_the_page_correction_of_a_stale_page_changes_nothing(accident: Accident, supervisor: Any,
                                                             street: Any) -> None:
    client = client_for(supervisor)
    url = reverse("accident_edit", args=[accident.pk])
    form = client.get(url).content.decode()
    assert 'name="seen_version"' in form and 'value="0"' in form
    investigation.mark_typical(accident, actor=actor_for(supervisor), expected_version=0,
                               typical=True, lessons="冲压作业必须配置光电保护装置，严禁违章作业。")
    data = {**accident_data(street), "region": street.code, "causes": ["unsafe_act"],
            "occurred_at": accident.occurred_at.strftime("%Y-%m-%dT%H:%M"), "is_production": "on",
            "address": "大智街道工业路10号", "subtype": accident.subtype, "seen_version": 0}
    data = {k: v for k, v in data.items() if k not in ("deaths", "missing", "serious_injuries",
                                                        "minor_injuries", "loss_wan")}
    refused = client.post(url, data)
    assert refused.status_code == 200 and STALE in refused.content.decode(), \
        [line for line in refused.content.decode().splitlines() if "invalid" in line or "alert" in line]
    accident.refresh_from_db()
    assert accident.address == "大智街道工业路8号" and accident.version == 1
    saved = client.post(url, {**data, "seen_version": 1})
    assert saved.status_code == 302
    accident.refresh_from_db()
    assert accident.address == "大智街道工业路10号" and accident.version == 2
    assert accident.loss_wan == Decimal("120")
