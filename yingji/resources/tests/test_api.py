"""API: CRUD through the services, scope (404 and absent), permissions, the ledger
endpoint with Chinese refusals, transfers with approval, analysis endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from yingji.core.testing import WUCHANG, make_user
from yingji.resources.models import RescueTeam, StockMovement
from yingji.resources.services import stock
from yingji.resources.tests.factories import SYSTEM, item, shelter, team, warehouse

pytestmark = pytest.mark.django_db

ENDPOINTS = ["rescue-teams", "equipment", "experts", "expert-evaluations", "warehouses",
             "supply-items", "reserve-standards", "stock-batches", "stock-movements", "transfers",
             "supply-producers", "shelters", "community-profiles", "road-speeds", "road-networks",
             "analysis-settings"]


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_lists_need_permission(endpoint: str, jiangan_officer: Any, unpermitted: Any) -> None:
    assert api(jiangan_officer).get(f"/api/v1/{endpoint}/").status_code == 200
    assert api(unpermitted).get(f"/api/v1/{endpoint}/").status_code == 403
    assert APIClient().get(f"/api/v1/{endpoint}/").status_code in (401, 403)


def test_create_team_in_scope_and_refuse_outside(jiangan_officer: Any) -> None:
    client = api(jiangan_officer)
    body = {"name": "江岸区蓝天救援队", "region": "420102000000", "kind": "social",
            "headcount": 20, "longitude": 114.3, "latitude": 30.6, "capabilities": "水上救援"}
    created = client.post("/api/v1/rescue-teams/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["kind_display"] == "社会应急力量"
    outside = client.post("/api/v1/rescue-teams/", {**body, "region": WUCHANG}, format="json")
    assert outside.status_code == 400
    swapped = client.post("/api/v1/rescue-teams/", {**body, "longitude": 30.6, "latitude": 114.3},
                          format="json")
    assert swapped.status_code == 400
    assert "超出服务范围" in str(swapped.json()["error"])
    assert RescueTeam.objects.count() == 1


def test_out_of_scope_objects_are_404(jiangan_officer: Any) -> None:
    other = team("武昌队", region_code=WUCHANG)
    other_shelter = shelter("武昌场所", region_code=WUCHANG)
    client = api(jiangan_officer)
    assert client.get(f"/api/v1/rescue-teams/{other.pk}/").status_code == 404
    assert client.patch(f"/api/v1/rescue-teams/{other.pk}/", {"headcount": 1},
                        format="json").status_code == 404
    assert client.get(f"/api/v1/shelters/{other_shelter.pk}/").status_code == 404
    assert client.get("/api/v1/rescue-teams/").json()["count"] == 0


def test_ledger_endpoint(jiangan_officer: Any) -> None:
    house = warehouse()
    client = api(jiangan_officer)
    received = client.post("/api/v1/stock-movements/", {
        "kind": "inbound", "warehouse": house.pk, "item": item().pk, "batch_no": "2026-01",
        "quantity": "100"}, format="json")
    assert received.status_code == 201, received.content
    batch_id = received.json()["batch"]
    too_much = client.post("/api/v1/stock-movements/", {
        "kind": "outbound", "batch": batch_id, "quantity": "101", "reason": "转移"}, format="json")
    assert too_much.status_code == 400
    assert "库存不足" in too_much.json()["error"]["fields"]["quantity"][0]
    negative = client.post("/api/v1/stock-movements/", {
        "kind": "stocktake", "batch": batch_id, "quantity": "-3"}, format="json")
    assert negative.status_code == 400 and "不能为负数" in str(negative.json())
    missing = client.post("/api/v1/stock-movements/", {"kind": "outbound", "quantity": "1"},
                          format="json")
    assert missing.status_code == 400 and "请指定库存批次" in str(missing.json())
    assert StockMovement.objects.count() == 1
    batch = client.get(f"/api/v1/stock-batches/{batch_id}/").json()
    assert batch["quantity"] == "100.00"


def test_ledger_endpoint_refuses_other_districts_batches(jiangan_officer: Any) -> None:
    other = stock.receive(warehouse=warehouse("武昌库", region_code=WUCHANG), item=item(),
                          batch_no="A", quantity=5, actor=SYSTEM).batch
    response = api(jiangan_officer).post("/api/v1/stock-movements/", {
        "kind": "outbound", "batch": other.pk, "quantity": "1", "reason": "x"}, format="json")
    assert response.status_code == 400
    assert StockMovement.objects.count() == 1


def test_transfer_request_and_approval(commander: Any) -> None:
    source = warehouse()
    target = warehouse("武昌库", region_code=WUCHANG)
    batch = stock.receive(warehouse=source, item=item(), batch_no="A", quantity=50, actor=SYSTEM).batch
    requested = api(commander).post("/api/v1/transfers/", {
        "batch": batch.pk, "target": target.pk, "quantity": "20", "reason": "支援"}, format="json")
    assert requested.status_code == 201, requested.content
    pk = requested.json()["id"]
    own = api(commander).post(f"/api/v1/transfers/{pk}/decide/", {"approve": True}, format="json")
    assert own.status_code == 403 and "本人" in own.json()["error"]["message"]
    leader = make_user("leader", roles=["duty_leader"], scope="420100000000")
    done = api(leader).post(f"/api/v1/transfers/{pk}/decide/", {"approve": True}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    batch.refresh_from_db()
    assert batch.quantity == 30


def test_analysis_endpoints(jiangan_officer: Any, unpermitted: Any) -> None:
    team("江岸队", longitude=114.301, latitude=30.6)
    client = api(jiangan_officer)
    nearest = client.post("/api/v1/resources/nearest/", {"longitude": 114.3, "latitude": 30.6,
                                                         "types": ["team"]}, format="json")
    assert nearest.status_code == 200
    assert nearest.json()["estimated"] is True
    assert nearest.json()["results"][0]["name"] == "江岸队"
    outside = client.post("/api/v1/resources/nearest/", {"longitude": 0, "latitude": 0}, format="json")
    assert outside.status_code == 400 and "超出服务范围" in str(outside.json())
    coverage = client.post("/api/v1/resources/coverage/", {"minutes": 15, "suggest": 2}, format="json")
    assert coverage.status_code == 200
    body = coverage.json()
    assert body["communities"]["total"] > 0 and len(body["suggestions"]) <= 2
    assert client.post("/api/v1/resources/evacuation/").status_code == 200
    assert client.get("/api/v1/resources/alerts/").status_code == 200
    assert api(unpermitted).post("/api/v1/resources/nearest/", {"longitude": 114.3, "latitude": 30.6},
                                 format="json").status_code == 403


def test_expert_evaluation_and_review(commander: Any) -> None:
    client = api(commander)
    expert = client.post("/api/v1/experts/", {"name": "张工", "region": "420102000000",
                                              "specialities": "危险化学品"}, format="json").json()
    evaluation = client.post("/api/v1/expert-evaluations/", {
        "expert": expert["id"], "used_on": "2026-01-05", "occasion": "化工泄漏会商", "score": 5},
        format="json")
    assert evaluation.status_code == 201, evaluation.content
    bad = client.post("/api/v1/expert-evaluations/", {
        "expert": expert["id"], "used_on": "2026-01-05", "occasion": "x", "score": 9}, format="json")
    assert bad.status_code == 400
    reviewed = client.post(f"/api/v1/experts/{expert['id']}/review/", {"approve": True},
                           format="json")
    assert reviewed.status_code == 200 and reviewed.json()["next_review_on"]


@pytest.mark.parametrize("count", [1, 12])
def test_api_list_query_counts(count: int, jiangan_officer: Any,
                               django_assert_max_num_queries: Any) -> None:
    for i in range(count):
        team(f"队{i}")
        shelter(f"场所{i}")
    client = api(jiangan_officer)
    for endpoint in ("rescue-teams", "shelters", "stock-batches"):
        with django_assert_max_num_queries(12):
            assert client.get(f"/api/v1/{endpoint}/").status_code == 200


def test_analysis_settings_api(commander: Any, jiangan_officer: Any) -> None:
    from yingji.resources.services.stock import analysis_settings

    analysis_settings()
    assert api(jiangan_officer).get("/api/v1/analysis-settings/1/").json()["rescue_minutes"] == 15
    refused = api(jiangan_officer).patch("/api/v1/analysis-settings/1/", {"rescue_minutes": 10},
                                         format="json")
    # A district scope may read the installation's parameters but not write them.
    assert refused.status_code == 403
    assert analysis_settings().rescue_minutes == 15
    done = api(commander).patch("/api/v1/analysis-settings/1/", {"rescue_minutes": 10}, format="json")
    assert done.status_code == 200 and done.json()["rescue_minutes"] == 10
