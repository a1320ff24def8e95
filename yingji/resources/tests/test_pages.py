"""Pages: registries, stock, map, nearest, coverage, evacuation — permissions, scope,
exports, movements through the pages, and bounded query counts."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from yingji.core.testing import WUCHANG, client_for
from yingji.resources.models import StockMovement
from yingji.resources.services import stock
from yingji.resources.tests.factories import SYSTEM, item, shelter, team, warehouse

pytestmark = pytest.mark.django_db

LISTS = ["rescueteam_list", "expert_list", "warehouse_list", "shelter_list", "equipment_list",
         "supplyitem_list", "supplyproducer_list", "communityprofile_list", "stockbatch_list",
         "stockmovement_list", "resources_map", "resources_nearest", "resources_coverage",
         "resources_evacuation", "reservestandard_list", "roadspeed_list", "transfer_list"]


@pytest.mark.parametrize("name", LISTS)
def test_pages_open_for_a_keeper_and_are_refused_without_permission(
        name: str, jiangan_officer: Any, unpermitted: Any, client: Any) -> None:
    assert client_for(jiangan_officer).get(reverse(name)).status_code == 200
    assert client_for(unpermitted).get(reverse(name)).status_code == 403
    assert client.get(reverse(name)).status_code == 302


def test_out_of_scope_rows_are_404_and_absent_from_lists_and_exports(
        jiangan_officer: Any) -> None:
    mine = team("江岸区消防救援大队")
    other = team("武昌区消防救援大队", region_code=WUCHANG)
    other_shelter = shelter("沙湖公园", region_code=WUCHANG)
    other_house = warehouse("武昌区储备库", region_code=WUCHANG)
    batch = stock.receive(warehouse=other_house, item=item(), batch_no="A", quantity=5,
                          actor=SYSTEM).batch
    client = client_for(jiangan_officer)
    page = client.get(reverse("rescueteam_list")).content.decode()
    assert mine.name in page and other.name not in page
    for url in (reverse("rescueteam_detail", args=[other.pk]),
                reverse("rescueteam_edit", args=[other.pk]),
                reverse("shelter_detail", args=[other_shelter.pk]),
                reverse("warehouse_detail", args=[other_house.pk]),
                reverse("stockbatch_detail", args=[batch.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("stockbatch_move", args=[batch.pk]),
                       {"kind": "outbound", "quantity": "1", "reason": "x"}).status_code == 404
    export = client.get(reverse("rescueteam_list") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [mine.name]


def test_export_of_every_resource_type(commander: Any) -> None:
    team()
    shelter()
    client = client_for(commander)
    for name in ("rescueteam_list", "shelter_list", "warehouse_list", "expert_list",
                 "equipment_list", "supplyitem_list", "stockbatch_list", "stockmovement_list",
                 "supplyproducer_list", "communityprofile_list"):
        response = client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_team_create_through_the_page_refuses_swapped_coordinates(jiangan_officer: Any) -> None:
    client = client_for(jiangan_officer)
    data = {"name": "新队", "region": "420102000000", "kind": "fire", "headcount": "10",
            "vehicle_count": "1", "status": "standby", "longitude": "30.6", "latitude": "114.3"}
    response = client.post(reverse("rescueteam_add"), data)
    assert response.status_code == 200
    assert "超出服务范围" in response.content.decode()
    data.update(longitude="114.3", latitude="30.6")
    response = client.post(reverse("rescueteam_add"), data)
    assert response.status_code == 302


def test_movements_through_the_pages_and_refusals_shown(jiangan_officer: Any) -> None:
    house = warehouse()
    client = client_for(jiangan_officer)
    response = client.post(reverse("warehouse_receive", args=[house.pk]), {
        "item": item().pk, "batch_no": "2026-01", "quantity": "100"})
    assert response.status_code == 302
    batch = house.batches.get()
    response = client.post(reverse("stockbatch_move", args=[batch.pk]),
                           {"kind": "outbound", "quantity": "101", "reason": "转移安置"}, follow=True)
    assert "库存不足" in response.content.decode()
    assert StockMovement.objects.count() == 1
    client.post(reverse("stockbatch_move", args=[batch.pk]),
                {"kind": "outbound", "quantity": "30", "reason": "转移安置"})
    batch.refresh_from_db()
    assert batch.quantity == 70
    detail = client.get(reverse("stockbatch_detail", args=[batch.pk])).content.decode()
    assert "转移安置" in detail and "出库" in detail


def test_stock_page_shows_alerts(jiangan_officer: Any) -> None:
    house = warehouse()
    stock.receive(warehouse=house, item=item("WZ-0102"), batch_no="A", quantity=10, actor=SYSTEM)
    page = client_for(jiangan_officer).get(reverse("stockbatch_list")).content.decode()
    assert "短缺预警" in page and "棉被缺1490" in page


def test_workbench_card_shows_alerts(jiangan_officer: Any) -> None:
    stock.receive(warehouse=warehouse(), item=item("WZ-0102"), batch_no="A", quantity=10, actor=SYSTEM)
    page = client_for(jiangan_officer).get("/").content.decode()
    assert "储备物资预警" in page


@pytest.mark.parametrize("count", [1, 15])
def test_list_query_counts_do_not_grow_with_rows(count: int, jiangan_officer: Any,
                                                 django_assert_max_num_queries: Any) -> None:
    for i in range(count):
        team(f"队伍{i}")
        shelter(f"场所{i}")
        stock.receive(warehouse=warehouse(f"库{i}"), item=item(), batch_no="A", quantity=5,
                      actor=SYSTEM)
    client = client_for(jiangan_officer)
    for name in ("rescueteam_list", "shelter_list", "warehouse_list", "stockbatch_list",
                 "stockmovement_list"):
        with django_assert_max_num_queries(22):
            assert client.get(reverse(name)).status_code == 200


def test_geojson_layers_are_scoped(jiangan_officer: Any) -> None:
    team("江岸队")
    team("武昌队", region_code=WUCHANG)
    data = client_for(jiangan_officer).get(reverse("resources_geojson") + "?type=team").json()
    assert [f["properties"]["name"] for f in data["features"]] == ["江岸队"]
    assert client_for(jiangan_officer).get(reverse("resources_geojson") + "?type=x").status_code == 404


def test_nearest_page_labels_estimates_and_refuses_bad_points(jiangan_officer: Any) -> None:
    team("江岸队", longitude=114.301, latitude=30.6)
    client = client_for(jiangan_officer)
    page = client.get(reverse("resources_nearest") + "?longitude=114.3&latitude=30.6&types=team")
    text = page.content.decode()
    assert "江岸队" in text and "估算" in text and "救援队伍" in text
    bad = client.get(reverse("resources_nearest") + "?longitude=300&latitude=30.6").content.decode()
    assert "超出服务范围" in bad
    junk = client.get(reverse("resources_nearest") + "?longitude=abc&latitude=").content.decode()
    assert "请填写有效的经度和纬度" in junk


def test_coverage_page_and_features(jiangan_officer: Any) -> None:
    team("江岸队", longitude=114.30938, latitude=30.59899)
    client = client_for(jiangan_officer)
    page = client.get(reverse("resources_coverage")).content.decode()
    assert "覆盖社区" in page and "估算" in page
    circles = client.get(reverse("resources_coverage_geojson")).json()
    assert circles["features"][0]["geometry"]["type"] == "Polygon"
    bad = client.get(reverse("resources_coverage_geojson") + "?minutes=999")
    assert bad.status_code == 400 and "1到180分钟" in bad.json()["error"]["message"]


def test_transfer_through_the_pages(commander: Any, wuchang_officer: Any) -> None:
    from yingji.core.testing import make_user
    from yingji.resources.models import Transfer

    source = warehouse("江岸区储备库")
    target = warehouse("武昌区储备库", region_code=WUCHANG)
    batch = stock.receive(warehouse=source, item=item(), batch_no="A", quantity=50, actor=SYSTEM).batch
    client = client_for(commander)
    assert "调拨申请" in client.get(reverse("stockbatch_detail", args=[batch.pk])).content.decode()
    response = client.post(reverse("stockbatch_transfer", args=[batch.pk]),
                           {"target": target.pk, "quantity": "80", "reason": "支援"}, follow=True)
    assert "库存不足" in response.content.decode() and not Transfer.objects.exists()
    client.post(reverse("stockbatch_transfer", args=[batch.pk]),
                {"target": target.pk, "quantity": "20", "reason": "支援"})
    transfer = Transfer.objects.get()
    page = client.get(reverse("transfer_list")).content.decode()
    assert "批准" in page and "待审批" in page
    own = client.post(reverse("transfer_decide", args=[transfer.pk]), {"approve": "1"}, follow=True)
    assert "本人" in own.content.decode()
    # 武昌 officer cannot see a transfer whose source is in 江岸.
    assert client_for(wuchang_officer).post(reverse("transfer_decide", args=[transfer.pk]),
                                            {"approve": "1"}).status_code == 404
    leader = make_user("leader2", roles=["duty_leader"], scope="420100000000")
    client_for(leader).post(reverse("transfer_decide", args=[transfer.pk]), {"approve": "1"})
    batch.refresh_from_db()
    assert batch.quantity == 30


def test_analysis_settings_are_editable_and_used(commander: Any) -> None:
    from yingji.resources.services import analysis

    team("江岸队", longitude=114.301, latitude=30.6)
    client = client_for(commander)
    assert client.get(reverse("analysissettings_edit", args=[1])).status_code == 200
    response = client.post(reverse("analysissettings_edit", args=[1]), {
        "detour_factor": "2.00", "estimate_speed_kmh": "30", "rescue_minutes": "10",
        "max_snap_m": "3000", "expiry_warning_days": "30", "shelter_radius_m": "5000",
        "expert_review_months": "12"})
    assert response.status_code == 302
    result = analysis.nearest_resources(commander, 114.3, 30.6, types=["team"])
    assert "×2" in result.method
    assert analysis.rescue_circle(commander).minutes == 10
    bad = client.post(reverse("analysissettings_edit", args=[1]), {
        "detour_factor": "0.5", "estimate_speed_kmh": "30", "rescue_minutes": "10",
        "max_snap_m": "3000", "expiry_warning_days": "30", "shelter_radius_m": "5000",
        "expert_review_months": "12"})
    assert bad.status_code == 200


def test_district_users_read_but_cannot_change_reference_data(jiangan_officer: Any,
                                                               commander: Any) -> None:
    from yingji.resources.models import ReserveStandard

    standard = ReserveStandard.objects.filter(level="district").first()
    assert standard is not None
    url = reverse("reservestandard_edit", args=[standard.pk])
    data = {"item": standard.item_id, "level": "district", "minimum": "1"}
    district = client_for(jiangan_officer)
    assert district.get(reverse("reservestandard_detail", args=[standard.pk])).status_code == 200
    assert url not in district.get(reverse("reservestandard_detail", args=[standard.pk])
                                   ).content.decode()  # no edit button
    assert district.post(url, data).status_code == 403
    standard.refresh_from_db()
    assert standard.minimum != 1
    assert client_for(commander).post(url, data).status_code == 302
    standard.refresh_from_db()
    assert standard.minimum == 1


def test_expert_evaluation_and_review_pages(jiangan_officer: Any) -> None:
    from datetime import date

    from yingji.core.services.objects import create_object
    from yingji.core.testing import region
    from yingji.resources.models import Expert

    expert = create_object(Expert, {"name": "李工", "region": region("420102000000"),
                                    "specialities": "危险化学品", "next_review_on": date(2020, 1, 1)},
                           actor=SYSTEM)
    client = client_for(jiangan_officer)
    page = client.get(reverse("expert_detail", args=[expert.pk])).content.decode()
    assert "已超过复核日期" in page and "记录评价" in page
    client.post(reverse("expert_evaluate", args=[expert.pk]),
                {"used_on": "2026-01-05", "occasion": "化工泄漏会商", "score": "5"})
    assert expert.evaluations.get().score == 5
    client.post(reverse("expert_review", args=[expert.pk]), {"keep": "1"})
    expert.refresh_from_db()
    assert expert.next_review_on is not None and expert.next_review_on > date.today()
    assert "已超过复核日期" not in client.get(reverse("expert_detail", args=[expert.pk])).content.decode()
