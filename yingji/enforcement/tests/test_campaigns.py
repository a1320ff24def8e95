"""Special campaigns (专项执法行动): an inspection source naming its campaign, the tasks per
district and team, planned versus done on the plan page, bad input refused in Chinese."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yingji.core.testing import actor_for, client_for, system
from yingji.enforcement.models import Campaign, Inspection
from yingji.enforcement.services import campaigns, inspections, people, plans
from yingji.enforcement.tests.conftest import Bureau, make_inspector
from yingji.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _world(b: Bureau) -> dict[str, Any]:
    today = timezone.localdate()
    district = b.enterprise.region.parent
    plan = plans.create_plan({"year": today.year, "title": "测试年度计划", "department": b.department,
                              "region": district}, actor=system(), fill=False)
    third = make_inspector(None, b.department, name="执法丙")
    fourth = make_inspector(None, b.department, name="执法丁")
    one = people.create_team({"name": "测试一组", "department": b.department, "region": district,
                              "members": b.officers, "leader": b.officers[0]}, actor=system())
    two = people.create_team({"name": "测试二组", "department": b.department, "region": district,
                              "members": [third, fourth], "leader": third}, actor=system())
    campaign = campaigns.create_campaign({
        "plan": plan, "name": "危险化学品安全专项整治", "starts_on": date(today.year, 1, 1),
        "ends_on": today}, actor=actor_for(b.leader))
    return {"plan": plan, "campaign": campaign, "one": one, "two": two, "crew2": [third, fourth]}


def _inspect(b: Bureau, w: dict[str, Any], team: Any, crew: list[Any], **extra: Any) -> Inspection:
    return inspections.record_inspection({
        "enterprise": extra.pop("enterprise", b.enterprise), "source": "campaign",
        "campaign": w["campaign"], "team": team, "inspected_on": timezone.localdate(), **extra},
        actor=actor_for(b.inspector_user), inspectors=crew)


def test_campaign_inspections_count_against_the_tasks_of_their_district_and_team(bureau: Bureau) -> None:
    w = _world(bureau)
    leader = actor_for(bureau.leader)
    district = w["plan"].region
    campaigns.create_quota({"campaign": w["campaign"], "region": district, "team": w["one"],
                            "planned": 3}, actor=leader)
    campaigns.create_quota({"campaign": w["campaign"], "region": district, "team": None,
                            "planned": 2}, actor=leader)
    first = _inspect(bureau, w, w["one"], bureau.officers)
    assert first.source == "campaign" and first.plan_id == w["plan"].pk
    _inspect(bureau, w, w["one"], bureau.officers)
    _inspect(bureau, w, w["two"], w["crew2"])  # no task of its own: the district's task
    p = campaigns.progress(w["campaign"])
    assert (p.planned, p.done, p.unplanned) == (5, 3, 0)
    assert sorted(p.rows) == sorted([(f"{district.name} · 测试一组", 3, 2), (district.name, 2, 1)])
    # The plan page shows the campaign with its figures.
    text = client_for(bureau.leader).get(reverse("annualplan_detail", args=[w["plan"].pk])).content.decode()
    assert "危险化学品安全专项整治" in text
    assert "计划检查 <strong>5</strong> 家次，已检查 <strong>3</strong> 家次" in text
    assert f'href="{reverse("campaign_add")}?plan={w["plan"].pk}"' in text
    detail = client_for(bureau.inspector_user).get(reverse("campaign_detail", args=[w["campaign"].pk]))
    assert detail.status_code == 200 and "测试一组" in detail.content.decode()
    api = client_for(bureau.inspector_user).get(f"/api/v1/enforcement/campaigns/{w['campaign'].pk}/progress/")
    assert api.json()["planned"] == 5 and api.json()["done"] == 3


def test_a_campaign_inspection_needs_its_campaign_within_its_period_and_region(bureau: Bureau) -> None:
    w = _world(bureau)
    with pytest.raises(ValidationError) as err:
        inspections.record_inspection({"enterprise": bureau.enterprise, "source": "campaign"},
                                      actor=system(), inspectors=bureau.officers)
    assert "campaign" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        _inspect(bureau, w, None, bureau.officers, source="plan")
    assert "source" in err.value.message_dict
    campaigns.update_campaign(w["campaign"], {"ends_on": timezone.localdate() - timedelta(days=1)},
                              actor=system())
    w["campaign"].refresh_from_db()
    with pytest.raises(ValidationError) as err:
        _inspect(bureau, w, None, bureau.officers)
    assert "专项行动期间" in err.value.message_dict["inspected_on"][0]
    campaigns.update_campaign(w["campaign"], {"ends_on": timezone.localdate()}, actor=system())
    w["campaign"].refresh_from_db()
    elsewhere = make_enterprise(953, street_code="420106001000", name="武昌测试企业")
    with pytest.raises(ValidationError) as err:
        _inspect(bureau, w, None, bureau.officers, enterprise=elsewhere)
    assert "区域" in err.value.message_dict["campaign"][0]
    assert not Inspection.objects.exists()


def test_bad_campaigns_and_tasks_are_refused_with_chinese_messages(bureau: Bureau) -> None:
    w = _world(bureau)
    year = w["plan"].year
    for data, key in (({"starts_on": date(year, 6, 1), "ends_on": date(year, 5, 1)}, "ends_on"),
                      ({"starts_on": date(year - 1, 6, 1), "ends_on": date(year, 5, 1)}, "starts_on")):
        with pytest.raises(ValidationError) as err:
            campaigns.create_campaign({"plan": w["plan"], "name": "错误专项", **data}, actor=system())
        assert key in err.value.message_dict
    from yingji.core.testing import region

    with pytest.raises(ValidationError) as err:
        campaigns.create_quota({"campaign": w["campaign"], "region": region("420106000000"),
                                "planned": 4}, actor=system())
    assert "区域" in err.value.message_dict["region"][0]
    assert Campaign.objects.count() == 1 and not w["campaign"].quotas.exists()
    # The page form says it in Chinese and changes nothing.
    client = client_for(bureau.leader)
    page = client.post(reverse("campaign_add") + f"?plan={w['plan'].pk}", {
        "plan": w["plan"].pk, "name": "页面专项", "starts_on": f"{year}-06-01",
        "ends_on": f"{year}-05-01"})
    assert page.status_code == 200 and "结束日期不能早于开始日期" in page.content.decode()
    assert Campaign.objects.count() == 1


def test_the_task_api_filters_by_campaign(bureau: Bureau) -> None:
    w = _world(bureau)
    period = {"starts_on": w["campaign"].starts_on, "ends_on": w["campaign"].ends_on}
    other = campaigns.create_campaign({"plan": w["plan"], "name": "有限空间专项", **period},
                                      actor=system())
    district = w["plan"].region
    mine = campaigns.create_quota({"campaign": w["campaign"], "region": district, "planned": 2},
                                  actor=system())
    campaigns.create_quota({"campaign": other, "region": district, "planned": 5}, actor=system())
    client = client_for(bureau.leader)
    rows = client.get(f"/api/v1/enforcement/campaign-tasks/?campaign={w['campaign'].pk}").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert client.get("/api/v1/enforcement/campaign-tasks/").json()["count"] == 2


def test_the_plan_months_count_a_key_enterprise_only_up_to_its_yearly_visits(bureau: Bureau) -> None:
    """The month table's running figure ends at the year's done: a fourth visit to an
    enterprise planned for two counts in neither."""
    from yingji.core.services.objects import create_object
    from yingji.enforcement.models import PlanTarget

    w = _world(bureau)
    year = w["plan"].year
    create_object(PlanTarget, {"plan": w["plan"], "enterprise": bureau.enterprise, "visits_per_year": 2},
                  actor=system())
    today = timezone.localdate()
    for k in range(4):
        inspections.record_inspection({"enterprise": bureau.enterprise, "source": "plan",
                                       "inspected_on": max(date(year, 1, 1), today - timedelta(days=40 * k))},
                                      actor=system(), inspectors=bureau.officers)
    p = plans.progress(w["plan"], month=12)
    assert p.done == 2
    assert p.by_month[-1][2] == p.done == 2


def test_a_task_never_moves_to_another_campaign(bureau: Bureau) -> None:
    w = _world(bureau)
    period = {"starts_on": w["campaign"].starts_on, "ends_on": w["campaign"].ends_on}
    other = campaigns.create_campaign({"plan": w["plan"], "name": "有限空间专项", **period},
                                      actor=system())
    task = campaigns.create_quota({"campaign": w["campaign"], "region": w["plan"].region, "planned": 2},
                                  actor=system())
    message = "任务不能改到其他专项行动；如需调整，请在该专项行动下另行分配任务"
    with pytest.raises(ValidationError) as err:
        campaigns.update_quota(task, {"campaign": other, "planned": 9}, actor=actor_for(bureau.leader))
    assert err.value.message_dict == {"campaign": [message]}
    task.refresh_from_db()
    assert (task.campaign_id, task.planned) == (w["campaign"].pk, 2)
    # The same campaign (the edit form posts it back) is no move.
    changed = campaigns.update_quota(task, {"campaign": w["campaign"], "planned": 3},
                                     actor=actor_for(bureau.leader))
    assert changed.planned == 3
    client = client_for(bureau.leader)
    answer = client.patch(f"/api/v1/enforcement/campaign-tasks/{task.pk}/", {"campaign": other.pk},
                          content_type="application/json")
    assert answer.status_code == 400 and answer.json()["error"]["fields"]["campaign"] == [message]
    task.refresh_from_db()
    assert task.campaign_id == w["campaign"].pk
