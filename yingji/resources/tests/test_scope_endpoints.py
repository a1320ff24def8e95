"""Every page and API endpoint of emergency resources, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a duty officer of 江岸区 and one of
武昌区 (the installation-wide catalogues: a city-wide officer writes, a district one reads)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from yingji.core.models import Region, RegionLevel
from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, region, system
from yingji.core.testing_scope import Action, Edit, List, Page, ScopeCase, World, city_wide_reference
from yingji.resources.models import (
    CommunityProfile,
    Equipment,
    Expert,
    ReserveStandard,
    RoadNetwork,
    RoadSpeed,
    SupplyItem,
    SupplyProducer,
)
from yingji.resources.services import experts, stock
from yingji.resources.tests.factories import item, shelter, team, warehouse

# A point inside 江岸区 for the analyses that take one.
POINT = "longitude=114.30&latitude=30.60"


class TestResourceScope(ScopeCase):
    apps = ("resources",)
    roles = ("duty_officer",)

    endpoints = {
        "expert_evaluate": Edit("expert"),
        "expert_review": Action("expert"),
        "transfer_decide": Action("transfer"),
        "stockbatch_transfer": Edit("stockbatch"),
        "stockbatch_move": Edit("stockbatch"),
        "warehouse_receive": Edit("warehouse"),
        "resources_map": Page(),
        "resources_geojson": List("rescueteam"),
        "resources_nearest": Page(),
        "resources_coverage": Page(),
        "resources_coverage_geojson": Page(),
        "resources_evacuation": Page(),
        "resources_import": Page(kwargs=lambda w: {"kind": "rescueteam"}),
        "api-resources-nearest": Page(query=POINT),
        "api-resources-coverage": Page(),
        "api-resources-evacuation": Page(),
        "api-resources-alerts": Page(),
        **city_wide_reference("supplyitem", page_actions=("list", "detail", "add", "edit")),
        **city_wide_reference("reservestandard"),
        **city_wide_reference("roadspeed", page_actions=("list", "detail", "add", "edit")),
        **city_wide_reference("analysissettings", page_actions=("detail", "edit")),
        **city_wide_reference("roadnetwork", pages=False),
    }

    def build(self, world: World) -> dict[str, Any]:
        house = warehouse("范围测试江岸区储备库")
        batch = stock.receive(warehouse=house, item=item(), batch_no="SCOPE-1", quantity=50,
                              reason="范围测试入库", actor=system()).batch
        transfer = stock.request_transfer(batch=batch, target=warehouse("范围测试江岸区二号库"), quantity=5,
                                          reason="范围测试调拨", actor=system())
        expert = create_object(Expert, {"name": "范围测试专家", "region": region(JIANGAN),
                                        "specialities": "危险化学品", "next_review_on": date(2030, 1, 1)},
                               actor=system())
        evaluation = experts.evaluate_expert(expert, {"used_on": date(2026, 1, 5), "occasion": "范围测试会商",
                                                      "score": 5}, actor=system())
        community = (Region.objects.filter(code__startswith=JIANGAN[:6], level=RegionLevel.VILLAGE)
                     .order_by("code").first())
        assert community is not None
        network = RoadNetwork.objects.create(
            name="范围测试路网", source_name="grid", file_name="scope.npz", node_count=0, edge_count=0,
            min_lon=114.2, min_lat=30.5, max_lon=114.4, max_lat=30.7, imported_at=timezone.now())
        return {
            "rescueteam": team("范围测试消防救援站"),
            "equipment": create_object(Equipment, {
                "name": "范围测试排涝泵车", "region": region(JIANGAN), "category": "drainage",
                "longitude": 114.30, "latitude": 30.60}, actor=system()),
            "expert": expert,
            "expertevaluation": evaluation,
            "warehouse": house,
            "stockbatch": batch,
            "stockmovement": batch.movements.order_by("pk").first(),
            "transfer": transfer,
            "supplyproducer": create_object(SupplyProducer, {
                "name": "范围测试物资生产企业", "region": region(JIANGAN),
                "longitude": 114.30, "latitude": 30.60}, actor=system()),
            "shelter": shelter("范围测试避难场所"),
            "communityprofile": create_object(CommunityProfile, {"region": community, "population": 1234},
                                              actor=system()),
            "supplyitem": SupplyItem.objects.order_by("pk").first(),
            "reservestandard": ReserveStandard.objects.order_by("pk").first()
            or create_object(ReserveStandard, {"item": item(), "level": "district", "quantity": 10},
                             actor=system()),
            "roadspeed": RoadSpeed.objects.order_by("pk").first(),
            "analysissettings": stock.analysis_settings(),
            "roadnetwork": network,
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "stockbatch":
            return obj.batch_no
        if key == "transfer":
            return obj.reason
        if key == "stockmovement":
            return obj.reason
        if key == "communityprofile":
            return obj.region.name
        if key == "expertevaluation":
            return obj.occasion
        return super().marker(key, obj)
