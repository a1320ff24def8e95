"""Relief to households, the response decision, the 12-hour check, winter-spring relief
and donations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog
from yingji.core.testing import JIANGAN, actor_for, make_user, region, system
from yingji.disasters.models import DisasterEvent, ReliefCase, ResponseDecision, TwelveHourCheck
from yingji.disasters.services import checks, events, relief, reports, response, support
from yingji.disasters.tests.conftest import VILLAGE, event_data, figures

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


def case_data(event: DisasterEvent, **fields: Any) -> dict[str, Any]:
    data = {
        "event": event,
        "region": region(VILLAGE),
        "category": "emergency",
        "head_name": "王桂兰",
        "id_number": ID,
        "members": 3,
        "situation": "房屋进水",
        "amount": Decimal("800"),
    }
    data.update(fields)
    return data


def test_a_case_keeps_the_id_encrypted_and_refuses_a_duplicate_of_the_same_category(event, people) -> None:
    case = relief.create_case(case_data(event), actor=actor_for(people["informant"]))
    assert ReliefCase.objects.get(pk=case.pk).id_number == ID and ID not in str(AuditLog.objects.last().after)
    with pytest.raises(ValidationError) as refused:
        relief.create_case(case_data(event, id_number=ID.lower()), actor=actor_for(people["informant"]))
    assert refused.value.message_dict["id_number"] == ["该户已登记本次灾害的应急救助，不能重复救助"]
    other = relief.create_case(case_data(event, category="transition"), actor=actor_for(people["informant"]))
    assert other.pk != case.pk


def test_a_wrong_id_number_is_refused(event, people) -> None:
    with pytest.raises(ValidationError) as refused:
        relief.create_case(
            case_data(event, id_number="110105194912310021"), actor=actor_for(people["informant"])
        )
    assert refused.value.message_dict["id_number"] == ["身份证号码校验位不正确"]
    assert not ReliefCase.objects.exists()


def _approved(event: DisasterEvent, people: dict[str, Any]) -> ReliefCase:
    case = relief.create_case(case_data(event), actor=actor_for(people["informant"]))
    case = relief.step(case, "village_review", actor=actor_for(people["informant"]), comment="评议同意")
    with pytest.raises(PermissionDenied):  # the informant does not audit for the town
        relief.step(case, "town_audit", actor=actor_for(people["informant"]), comment="x")
    case = relief.step(case, "town_audit", actor=actor_for(people["street"]), comment="属实")
    with pytest.raises(PermissionDenied):  # a duty officer forwards, the leader approves
        relief.step(case, "approve", actor=actor_for(people["street"]), comment="同意")
    return relief.step(
        case, "approve", actor=actor_for(people["county_leader"]), comment="同意",
        approved_amount=Decimal("600"),
    )


def test_the_procedure_runs_village_town_county_and_money_is_capped_by_the_approval(event, people) -> None:
    case = _approved(event, people)
    assert case.state == "approved" and case.approved_amount == Decimal("600")
    with pytest.raises(ValidationError):
        relief.step(case, "issue", actor=actor_for(people["street"]))  # nothing issued yet
    relief.issue_money(case, amount="400", signed_by_name="王桂兰", actor=actor_for(people["street"]))
    with pytest.raises(ValidationError) as refused:
        relief.issue_money(case, amount="300", signed_by_name="王桂兰", actor=actor_for(people["street"]))
    assert "超过核定金额600" in refused.value.message_dict["amount"][0]
    relief.issue_money(case, amount="200", signed_by_name="王桂兰", actor=actor_for(people["street"]))
    done = relief.step(case, "issue", actor=actor_for(people["street"]))
    assert done.issue_note == ""  # issued in full: no reason asked
    published = relief.step(done, "publish", actor=actor_for(people["street"]))
    assert published.published_at is not None


def test_finishing_a_partial_issue_is_refused_listing_the_rest_or_needs_an_audited_reason(
    event, people
) -> None:
    case = _approved(event, people)  # 600元 approved
    ReliefCase.objects.filter(pk=case.pk).update(goods="棉被2床")
    case.refresh_from_db()
    street = actor_for(people["street"])
    relief.issue_money(case, amount="450", signed_by_name="王桂兰", actor=street)
    version = ReliefCase.objects.get(pk=case.pk).version
    with pytest.raises(ValidationError) as refused:
        relief.finish_issue(case, actor=street)
    assert refused.value.message_dict["state"] == [
        "尚未足额发放：救助资金核定600.00元，已发放450.00元，尚有150.00元未发放；"
        "拟发放物资“棉被2床”尚未登记发放。请继续发放，或填写未足额发放的原因后办结"
    ]
    kept = ReliefCase.objects.get(pk=case.pk)
    assert kept.state == "approved" and kept.version == version and kept.issue_note == ""
    with pytest.raises(ValidationError):
        relief.finish_issue(case, actor=street, comment="   ")  # a blank reason is none
    done = relief.finish_issue(case, actor=street, comment="户主外出务工，余款待其返乡后另行发放")
    assert done.state == "issued" and done.issue_note == "户主外出务工，余款待其返乡后另行发放"
    entry = (
        AuditLog.objects.filter(object_id=str(case.pk), action="update", after__has_key="issue_note")
        .order_by("-pk")
        .first()
    )
    assert entry is not None and entry.after["issue_note"] == done.issue_note


def test_goods_go_out_through_the_stock_ledger_linked_to_the_event_and_household(event, people) -> None:
    from yingji.resources.models import StockMovement, SupplyItem, Warehouse
    from yingji.resources.services import stock

    case = _approved(event, people)
    house = Warehouse.objects.create(
        name="测试救灾储备库",
        level="district",
        region=region(JIANGAN),
        address="江岸区",
        longitude=114.3,
        latitude=30.6,
    )
    item = SupplyItem.objects.filter(category="living").first()
    assert item is not None
    movement = stock.receive(warehouse=house, item=item, batch_no="T-1", quantity=10, actor=system())
    issue = relief.issue_goods(
        case, batch=movement.batch, quantity=2, signed_by_name="王桂兰", actor=actor_for(people["county"])
    )
    assert issue.movement_id is not None
    out = StockMovement.objects.get(pk=issue.movement_id)
    assert out.kind == "outbound" and out.quantity == Decimal("-2") and out.balance_after == Decimal("8")
    assert event.title in out.reason and "王桂兰" in out.reason and str(case.pk) in out.reason
    assert issue.quantity == Decimal("2")


def test_the_public_list_shows_only_masked_names_and_ids(client, event, people) -> None:
    case = _approved(event, people)
    relief.issue_money(case, amount="600", signed_by_name="王桂兰", actor=actor_for(people["street"]))
    relief.step(
        relief.step(case, "issue", actor=actor_for(people["street"])),
        "publish",
        actor=actor_for(people["street"]),
    )
    page = client.get("/public/relief/").content.decode()
    assert "王*" in page and "110105********002X" in page and "王桂兰" not in page


def test_the_response_assessment_names_the_level_and_the_decision_is_recorded(event, village, people) -> None:
    reports.submit_report(event, village, figures(deaths=15, missing=5), actor=actor_for(people["informant"]))
    result = response.assess(event)
    assert result.level == "IV"
    assert "因灾死亡和失踪20人以上" in result.basis()
    with pytest.raises(ValidationError):  # another level than the suggestion needs a reason
        response.start_response(event, level="III", actor=actor_for(people["leader"]))
    with pytest.raises(PermissionDenied):
        response.start_response(event, level="IV", actor=actor_for(people["county"]))
    decision = response.start_response(event, level="IV", actor=actor_for(people["leader"]))
    event.refresh_from_db()
    assert event.response_level == "IV" and decision.decided_by == people["leader"]
    assert ResponseDecision.objects.get().suggested_level == "IV"


def test_the_fifth_guarantee_completes_the_check(event, people) -> None:
    check = TwelveHourCheck.objects.get(event=event)
    for item in ("food", "clothing", "water", "shelter"):
        checks.confirm_guarantee(check, item=item, evidence="已落实", actor=actor_for(people["street"]))
    with pytest.raises(ValidationError):
        checks.confirm_guarantee(check, item="food", evidence="再次", actor=actor_for(people["street"]))
    assert TwelveHourCheck.objects.get(pk=check.pk).completed_at is None
    checks.confirm_guarantee(check, item="medical", evidence="医疗点", actor=actor_for(people["street"]))
    assert TwelveHourCheck.objects.get(pk=check.pk).completed_at is not None


def test_winter_spring_survey_dates_follow_the_settings_and_the_figures_add_up(event, people) -> None:
    plan = support.create_plan(
        {
            "region": region(JIANGAN),
            "event": event,
            "season": "2026—2027年度",
            "relief_start": date(2026, 12, 1),
            "relief_end": date(2027, 3, 31),
            "standard": Decimal("1000"),
        },
        actor=actor_for(people["county"]),
    )
    assert (plan.survey_start.month, plan.survey_start.day, plan.survey_end.day) == (9, 1, 31)
    case = relief.create_case(
        case_data(event, category="winter_spring", amount=Decimal("1000")),
        actor=actor_for(people["informant"]),
    )
    support.allocate_funds(plan, amount="50000", note="江财社〔2026〕12号", actor=actor_for(people["county"]))
    figures_ = support.plan_figures(plan)
    assert figures_["households"] == 1 and figures_["need"] == Decimal("1000") and case.pk
    with pytest.raises(ValidationError):
        support.create_plan(
            {
                "region": region(JIANGAN),
                "event": event,
                "season": "x",
                "survey_start": date(2026, 10, 1),
                "survey_end": date(2026, 9, 1),
                "relief_start": date(2026, 12, 1),
                "relief_end": date(2027, 3, 1),
            },
            actor=actor_for(people["county"]),
        )


def test_a_donation_is_never_used_beyond_what_was_given(event, people) -> None:
    donation = support.receive_donation(
        {
            "region": region(JIANGAN),
            "event": event,
            "donor": "某公司",
            "kind": "money",
            "amount": Decimal("10000"),
            "received_at": timezone.now(),
        },
        actor=actor_for(people["county"]),
    )
    support.use_donation(donation, quantity="6000", purpose="购买棉被", actor=actor_for(people["county"]))
    with pytest.raises(ValidationError) as refused:
        support.use_donation(donation, quantity="5000", purpose="购买大米", actor=actor_for(people["county"]))
    assert refused.value.message_dict["quantity"] == ["超过捐赠余额（剩余4,000.00元）"]
    assert donation.unit == "元" and str(donation) == "某公司：10,000.00元"
    with pytest.raises(ValidationError):
        support.receive_donation(
            {"region": region(JIANGAN), "donor": "某人", "kind": "goods", "received_at": timezone.now()},
            actor=actor_for(people["county"]),
        )


def test_goods_donations_carry_their_unit_and_money_is_in_yuan(event, people) -> None:
    from yingji.disasters.models import Donation

    county = actor_for(people["county"])
    goods = {"region": region(JIANGAN), "event": event, "donor": "某饮料公司", "kind": "goods",
             "goods": "矿泉水", "quantity": Decimal("3000"), "received_at": timezone.now()}
    with pytest.raises(ValidationError) as refused:
        support.receive_donation(goods, actor=county)
    assert refused.value.message_dict == {"unit": ["物资捐赠请填写计量单位（如：箱、件、吨）"]}
    with pytest.raises(ValidationError) as refused:
        support.receive_donation({**goods, "unit": "箱", "amount": Decimal("5000")}, actor=county)
    assert refused.value.message_dict == {"amount": ["物资捐赠不填金额，请填写数量和单位"]}
    with pytest.raises(ValidationError) as refused:
        support.receive_donation(
            {**goods, "kind": "money", "goods": "", "quantity": None, "unit": "箱", "amount": Decimal("1")},
            actor=county,
        )
    assert refused.value.message_dict == {"unit": ["资金捐赠的单位为元"]}
    assert not Donation.objects.exists()
    water = support.receive_donation({**goods, "unit": "箱"}, actor=county)
    assert str(water) == "某饮料公司：矿泉水3,000箱"
    use = support.use_donation(water, quantity="800", purpose="发往安置点", actor=county)
    assert use.figure == "800箱"
    with pytest.raises(ValidationError) as refused:
        support.use_donation(water, quantity="2500", purpose="再发", actor=county)
    assert refused.value.message_dict["quantity"] == ["超过捐赠余额（剩余2,200箱）"]
    with pytest.raises(ValidationError) as refused:
        support.update_donation(water, {"quantity": Decimal("500")}, actor=county)
    assert refused.value.message_dict["quantity"] == ["已使用800箱，不能改为少于已使用的数量"]


def test_an_informant_of_a_street_sees_the_citys_event_but_cannot_change_it(people) -> None:
    from yingji.core.testing import WUHAN

    city_event = events.create_event(event_data(region=region(WUHAN)), actor=system())
    informant = people["informant"]
    assert DisasterEvent.objects.restrict(informant, "view").filter(pk=city_event.pk).exists()
    outsider = make_user("t_wc", roles=["duty_officer"], scope="420106000000")
    assert not DisasterEvent.objects.restrict(outsider, "view").filter(pk=city_event.pk).exists()
    with pytest.raises(PermissionDenied):
        events.mark_stable(city_event, actor=actor_for(informant))


def test_starting_the_response_with_a_plan_activates_it_on_the_events_incident(
    event, village, people
) -> None:
    from datetime import date

    from yingji.core.testing import JIANGAN_STREET, WUHAN
    from yingji.incidents.services import intake
    from yingji.incidents.tests.conftest import incident_data
    from yingji.plans.models import PlanActivation
    from yingji.plans.tests.factories import bring_in_force, build_plan

    supervisor = make_user("t_plans", roles=["supervisor", "duty_leader"], scope=WUHAN)
    plan = bring_in_force(
        build_plan(
            actor_for(supervisor),
            region(JIANGAN),
            name="江岸区自然灾害救助应急预案",
            category="natural",
            subtypes="flood_drought",
            levels=[("IV", [("deaths", "1")], [(0, "开展灾情统计和核查", 60)])],
        ),
        actor_for(supervisor),
        issued_on=date(2025, 3, 3),
    )
    reports.submit_report(event, village, figures(deaths=20), actor=actor_for(people["informant"]))
    with pytest.raises(ValidationError) as refused:
        response.start_response(event, level="IV", actor=actor_for(supervisor), plan=plan)
    assert "关联本次灾害的突发事件" in refused.value.message_dict["plan"][0]
    assert not ResponseDecision.objects.exists()  # refused whole
    incident = intake.receive_incident(
        incident_data(
            region(JIANGAN_STREET), category="natural", subtype="flood_drought", title="大智街道内涝"
        ),
        actor=actor_for(people["county"]),
    )
    event.incidents.add(incident)
    response.start_response(event, level="IV", actor=actor_for(supervisor), plan=plan)
    activation = PlanActivation.objects.get(plan=plan)
    assert activation.incident_id == incident.pk and activation.level == "IV"
    assert activation.tasks.count() == 1
