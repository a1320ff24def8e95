"""Every page and API endpoint of the flood module for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, the duty officer of 江岸区 and that of
武昌区. The world's point lies in 大智街道, so 武昌区 sees neither it, its roster nor its
transfer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from yingji.core.testing import JIANGAN, WUHAN, actor_for, make_user, system
from yingji.core.testing_scope import Action, Detail, Page, ScopeCase, World, city_wide_reference
from yingji.flood.models import FloodLevelRule, FloodSettings
from yingji.flood.services import levels, points, transfers

LEADER = ("duty_leader",)
CITY_WRITE = {"inside_scope": WUHAN, "outside_scope": JIANGAN, "outsider": 403,
              "roles": ("duty_leader",)}


class TestFloodScope(ScopeCase):
    apps = ("flood",)
    roles = ("duty_officer",)

    endpoints = {
        "floodpoint_step": Action("floodpoint", post={"name": "open", "reason": "范围测试"}),
        "floodpoint-step": Action("floodpoint", post={"name": "open", "reason": "范围测试"}),
        "floodpoint_card": Detail("floodpoint"),
        "floodpoint_geojson": Page(anonymous=401),
        "gaugelink_add": Page(query=lambda w: f"point={w['floodpoint'].pk}"),
        "transfertask_step": Action("transfertask", post={"name": "close", "note": "范围测试"}),
        "transfertask-step": Action("transfertask", post={"name": "close", "note": "范围测试"}),
        "transfertask-report": Action("transfertask", post=lambda w: {
            "entry": w["transferentry"].pk, "outcome": "refused"}),
        "transfertask_field": Detail("transfertask"),
        "flood_board": Page(),
        "floodsettings_edit": Page(**CITY_WRITE),
        "floodresponse_add": Page(roles=LEADER),
        "floodresponse_step": Action("floodresponse", post={"name": "end", "note": "范围测试"},
                                     roles=LEADER),
        "floodresponse-step": Action("floodresponse", post={"name": "end", "note": "范围测试"},
                                     roles=LEADER),
        "floodresponse-detail": Detail("floodresponse", write_methods=()),  # steps only
        **{name: replace(check, roles=LEADER) for name, check in city_wide_reference(
            "floodlevelrule", page_actions=("list", "detail", "edit")).items()},
    }
    endpoints["floodlevelrule-detail"] = replace(endpoints["floodlevelrule-detail"],
                                                 write_methods=("put", "patch"))

    def build(self, world: World) -> dict[str, Any]:
        from yingji.core.models import Region
        from yingji.enterprises.tests.factories import make_enterprise
        from yingji.monitoring.tests.factories import make_object, make_point
        from yingji.resources.tests.factories import shelter
        from yingji.warnings.models import DutyRole, ResponsiblePerson
        from yingji.warnings.services import directory

        street = Region.objects.get(code="420102002000")
        person = directory.create_person({"name": "范围测试主任", "phone": "13900000012",
                                          "region": street, "role": DutyRole.SANFANG_TOWN},
                                         actor=system())
        assert ResponsiblePerson.objects.filter(pk=person.pk).exists()
        point = points.create_point({
            "code": "SCOPE-1", "name": "范围测试积水点", "kind": "waterlogging", "region": street,
            "address": "大智路", "longitude": 114.29, "latitude": 30.6, "disposal": "封闭",
            "responsible": [person], "shelter": shelter("范围测试避险点", region_code="420102002000"),
        }, actor=system())
        household = points.create_household({"point": point, "head_name": "范围测试户主",
                                              "members": 2}, actor=system())
        station = make_object(make_enterprise(31, name="范围测试水务站"), "SW1", kind="water_level")
        gauge = make_point(station, "SW-1", name="范围测试水位", point_type="water_level",
                           low_low=None, low=None, high=None, high_high=None)
        link = points.create_gauge({"point": point, "gauge": gauge, "threshold": 1.5,
                                    "note": "范围测试关联"}, actor=system())
        task = transfers.open_task(point, actor=system())
        leader = make_user("scope_flood_leader", roles=["duty_leader"], scope=JIANGAN)
        response = levels.start_response({"region": Region.objects.get(code=JIANGAN), "grade": "4",
                                           "decision_note": "范围测试响应"}, actor=actor_for(leader))
        return {"floodresponse": response, "floodlevelrule": FloodLevelRule.objects.get(grade="4"),
                "floodpoint": point, "household": household, "gaugelink": link, "transfertask": task,
                "transferentry": task.entries.get(), "floodsettings": FloodSettings.current()}

    def marker(self, key: str, obj: Any) -> str:
        if key == "household":
            return obj.head_name
        if key == "transfertask":
            return obj.reason
        if key == "transferentry":
            return "pending"
        if key == "gaugelink":
            return obj.note
        if key == "floodresponse":
            return obj.decision_note
        if key == "floodlevelrule":
            return obj.measures[:10]
        return super().marker(key, obj)
