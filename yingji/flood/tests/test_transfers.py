"""Tracked evacuation: a warning at the point's level opens its transfer (once), a lower
one does not; a gauge over its threshold opens it, a stale reading does not; the
responsible person reports per household, nobody is reported moved twice; out of scope
nothing changes; every change is audited; the board adds up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Notification, Region
from yingji.core.services.settings import save_settings
from yingji.core.testing import WUCHANG, actor_for, system
from yingji.flood import rules
from yingji.flood.models import FloodSettings, TransferEntry, TransferReport, TransferTask
from yingji.flood.services import board, points, transfers
from yingji.flood.tests.conftest import warning

pytestmark = pytest.mark.django_db


def test_a_warning_at_the_points_level_opens_its_transfer_once(point: Any, street: Region) -> None:
    bulletin = warning([street], level="orange")
    (task,) = transfers.open_due_tasks(actor=system())
    assert task.point == point and task.trigger == "warning" and task.bulletin_id == bulletin.pk
    assert "橙色预警生效" in task.reason
    assert sorted(task.entries.values_list("members", flat=True)) == [1, 3, 3]
    assert task.entries.filter(vulnerable=True).count() == 1
    # The next run (the job every minute) opens nothing more.
    assert transfers.open_due_tasks(actor=system()) == []
    assert TransferTask.objects.count() == 1
    # The responsible persons were called (叫应) through their directory accounts.
    called = Notification.objects.filter(title__contains="转移避险").values_list("recipient_id", flat=True)
    assert set(called) == {point.responsible.get(name="钱主任").contact_id,
                           point.responsible.get(name="孙书记").contact_id}
    assert AuditLog.objects.filter(object_type="flood.transfertask", action="create").count() == 1


def test_a_lower_warning_or_one_elsewhere_opens_nothing(point: Any, street: Region) -> None:
    warning([street], level="yellow")
    other = Region.objects.filter(parent=street.parent, level=4).exclude(code=street.code).order_by("code")[0]
    warning([other], level="red")
    assert transfers.open_due_tasks(actor=system()) == []


def test_the_setting_turns_automatic_opening_off(point: Any, street: Region) -> None:
    warning([street], level="red")
    save_settings(FloodSettings, {"open_from_warnings": False}, actor=system())
    assert transfers.open_due_tasks(actor=system()) == []


def test_a_gauge_over_its_threshold_opens_the_transfer_a_stale_one_does_not(point: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise
    from yingji.monitoring.models import PointState
    from yingji.monitoring.tests.factories import make_object, make_point

    owner = make_enterprise(7, name="江岸区水务站")
    station = make_object(owner, "W01", kind="water_level", name="大智水位站")
    gauge = make_point(station, "WL-1", name="水位", point_type="water_level", unit="m",
                       range_low=0.0, range_high=10.0, low_low=None, low=None, high=None,
                       high_high=None, sampling_seconds=60)
    points.create_gauge({"point": point, "gauge": gauge, "threshold": 0.3}, actor=system())
    now = timezone.now()
    PointState.objects.create(point=gauge, last_value=0.45, last_ts=now - timedelta(hours=3))
    assert transfers.open_due_tasks(actor=system(), now=now) == []  # stale (60 minutes)
    PointState.objects.filter(point=gauge).update(last_ts=now - timedelta(minutes=2))
    (task,) = transfers.open_due_tasks(actor=system(), now=now)
    assert task.trigger == "gauge" and task.gauge_id == gauge.pk
    assert task.reason == "水位实测0.45m，达到转移阈值0.3m"


def test_only_rain_and_water_level_gauges_may_be_linked(point: Any) -> None:
    from yingji.enterprises.tests.factories import make_enterprise
    from yingji.monitoring.tests.factories import make_object, make_point

    tank = make_point(make_object(make_enterprise(8), "T01"), "LT-1")
    with pytest.raises(ValidationError) as refused:
        points.create_gauge({"point": point, "gauge": tank, "threshold": 1.0}, actor=system())
    assert refused.value.message_dict == {"gauge": ["请选择雨量站或水位站的测点"]}


def test_a_point_has_one_open_transfer(point: Any, street_duty: Any) -> None:
    transfers.open_manually(point, actor=actor_for(street_duty), reason="现场积水20厘米")
    with pytest.raises(ValidationError, match="已有进行中的转移任务"):
        transfers.open_manually(point, actor=actor_for(street_duty))
    assert TransferTask.objects.filter(point=point).count() == 1


def _task(point: Any, actor: Any) -> TransferTask:
    return transfers.open_task(point, actor=actor)


def test_the_responsible_person_reports_each_household(point: Any, street_duty: Any,
                                                        shelter: Any) -> None:
    actor = actor_for(street_duty)
    task = _task(point, actor)
    first, second, third = task.entries.order_by("pk")
    moved = transfers.report_household(first, actor=actor, outcome="moved")
    assert (moved.status, moved.moved_people, moved.shelter) == ("moved", 3, shelter)
    transfers.report_household(second, actor=actor, outcome="refused", note="坚持留守")
    transfers.report_household(third, actor=actor, outcome="not_found")
    # A refusal may later become a move (persuaded); a move never becomes anything else.
    transfers.report_household(second, actor=actor, outcome="moved", people=1)
    with pytest.raises(ValidationError, match="不能重复报送"):
        transfers.report_household(first, actor=actor, outcome="moved")
    with pytest.raises(ValidationError, match="不能重复报送"):
        transfers.report_household(first, actor=actor, outcome="refused")
    assert TransferReport.objects.filter(entry__task=task).count() == 4
    assert TransferReport.objects.filter(entry=first, outcome="moved").count() == 1
    assert AuditLog.objects.filter(object_type="flood.transferentry", action="update").count() == 4
    day = board.build(street_duty)
    (row,) = day.points
    assert (row.tally.households, row.tally.people, row.tally.moved_households,
            row.tally.moved_people, row.tally.remaining_people, row.tally.not_found) == (3, 7, 2, 4, 3, 1)
    (street_row,) = day.streets
    assert street_row.name == "大智街道" and street_row.tally.moved_people == 4
    (occupied,) = day.shelters
    assert (occupied.people, occupied.capacity, occupied.percent) == (4, 10, 40)


def test_bad_reports_change_nothing(point: Any, street_duty: Any) -> None:
    actor = actor_for(street_duty)
    entry = _task(point, actor).entries.order_by("pk")[0]
    with pytest.raises(ValidationError) as refused:
        transfers.report_household(entry, actor=actor, outcome="moved", people=9)
    assert refused.value.message_dict == {"people": ["转移人数应为1至3人"]}
    with pytest.raises(ValidationError, match="请选择转移结果"):
        transfers.report_household(entry, actor=actor, outcome="pending")
    entry.refresh_from_db()
    assert entry.status == "pending" and not TransferReport.objects.exists()


def test_out_of_scope_and_unpermitted_users_change_nothing(point: Any, street_duty: Any,
                                                            outsider: Any, leader: Any) -> None:
    task = _task(point, actor_for(street_duty))
    entry = task.entries.all()[0]
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        transfers.report_household(entry, actor=actor_for(outsider), outcome="moved")
    with pytest.raises(PermissionDenied):
        transfers.report_household(entry, actor=actor_for(leader), outcome="moved")
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        transfers.close_task(task, actor=actor_for(outsider))
    assert not TransferReport.objects.exists()
    assert board.build(outsider).points == []
    assert TransferEntry.objects.restrict(outsider, "view").count() == 0


def test_a_closed_transfer_takes_no_more_reports(point: Any, street_duty: Any, leader: Any) -> None:
    task = _task(point, actor_for(street_duty))
    transfers.close_task(task, actor=actor_for(leader), note="预警解除")
    with pytest.raises(ValidationError, match="转移任务已结束"):
        transfers.report_household(task.entries.all()[0], actor=actor_for(street_duty), outcome="moved")
    # The point may be opened again in the next rain.
    assert transfers.open_task(point, actor=actor_for(street_duty)).state == "open"


def test_the_eight_categories_checklist(point: Any, street_duty: Any) -> None:
    task = _task(point, actor_for(street_duty))
    checked = transfers.check_categories(task, actor=actor_for(street_duty),
                                         categories=["riverside", "lowland"])
    assert checked.checked == ["lowland", "riverside"]  # in the list's order
    with pytest.raises(ValidationError) as refused:
        transfers.check_categories(task, actor=actor_for(street_duty), categories=["ghost"])
    assert refused.value.message_dict == {"categories": ["未知的必转类别：ghost"]}


def test_responsible_persons_come_from_the_directory_of_the_points_area(
        community: Region, persons: dict[str, Any], shelter: Any) -> None:
    from yingji.flood.tests.conftest import point_data

    data = point_data(community, persons, shelter, responsible=[persons["stranger"]])
    with pytest.raises(ValidationError) as refused:
        points.create_point(data, actor=system())
    assert refused.value.message_dict == {"responsible": ["责任人不负责该风险点所在区域或已不在岗：周主任"]}
    street_level = point_data(community, persons, shelter, region=Region.objects.get(code=WUCHANG))
    with pytest.raises(ValidationError, match="街道"):
        points.create_point(street_level, actor=system())


def test_rules_of_levels_and_gauges() -> None:
    now = timezone.now()
    assert rules.level_reaches("red", "orange") and rules.level_reaches("orange", "orange")
    assert not rules.level_reaches("yellow", "orange") and not rules.level_reaches("", "blue")
    assert rules.gauge_reaches(5.0, 5.0, now, now, 60)
    assert not rules.gauge_reaches(4.9, 5.0, now, now, 60)
    assert not rules.gauge_reaches(9.0, 5.0, now - timedelta(minutes=61), now, 60)
    assert rules.occupancy(5, 0) is None and rules.occupancy(50, 200) == 25
