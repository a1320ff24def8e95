"""Changing a household's relief application: through ``relief.update_case`` on the page
and the API, audited, and refused once 县审批 has approved it (and while it is under
review); the event and the category stay as registered; another district's officer
never reaches the case."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from yingji.core.models import AuditLog
from yingji.core.testing import WUCHANG, actor_for, client_for, make_user
from yingji.disasters.models import DisasterEvent, ReliefCase
from yingji.disasters.services import relief
from yingji.disasters.tests.test_relief import case_data

pytestmark = pytest.mark.django_db
API = "/api/v1/disasters/relief"


def _case(event: DisasterEvent, people: dict[str, Any], **fields: Any) -> ReliefCase:
    return relief.create_case(case_data(event, **fields), actor=actor_for(people["informant"]))


def _approved(event: DisasterEvent, people: dict[str, Any]) -> ReliefCase:
    case = _case(event, people, id_number="110105194912310038", head_name="李建国")
    case = relief.step(case, "village_review", actor=actor_for(people["informant"]), comment="评议同意")
    case = relief.step(case, "town_audit", actor=actor_for(people["street"]), comment="属实")
    return relief.step(case, "approve", actor=actor_for(people["county_leader"]), comment="同意")


def _page_form(case: ReliefCase, **changes: Any) -> dict[str, Any]:
    data = {
        "event": case.event_id,
        "region": case.region_id,
        "category": case.category,
        "head_name": case.head_name,
        "phone": case.phone,
        "members": case.members,
        "member_names": case.member_names,
        "address": case.address,
        "situation": case.situation,
        "amount": str(case.amount),
        "goods": case.goods,
    }
    data.update(changes)
    return data


def test_an_application_is_corrected_through_the_service_and_audited(event, people) -> None:
    case = _case(event, people)
    changed = relief.update_case(
        case, {"members": 5, "amount": Decimal("1200")}, actor=actor_for(people["informant"])
    )
    assert (changed.members, changed.amount) == (5, Decimal("1200"))
    entry = (
        AuditLog.objects.filter(object_type="disasters.reliefcase", object_id=str(case.pk))
        .order_by("-pk")
        .first()
    )
    assert entry is not None and entry.action == "update" and entry.after["members"] == 5


def test_an_approved_case_is_never_changed(event, people) -> None:
    case = _approved(event, people)
    with pytest.raises(ValidationError) as refused:
        relief.update_case(case, {"amount": Decimal("9999")}, actor=actor_for(people["county_leader"]))
    assert "已经县级审批" in refused.value.messages[0]
    assert ReliefCase.objects.get(pk=case.pk).amount == Decimal("800")


def test_a_case_under_review_is_returned_before_it_changes(event, people) -> None:
    case = relief.step(
        _case(event, people), "village_review", actor=actor_for(people["informant"]), comment="评议同意"
    )
    with pytest.raises(ValidationError) as refused:
        relief.update_case(case, {"members": 9}, actor=actor_for(people["street"]))
    assert "请由审核人退回" in refused.value.messages[0]


def test_the_event_and_category_stay_as_registered(event, people) -> None:
    case = _case(event, people)
    with pytest.raises(ValidationError) as refused:
        relief.update_case(case, {"category": "transition"}, actor=actor_for(people["informant"]))
    assert refused.value.message_dict["category"] == ["救助类别登记后不能修改，如有错误请另行登记"]


def test_the_page_edits_a_new_application_and_refuses_an_approved_one(event, people) -> None:
    case = _case(event, people)
    client = client_for(people["informant"])
    url = f"/disasters/relief/{case.pk}/edit/"
    page = client.get(url).content.decode()
    assert "户主身份证号" not in page  # the ID number is taken once, at registration
    done = client.post(url, _page_form(case, members=4))
    assert done.status_code == 302 and ReliefCase.objects.get(pk=case.pk).members == 4

    approved = _approved(event, people)
    leader = client_for(people["county_leader"])
    refused = leader.post(f"/disasters/relief/{approved.pk}/edit/", _page_form(approved, amount="9999"))
    assert refused.status_code == 200 and "已经县级审批" in refused.content.decode()
    assert ReliefCase.objects.get(pk=approved.pk).amount == Decimal("800")
    detail = leader.get(f"/disasters/relief/{approved.pk}/").content.decode()
    assert f"/disasters/relief/{approved.pk}/edit/" not in detail


def test_the_api_patches_an_application_and_answers_409_or_400_after_approval(event, people) -> None:
    case = _case(event, people)
    client = client_for(people["informant"])
    ok = client.patch(f"{API}/{case.pk}/", json.dumps({"members": 6}), content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["members"] == 6 and "id_number_index" not in ok.json()

    approved = _approved(event, people)
    refused = client_for(people["county_leader"]).patch(
        f"{API}/{approved.pk}/", json.dumps({"amount": "9999"}), content_type="application/json"
    )
    assert refused.status_code == 400
    assert "已经县级审批" in refused.json()["error"]["message"]
    assert ReliefCase.objects.get(pk=approved.pk).amount == Decimal("800")


def test_another_districts_officer_neither_sees_nor_changes_the_case(event, people) -> None:
    case = _case(event, people)
    outsider = make_user("t_wuchang", roles=["duty_officer"], scope=WUCHANG)
    client = client_for(outsider)
    assert client.get(f"/disasters/relief/{case.pk}/edit/").status_code == 404
    assert client.post(f"/disasters/relief/{case.pk}/edit/", _page_form(case, members=9)).status_code == 404
    answer = client.patch(f"{API}/{case.pk}/", json.dumps({"members": 9}), content_type="application/json")
    assert answer.status_code == 404
    assert ReliefCase.objects.get(pk=case.pk).members == 3
