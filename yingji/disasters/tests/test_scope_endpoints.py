"""Every page and API endpoint of disasters and relief, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a duty officer of 江岸区 and one of
武昌区."""

from __future__ import annotations

from datetime import date
from typing import Any

from yingji.core.testing import JIANGAN, WUHAN, actor_for, region
from yingji.core.testing_scope import Action, Detail, Edit, List, Page, ScopeCase, World, city_wide_reference
from yingji.disasters.models import DisasterSettings, ResponseThreshold
from yingji.disasters.services import events, registers, relief, reports, support
from yingji.disasters.tests.conftest import VILLAGE, event_data, figures

CITY_WRITE = {"inside_scope": WUHAN, "outside_scope": JIANGAN, "outsider": 403}


class TestDisasterScope(ScopeCase):
    apps = ("disasters",)
    roles = ("duty_officer",)

    endpoints = {
        "disasterevent_step": Action("disasterevent", post={"name": "stable"}),
        "disasterevent-step": Action("disasterevent", post={"name": "stable"}),
        "disasterevent_response": Action(
            "disasterevent", roles=("duty_leader",), post={"level": "IV", "comment": "范围测试"}
        ),
        "disasterevent_brief": Detail("disasterevent"),
        "disasterevent_tables": Detail("disasterevent"),
        "disasterevent_geojson": Detail("disasterevent", anonymous=401),
        "disasterevent-rollup": Detail("disasterevent"),
        "disaster_board": List("disasterevent"),
        "disaster_report_form": Page(),
        "disasterreport_step": Action("disasterreport", post={"name": "review"}),
        "disasterreport_resubmit": Edit("disasterreport"),
        "disasterreport_correct": Edit("disasterreport"),
        "disasterreport-submit": Page(permitted=400, outsider=400),
        "disasterreport-step": Action("disasterreport", post={"name": "review"}),
        "reliefcase_step": Action("reliefcase", post={"name": "village_review", "comment": "同意"}),
        "reliefcase_money": Action("reliefcase", post={"amount": "100", "signed_by_name": "张三"}),
        "reliefcase_goods": Action(
            "reliefcase", post={"batch": "1", "quantity": "1", "signed_by_name": "张三"}
        ),
        "reliefcase_receipt": Detail("reliefcase"),
        "twelvehourcheck_confirm": Action("twelvehourcheck", post={"item": "food", "evidence": "范围测试"}),
        "disastersettings_edit": Page(**CITY_WRITE),
        "winterspringplan_funds": Action("winterspringplan", post={"amount": "1000", "note": "范围测试"}),
        "reliefcase-step": Action("reliefcase", post={"name": "village_review", "comment": "同意"}),
        "donation_use": Action("donation", post={"quantity": "10", "purpose": "范围测试"}),
        **city_wide_reference("responsethreshold", page_actions=("list", "detail", "add", "edit"), api=False),
    }
    exempt = {
        "relief_public_list": "救助公示, open to everyone by design (names and IDs masked; "
        "tested in test_pages)",
    }

    def build(self, world: World) -> dict[str, Any]:
        officer = world.permitted()
        actor = actor_for(officer)
        event = events.create_event(event_data(title="范围测试洪涝"), actor=actor)
        report = reports.submit_report(event, region(VILLAGE), figures(), actor=actor)
        casualty = registers.add_casualty(
            {
                "event": event,
                "region": region(VILLAGE),
                "name": "范围测试甲",
                "gender": "男",
                "age": 60,
                "status": "missing",
                "cause": "洪水冲走",
                "occurred_at": event.started_at,
            },
            actor=actor,
        )
        house = registers.add_house(
            {
                "event": event,
                "region": region(VILLAGE),
                "head_name": "范围测试乙",
                "address": "保成路1号",
                "degree": "general",
                "rooms": 2,
            },
            actor=actor,
        )
        case = relief.create_case(
            {
                "event": event,
                "region": region(VILLAGE),
                "category": "emergency",
                "head_name": "范围测试丙",
                "id_number": "11010519491231002X",
                "members": 3,
                "situation": "房屋进水",
                "amount": 500,
            },
            actor=actor,
        )
        plan = support.create_plan(
            {
                "region": region(JIANGAN),
                "event": event,
                "season": "范围测试年度",
                "relief_start": date(2026, 12, 1),
                "relief_end": date(2027, 3, 31),
            },
            actor=actor,
        )
        donation = support.receive_donation(
            {
                "region": region(JIANGAN),
                "event": event,
                "donor": "范围测试捐赠方",
                "kind": "money",
                "amount": 1000,
                "received_at": event.started_at,
            },
            actor=actor,
        )
        return {
            "winterspringplan": plan,
            "donation": donation,
            "disasterevent": event,
            "disasterreport": report,
            "casualtyrecord": casualty,
            "damagedhouse": house,
            "reliefcase": case,
            "twelvehourcheck": event.checks.get(),
            "responsethreshold": ResponseThreshold.objects.order_by("pk").first(),
            "disastersettings": DisasterSettings.current(),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "disasterreport":
            return obj.region.name
        if key == "reliefcase":
            return obj.head_name
        if key == "casualtyrecord":
            return obj.name
        if key == "damagedhouse":
            return obj.head_name
        if key == "winterspringplan":
            return obj.season
        if key == "donation":
            return obj.donor
        if key == "twelvehourcheck":
            return obj.region.name
        return super().marker(key, obj)
