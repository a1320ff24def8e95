"""The report chain: submit, review, accept; the roll-up at each stage equals the plain
SUM … GROUP BY; refusals change nothing; 核报 freezes; corrections are audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog
from yingji.core.testing import actor_for, system
from yingji.disasters.models import Correction, DisasterReport, RollupTotal, Stage
from yingji.disasters.services import events, reports, rollup
from yingji.disasters.tests.conftest import figures

pytestmark = pytest.mark.django_db


def city_total(event: Any, stage: str, name: str) -> Any:
    row = RollupTotal.objects.filter(event=event, level=2, stage=stage).first()
    return getattr(row, name) if row else 0


def test_the_first_report_is_an_initial_one_and_rolls_up_to_street_county_city(
    event, village, people
) -> None:
    report = reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    assert report.kind == "initial" and report.state == "submitted" and not report.late
    kept = rollup.totals(event, Stage.REPORTED)
    assert kept["420102002000"]["affected"] == 120
    assert kept["420102000000"]["affected"] == 120
    assert kept["420100000000"]["affected"] == 120 and kept["420100000000"]["units"] == 1
    assert city_total(event, Stage.REVIEWED, "affected") == 0
    assert rollup.inconsistencies(event) == []


def test_the_chain_moves_figures_stage_by_stage(event, village, village2, people) -> None:
    informant = actor_for(people["informant"])
    a = reports.submit_report(event, village, figures(), actor=informant)
    b = reports.submit_report(event, village2, figures(affected=80), actor=informant)
    reports.review_report(a, actor=actor_for(people["street"]))
    assert city_total(event, Stage.REPORTED, "affected") == 200
    assert city_total(event, Stage.REVIEWED, "affected") == 120
    reviewed_b = reports.review_report(b, actor=actor_for(people["street"]))
    accepted = reports.accept_report(reviewed_b, actor=actor_for(people["county"]))
    assert accepted.state == "accepted" and accepted.checked_by == people["county"]
    assert city_total(event, Stage.ACCEPTED, "affected") == 80
    followup = reports.submit_report(event, village2, figures(affected=95), actor=informant)
    assert followup.kind == "followup" and followup.sequence == 2
    assert city_total(event, Stage.REPORTED, "affected") == 215
    assert city_total(event, Stage.ACCEPTED, "affected") == 80  # the county still has the 初报
    assert rollup.inconsistencies(event) == []


def test_the_street_may_not_do_the_countys_check(event, village, people) -> None:
    report = reports.review_report(
        reports.submit_report(event, village, figures(), actor=actor_for(people["informant"])),
        actor=actor_for(people["street"]),
    )
    with pytest.raises((ValidationError, PermissionDenied)):
        reports.accept_report(report, actor=actor_for(people["street"]))
    assert DisasterReport.objects.get(pk=report.pk).state == "reviewed"


def test_impossible_figures_are_refused_and_change_nothing(event, village, people) -> None:
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(event, village, figures(crop_damaged=20), actor=actor_for(people["informant"]))
    assert refused.value.message_dict["crop_damaged"] == ["农作物成灾面积不能大于受灾面积"]
    assert not DisasterReport.objects.filter(event=event).exists()
    assert not RollupTotal.objects.filter(event=event).exists()


def test_a_lower_followup_needs_a_correction_reason(event, village, people) -> None:
    informant = actor_for(people["informant"])
    reports.submit_report(event, village, figures(), actor=informant)
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(event, village, figures(affected=100), actor=informant)
    assert "核减原因" in refused.value.message_dict["correction_reason"][0]
    done = reports.submit_report(
        event, village, figures(affected=100), actor=informant, correction_reason="经入户核实，20人重复统计"
    )
    assert city_total(event, Stage.REPORTED, "affected") == 100 and done.sequence == 2


def test_a_village_outside_the_affected_streets_is_refused(event, people) -> None:
    from yingji.core.testing import region

    with pytest.raises(ValidationError) as refused:
        reports.submit_report(event, region("420102003001"), figures(), actor=actor_for(people["county"]))
    assert "受灾区域" in refused.value.message_dict["region"][0]


def test_returning_a_report_takes_it_out_of_the_totals_until_resubmitted(event, village, people) -> None:
    report = reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    returned = reports.return_report(report, actor=actor_for(people["street"]), comment="受灾人口与户籍不符")
    assert city_total(event, Stage.REPORTED, "affected") == 0
    assert RollupTotal.objects.get(event=event, level=2, stage="reported").units == 0
    again = reports.resubmit_report(returned, figures(affected=110), actor=actor_for(people["informant"]))
    assert again.state == "submitted" and city_total(event, Stage.REPORTED, "affected") == 110
    assert rollup.inconsistencies(event) == []


def test_registers_are_flagged_in_a_followup_and_refused_in_the_final_report(event, village, people) -> None:
    informant = actor_for(people["informant"])
    first = reports.submit_report(event, village, figures(deaths=1), actor=informant)
    assert first.flags == [
        "死亡人员名单0人，与报送的因灾死亡1人不一致",
        "一般损坏房屋台账0户，与报送的3户不一致",
    ]
    events.mark_stable(event, actor=actor_for(people["county"]))
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(event, village, figures(deaths=1), actor=informant)
    assert "核报数据须与名单、台账一致" in refused.value.messages[0]


def _finalised(event, village, people) -> DisasterReport:
    informant = actor_for(people["informant"])
    events.mark_stable(event, actor=actor_for(people["county"]))
    final = reports.submit_report(
        event, village, figures(general_households=0, general_rooms=0), actor=informant
    )
    assert final.kind == "initial"  # the first report of the village, even when stable
    final = reports.submit_report(
        event, village, figures(general_households=0, general_rooms=0), actor=informant
    )
    assert final.kind == "final"
    reviewed = reports.review_report(final, actor=actor_for(people["street"]))
    return reports.accept_report(reviewed, actor=actor_for(people["county"]))


def test_verifying_needs_every_villages_final_report_and_then_freezes(event, village, people) -> None:
    accepted = _finalised(event, village, people)
    verified = reports.verify_event(event, actor=actor_for(people["county_leader"]))
    assert verified.state == "verified" and verified.frozen_at is not None
    with pytest.raises(ValidationError):
        reports.submit_report(verified, village, figures(), actor=actor_for(people["informant"]))
    assert accepted.pk == DisasterReport.objects.filter(event=event).order_by("-sequence").first().pk


def test_a_correction_after_verifying_replaces_the_figures_with_a_reason_and_audit(
    event, village, people
) -> None:
    accepted = _finalised(event, village, people)
    reports.verify_event(event, actor=actor_for(people["county_leader"]))
    accepted.refresh_from_db()
    with pytest.raises(ValidationError):
        reports.correct_report(
            accepted,
            figures(general_households=0, general_rooms=0, affected=130),
            actor=actor_for(people["county_leader"]),
            reason=" ",
        )
    new = reports.correct_report(
        accepted,
        figures(general_households=0, general_rooms=0, affected=130),
        actor=actor_for(people["county_leader"]),
        reason="补录漏报的两户",
    )
    correction = Correction.objects.get(report=new)
    assert correction.changes == {"affected": ["120", "130"]}
    for stage in Stage.values:
        assert city_total(event, stage, "affected") == 130
    assert AuditLog.objects.filter(
        object_type="disasters.disasterreport", object_id=str(new.pk), detail__contains="补录漏报"
    ).exists()


def test_the_initial_report_is_late_after_two_hours(people, village) -> None:
    from yingji.disasters.tests.conftest import event_data

    event = events.create_event(event_data(started_at=timezone.now() - timedelta(hours=3)), actor=system())
    report = reports.submit_report(event, village, figures(), actor=actor_for(people["informant"]))
    assert report.late


def test_submitting_is_a_fixed_number_of_queries(
    event, village, village2, people, django_assert_max_num_queries
) -> None:
    informant = actor_for(people["informant"])
    reports.submit_report(event, village, figures(), actor=informant)
    with django_assert_max_num_queries(40):
        reports.submit_report(event, village2, figures(), actor=informant)
