"""Bad or out-of-scope input to plans' pages and API: a Chinese field message (400) or
an ignored query value, never a 500, and nothing started or saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingji.core.models import Region
from yingji.core.testing import WUCHANG, WUHAN, actor_for, client_for, make_user
from yingji.plans.models import PlanActivation
from yingji.plans.services import activation
from yingji.plans.tests.factories import bring_in_force, build_plan


@pytest.fixture
def wuchang_plan(db: Any) -> Any:
    user = make_user("wc_sup", roles=["supervisor", "duty_leader"], scope=WUCHANG)
    actor = actor_for(user)
    plan = build_plan(actor, Region.objects.get(code=WUCHANG), name="武昌区火灾事故应急预案")
    return bring_in_force(plan, actor, issued_on=date(2025, 3, 3))


def test_a_plan_outside_the_scope_or_not_covering_the_incident_is_not_started(
        incident: Any, supervisor: Any, wuchang_plan: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        activation.activate(incident, wuchang_plan, "IV", actor=actor_for(supervisor))
    assert refused.value.message_dict["plan"] == ["所选预案不在您的数据范围内"]
    city = make_user("wh_sup_t", roles=["supervisor", "duty_leader"], scope=WUHAN)
    with pytest.raises(ValidationError) as refused:
        activation.activate(incident, wuchang_plan, "IV", actor=actor_for(city))
    assert "不适用于本事件" in refused.value.message_dict["plan"][0]
    response = client_for(supervisor).post(reverse("incident_plan_step", kwargs={"pk": incident.pk}),
                                           {"name": "start_plan", "plan": wuchang_plan.pk, "level": "IV"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "启动预案失败：预案：预案不存在或不在您的数据范围内"]
    assert not PlanActivation.objects.exists()


def test_malformed_ids_are_field_errors(incident: Any, supervisor: Any, fire_plan: Any) -> None:
    client = client_for(supervisor)
    started = client.post("/api/v1/plans/activations/", {"incident": "abc", "plan": fire_plan.pk,
                                                         "level": "IV"}, content_type="application/json")
    assert started.status_code == 400
    assert started.json()["error"]["fields"]["incident"] == ["应为正整数编号"]
    matched = client.get("/api/v1/plans/activations/match/?incident=abc")
    assert matched.status_code == 400
    assert matched.json()["error"]["fields"]["incident"] == ["应为正整数编号"]
    found = client.get(f"/api/v1/plans/activations/match/?incident={incident.pk}")
    assert found.status_code == 200 and [m["plan"] for m in found.json()] == [fire_plan.pk]
    outsider = client_for(make_user("wc_duty", roles=["supervisor", "duty_leader"], scope=WUCHANG))
    assert outsider.get(f"/api/v1/plans/activations/match/?incident={incident.pk}").status_code == 404
    page = client.get(reverse("triggercondition_add") + "?response_level=abc")
    assert page.status_code == 200
    assert not PlanActivation.objects.exists()


def test_the_api_refuses_related_rows_outside_the_scope(supervisor: Any, fire_plan: Any,
                                                        wuchang_plan: Any) -> None:
    client = client_for(supervisor)
    response = client.patch(f"/api/v1/plans/plans/{fire_plan.pk}/", {"parent": wuchang_plan.pk},
                            content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["parent"] == ["所选对象不存在或不在您的数据范围内"]
    fire_plan.refresh_from_db()
    assert fire_plan.parent_id is None
    drill = {"plan": wuchang_plan.pk, "title": "越权演练", "kind": "tabletop", "region": fire_plan.region_id,
             "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "情景",
             "planned_on": "2026-12-20"}
    response = client.post("/api/v1/plans/drills/", drill, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["plan"] == ["所选对象不存在或不在您的数据范围内"]
    other = make_user("wc_eval", roles=["evaluator"], scope=WUCHANG)
    response = client.post("/api/v1/plans/drills/", {**drill, "plan": fire_plan.pk, "evaluator": other.pk},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["evaluator"] == ["所选评估员的数据范围不含演练所在区划"]
