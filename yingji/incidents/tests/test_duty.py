"""Duty: shifts with overlap refusal kept on the timeline, pattern shortfall, roster
generation, swaps with approval by someone else, handover with open items, the log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import DomainEvent, Region
from yingji.core.testing import JIANGAN, actor_for, make_user
from yingji.incidents.models import DutyPattern, DutyShift, Incident
from yingji.incidents.services import duty


def at(day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(2026, 8, day, hour))


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    return {name: make_user(name, roles=[role], scope=JIANGAN, real_name=real)
            for name, role, real in (("l1", "duty_leader", "王带班"), ("l2", "duty_leader", "李带班"),
                                     ("o1", "duty_officer", "赵值班"), ("o2", "duty_officer", "钱值班"),
                                     ("o3", "duty_officer", "孙值班"))}


def shift_data(people: dict[str, Any], start: datetime, **extra: Any) -> dict[str, Any]:
    return {"region": Region.objects.get(code=JIANGAN), "start": start,
            "end": start + timedelta(hours=24), "leaders": [people["l1"]],
            "officers": [people["o1"], people["o2"]], **extra}


def test_overlapping_shift_is_refused_and_the_attempt_kept(people: dict[str, Any],
                                                          leader: Any) -> None:
    first = duty.create_shift(shift_data(people, at(1, 8)), actor=actor_for(leader)).shift
    with pytest.raises(ValidationError) as info:
        duty.create_shift(shift_data(people, at(2, 0), leaders=[people["l2"]],
                                     officers=[people["o2"]]), actor=actor_for(leader))
    assert "钱值班已在08-01 08:00至08-02 08:00（江岸区）值班，班次时间重叠" in str(info.value)
    assert DutyShift.objects.count() == 1
    kept = DomainEvent.objects.get(event_type="shift.conflict")
    assert kept.object_id == str(first.pk)
    # Back-to-back is not an overlap.
    duty.create_shift(shift_data(people, at(2, 8)), actor=actor_for(leader))


def test_pattern_shortfall_is_a_warning(people: dict[str, Any], leader: Any) -> None:
    pattern = DutyPattern.objects.get(formula="1+4+N")
    result = duty.create_shift(shift_data(people, at(3, 8), pattern=pattern), actor=actor_for(leader))
    assert result.warning == "值班员2人，少于4人"
    with pytest.raises(ValidationError, match="不能在本班既任带班领导又任值班员"):
        duty.create_shift(shift_data(people, at(9, 8), officers=[people["l1"]]),
                          actor=actor_for(leader))


def test_roster_rotates_and_skips_conflicts(people: dict[str, Any], leader: Any) -> None:
    duty.create_shift(shift_data(people, at(11, 8), leaders=[people["l2"]], officers=[]),
                      actor=actor_for(leader))
    pattern = DutyPattern.objects.get(formula="1+2")
    result = duty.generate_roster(Region.objects.get(code=JIANGAN), pattern, date(2026, 8, 10), 3,
                                  leaders=[people["l1"], people["l2"]],
                                  officers=[people["o1"], people["o2"], people["o3"]],
                                  actor=actor_for(leader))
    assert len(result.created) == 2 and len(result.skipped) == 1
    assert result.skipped[0].startswith("08-11 08:00") and "李带班" in result.skipped[0]
    first = result.created[0]
    assert [u.real_name for u in first.leaders.all()] == ["王带班"]
    assert first.officers.count() == 2


def test_swap_needs_another_leader_and_replaces_the_person(people: dict[str, Any],
                                                            leader: Any) -> None:
    shift = duty.create_shift(shift_data(people, at(5, 8)), actor=actor_for(leader)).shift
    with pytest.raises(ValidationError, match="已在该班次"):
        duty.request_swap(shift, from_user=people["o1"], to_user=people["o2"], reason="家中有事",
                          actor=actor_for(leader))
    swap = duty.request_swap(shift, from_user=people["o1"], to_user=people["o3"],
                             reason="家中有事", actor=actor_for(leader))
    with pytest.raises(ValidationError, match="申请人以外"):
        duty.approve_swap(swap, actor=actor_for(leader))
    with pytest.raises(PermissionDenied):
        duty.approve_swap(swap, actor=actor_for(people["o2"]))  # not a leader
    duty.approve_swap(swap, actor=actor_for(people["l2"]))
    assert set(shift.officers.values_list("real_name", flat=True)) == {"孙值班", "钱值班"}


def test_handover_carries_open_items(people: dict[str, Any], leader: Any,
                                     incident: Incident) -> None:
    now = timezone.now()
    today = duty.create_shift(shift_data(people, now - timedelta(hours=2)), actor=actor_for(leader))
    tomorrow = duty.create_shift(shift_data(people, now + timedelta(hours=22),
                                            leaders=[people["l2"]], officers=[people["o3"]]),
                                 actor=actor_for(leader))
    assert duty.current_shift(leader) == today.shift
    duty.add_log(today.shift, "接江岸区仓库火灾报告", actor=actor_for(leader))
    handover = duty.hand_over(today.shift, tomorrow.shift, actor=actor_for(leader), notes="注意续报")
    texts = [item["text"] for item in handover.open_items]
    assert texts[0] == "处置中事件：江岸区某仓库火灾（一般）"
    assert any(t.startswith("待报送：江岸区某仓库火灾·首报") for t in texts)
    confirmed = duty.confirm_handover(handover, actor=actor_for(people["l2"]))
    assert confirmed.received_by == people["l2"]
    with pytest.raises(ValidationError, match="已确认接班"):
        duty.confirm_handover(handover, actor=actor_for(people["l2"]))


def test_todays_duty_is_the_users_own_duty_room(people: dict[str, Any], leader: Any) -> None:
    now = timezone.now()
    city = make_user("wh_duty_x", roles=["duty_officer"], scope="420100000000")
    district_shift = duty.create_shift(shift_data(people, now - timedelta(hours=1)),
                                       actor=actor_for(leader)).shift
    city_shift = duty.create_shift({**shift_data(people, now - timedelta(hours=1)),
                                    "region": Region.objects.get(code="420100000000"),
                                    "leaders": [people["l2"]], "officers": [people["o3"]]},
                                   actor=actor_for(city)).shift
    assert duty.current_shift(city) == city_shift
    assert duty.current_shift(leader) == district_shift
