"""The closed loop through the services: every transition, every refusal, deadlines
with reminders and escalation, extensions and 挂牌督办."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.events import timeline
from yingji.core.models import Attachment, AuditLog, Deadline, Notification
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import actor_for, make_user, system
from yingji.core.workflow import StaleObject, TransitionRefused
from yingji.hazards.models import (
    ExtensionRequest,
    Hazard,
    HazardGrade,
    HazardSource,
    RectificationReport,
    Verification,
)
from yingji.hazards.services import extensions, hazards, steps
from yingji.hazards.tests.conftest import (
    COMPLETE_PLAN,
    assign_data,
    hazard_data,
    in_days,
    pdf,
    png,
)

pytestmark = pytest.mark.django_db


def _to_verifying(hazard: Hazard, user: Any, assigner: Any = None) -> Hazard:
    """下发整改 by ``assigner`` (default ``user``), then rectified by ``user``."""
    actor = actor_for(user)
    hazard = steps.assign_rectification(hazard, actor=actor_for(assigner or user), **assign_data())
    hazard = steps.start_rectification(hazard, actor=actor)
    return steps.submit_for_verification(hazard, actor=actor, content="已更换并接入DCS",
                                         evidence=[png("after.png")])


def test_registration_takes_place_from_the_enterprise_and_numbers_the_hazard(
        enterprise, officer) -> None:
    hazard = hazards.create_hazard(hazard_data(enterprise), actor=actor_for(officer),
                                   photos=[png("a.png"), png("b.jpg".replace("jpg", "png"))])
    assert hazard.state == "registered" and hazard.version == 0
    assert hazard.region_id == enterprise.region_id and hazard.industry == enterprise.industry
    assert (hazard.longitude, hazard.latitude) == (enterprise.longitude, enterprise.latitude)
    assert hazard.supervising_officer == officer and hazard.finder_name == "王监管"
    hazard.refresh_from_db()
    assert hazard.number == f"YH{timezone.localtime(hazard.found_at).year}{hazard.pk:07d}"
    assert Attachment.objects.filter(object_id=str(hazard.pk), purpose="隐患照片").count() == 2


def test_the_full_loop_closes_on_time_with_report_and_verification(hazard, officer, owner) -> None:
    verifying = _to_verifying(hazard, owner, assigner=officer)
    assert verifying.state == "verifying" and verifying.rectified_at is not None
    [report] = RectificationReport.objects.filter(hazard=hazard)
    assert len(report.evidence_ids) == 1
    deadline = Deadline.objects.get(object_id=str(hazard.pk), kind=hazards.DEADLINE_KIND)
    assert deadline.closed_at is not None and deadline.met_on_time is True
    closed = steps.close_hazard(verifying, actor=actor_for(officer), comment="复查合格")
    assert closed.state == "closed" and closed.closed_on_time is True and closed.closed_by == officer
    assert Verification.objects.get(hazard=hazard).passed is True
    summaries = [e.summary for e in timeline(closed)]
    for step in ("下发整改：登记 → 待整改", "开始整改：待整改 → 整改中", "提交验收：整改中 → 待验收",
                 "验收销号：待验收 → 已销号"):
        assert any(step in s for s in summaries), step
    assert AuditLog.objects.filter(object_id=str(hazard.pk), detail__startswith="隐患：").count() == 4


def test_failed_verification_goes_back_to_rectifying_and_restarts_the_clock(hazard, officer,
                                                                           owner) -> None:
    verifying = _to_verifying(hazard, owner, assigner=officer)
    with pytest.raises(TransitionRefused, match="请填写处理意见"):
        steps.reject_verification(verifying, actor=actor_for(officer))
    back = steps.reject_verification(verifying, actor=actor_for(officer), comment="报警器仍未远传")
    assert back.state == "rectifying" and back.rectified_at is None
    assert Verification.objects.get(hazard=hazard).passed is False
    open_deadline = Deadline.objects.get(object_id=str(hazard.pk), closed_at__isnull=True)
    assert open_deadline.due_at == back.deadline
    # A second round needs new evidence: the first round's photo does not count.
    with pytest.raises(TransitionRefused, match="须上传整改证据"):
        steps.submit_for_verification(back, actor=actor_for(owner), content="再次整改")
    again = steps.submit_for_verification(back, actor=actor_for(owner), content="再次整改", evidence=[pdf()])
    assert again.state == "verifying"


def test_past_deadline_missing_fields_and_wrong_state_are_refused(hazard, officer) -> None:
    actor = actor_for(officer)
    with pytest.raises(TransitionRefused, match="整改期限不能早于当前时间"):
        steps.assign_rectification(hazard, actor=actor, **assign_data(deadline=in_days(-1)))
    with pytest.raises(TransitionRefused) as missing:
        steps.assign_rectification(hazard, actor=actor, deadline=in_days(3))
    assert set(missing.value.message_dict) == {"responsible_name", "measures"}
    with pytest.raises(TransitionRefused, match="当前状态为“登记”，不能执行“验收销号”"):
        steps.close_hazard(hazard, actor=actor)
    hazard.refresh_from_db()
    assert hazard.state == "registered" and hazard.version == 0 and hazard.deadline is None


def test_submission_without_evidence_or_with_a_bad_file_changes_nothing(hazard, owner,
                                                                      officer) -> None:
    actor = actor_for(owner)
    rectifying = steps.start_rectification(steps.assign_rectification(
        hazard, actor=actor_for(officer), **assign_data()), actor=actor)
    with pytest.raises(TransitionRefused, match="须上传整改证据"):
        steps.submit_for_verification(rectifying, actor=actor, content="已整改")
    fake = png("fake.exe")
    with pytest.raises(ValidationError, match="不能作为整改证据"):
        steps.submit_for_verification(rectifying, actor=actor, content="已整改", evidence=[fake])
    rectifying.refresh_from_db()
    assert rectifying.state == "rectifying" and not RectificationReport.objects.exists()
    assert not Attachment.objects.filter(purpose="整改证据").exists()


def test_photos_must_be_real_images_within_the_limit(enterprise, officer) -> None:
    actor = actor_for(officer)
    with pytest.raises(ValidationError, match="不是图片"):
        hazards.create_hazard(hazard_data(enterprise), actor=actor, photos=[pdf("scan.pdf")])
    disguised = png("x.png")
    disguised.file.write(b"")  # content unchanged: now give it text content
    from django.core.files.uploadedfile import SimpleUploadedFile
    text_as_png = SimpleUploadedFile("x.png", b"hello world, not an image", "image/png")
    with pytest.raises(ValidationError, match="文件内容与扩展名"):
        hazards.create_hazard(hazard_data(enterprise), actor=actor, photos=[png("ok.png"), text_as_png])
    with pytest.raises(ValidationError, match="超过大小上限10MB"):
        hazards.create_hazard(hazard_data(enterprise), actor=actor,
                              photos=[png("big.png", size=10 * 1024 * 1024 + 1)])
    assert not Hazard.objects.exists() and not Attachment.objects.exists()


def test_major_hazard_needs_the_complete_treatment_plan(enterprise, officer) -> None:
    actor = actor_for(officer)
    major = hazards.create_hazard(hazard_data(enterprise, grade=HazardGrade.MAJOR), actor=actor)
    with pytest.raises(TransitionRefused, match="缺少：现状及产生原因"):
        steps.assign_rectification(major, actor=actor, **assign_data())
    hazards.save_plan(major, {**COMPLETE_PLAN, "in_place_funds": False}, actor=actor)
    with pytest.raises(TransitionRefused, match="缺少：资金到位"):
        steps.assign_rectification(major, actor=actor, **assign_data())
    hazards.save_plan(major, COMPLETE_PLAN, actor=actor)
    assert steps.assign_rectification(major, actor=actor, **assign_data()).state == "pending"
    assert any("完整，五到位" in e.summary for e in timeline(major))


def test_plan_is_only_for_major_hazards(hazard, officer) -> None:
    with pytest.raises(ValidationError, match="只有重大隐患"):
        hazards.save_plan(hazard, COMPLETE_PLAN, actor=actor_for(officer))


def test_stale_version_loses_and_nothing_changes(hazard, officer, other_supervisor) -> None:
    first = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data(), expected_version=0)
    with pytest.raises(StaleObject, match="已被他人处理"):
        steps.assign_rectification(hazard, actor=actor_for(other_supervisor),
                                   **assign_data(measures="另一套措施"), expected_version=0)
    first.refresh_from_db()
    assert first.measures == "更换报警器并接入DCS".replace("DCS", "控制室DCS") and first.version == 1


def test_enterprise_cannot_close_a_major_hazard_even_self_found(enterprise, officer, owner,
                                                                 self_close_on) -> None:
    major = hazards.create_hazard(hazard_data(enterprise, grade=HazardGrade.MAJOR,
                                              source=HazardSource.SELF_CHECK),
                                  actor=actor_for(owner))
    hazards.save_plan(major, COMPLETE_PLAN, actor=actor_for(owner))
    verifying = _to_verifying(major, owner)
    with pytest.raises(TransitionRefused, match="企业不能自行销号"):
        steps.close_hazard(verifying, actor=actor_for(owner))
    closed = steps.close_hazard(verifying, actor=actor_for(officer))
    assert closed.state == "closed" and closed.self_closed is False


def test_listed_major_hazard_is_closed_only_by_the_listing_department(
        enterprise, officer, other_supervisor, city_bureau, bureau) -> None:
    city_officer = make_user("city_sup", roles=["supervisor"], scope="420100000000",
                             department=city_bureau, real_name="市督办")
    major = hazards.create_hazard(hazard_data(enterprise, grade=HazardGrade.MAJOR),
                                  actor=actor_for(officer))
    with pytest.raises(ValidationError, match="区县级挂牌督办须由区县级部门"):
        hazards.list_for_supervision(major, actor=actor_for(city_officer), level="district",
                                     department=city_bureau)
    with pytest.raises(ValidationError, match="督办责任人须为"):
        hazards.list_for_supervision(major, actor=actor_for(city_officer), level="city",
                                     department=city_bureau, officer=officer)
    listed = hazards.list_for_supervision(major, actor=actor_for(city_officer), level="city",
                                          department=city_bureau, officer=city_officer,
                                          listing_number="武应急督〔2026〕3号")
    assert listed.is_listed and listed.listed_at is not None
    hazards.save_plan(listed, COMPLETE_PLAN, actor=actor_for(officer))
    verifying = _to_verifying(listed, officer)
    with pytest.raises(TransitionRefused, match="只有督办部门（武汉市应急管理局）可以验收销号"):
        steps.close_hazard(verifying, actor=actor_for(officer))
    assert steps.close_hazard(verifying, actor=actor_for(city_officer)).state == "closed"
    assert Notification.objects.filter(recipient=city_officer, title="重大隐患挂牌督办").exists()


def test_general_hazard_cannot_be_listed_and_enterprise_cannot_list(hazard, owner, bureau,
                                                                   officer) -> None:
    with pytest.raises(PermissionDenied):
        hazards.list_for_supervision(hazard, actor=actor_for(owner), level="district",
                                     department=bureau)
    with pytest.raises(ValidationError, match="只有重大隐患可以挂牌督办"):
        hazards.list_for_supervision(hazard, actor=actor_for(officer), level="district",
                                     department=bureau)


def test_deadline_reminds_then_escalates_to_officer_and_leader(hazard, officer, leader,
                                                               owner) -> None:
    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data(deadline=in_days(2)))
    assert pending.responsible == owner  # the enterprise's account by default
    deadline = Deadline.objects.get(object_id=str(hazard.pk))
    assert deadline.escalation_chain == [officer.pk, leader.pk]
    assert deadline.remind_before_minutes == 72 * 60
    assert check_deadlines().reminded == 1
    assert Notification.objects.filter(recipient=owner, title__startswith="即将到期").exists()
    result = check_deadlines(now=in_days(2.1))
    assert result.overdue == 1
    assert Notification.objects.filter(recipient=officer, title__startswith="已逾期").exists()
    assert not Notification.objects.filter(recipient=leader).exists()
    assert check_deadlines(now=in_days(3.2)).escalated == 1
    assert Notification.objects.filter(recipient=leader, title__startswith="逾期督办").exists()
    kinds = {e.event_type for e in timeline(hazard)}
    assert {"deadline.set", "deadline.reminded", "deadline.overdue", "deadline.escalated"} <= kinds


def test_extension_approved_moves_the_deadline(hazard, officer, owner) -> None:
    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    with pytest.raises(ValidationError, match="须晚于原整改期限"):
        extensions.request_extension(pending, actor=actor_for(owner),
                                     requested_deadline=in_days(5), reason="设备未到货")
    with pytest.raises(ValidationError, match="请填写延期理由"):
        extensions.request_extension(pending, actor=actor_for(owner),
                                     requested_deadline=in_days(20), reason=" ")
    request = extensions.request_extension(pending, actor=actor_for(owner),
                                           requested_deadline=in_days(20), reason="设备未到货")
    with pytest.raises(ValidationError, match="已有待审批的延期申请"):
        extensions.request_extension(pending, actor=actor_for(owner),
                                     requested_deadline=in_days(25), reason="再延")
    with pytest.raises(PermissionDenied, match="无权审批"):
        extensions.decide_extension(request, actor=actor_for(owner), approve=True)
    done = extensions.decide_extension(request, actor=actor_for(officer), approve=True)
    assert done.status == "approved"
    pending.refresh_from_db()
    assert pending.deadline == request.requested_deadline and pending.version == 2
    assert Deadline.objects.get(object_id=str(hazard.pk), closed_at__isnull=True).due_at \
        == request.requested_deadline
    with pytest.raises(ValidationError, match="不能重复审批"):
        extensions.decide_extension(request, actor=actor_for(officer), approve=False, comment="x")


def test_extension_rejection_needs_a_reason(hazard, officer, owner) -> None:
    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data())
    request = extensions.request_extension(pending, actor=actor_for(owner),
                                           requested_deadline=in_days(20), reason="资金未到位")
    with pytest.raises(ValidationError, match="驳回须填写审批意见"):
        extensions.decide_extension(request, actor=actor_for(officer), approve=False)
    extensions.decide_extension(request, actor=actor_for(officer), approve=False,
                                comment="期限内可完成")
    pending.refresh_from_db()
    assert ExtensionRequest.objects.get().status == "rejected"
    assert pending.deadline != request.requested_deadline


def test_extension_only_while_rectification_runs(hazard, owner) -> None:
    with pytest.raises(ValidationError, match="不能申请延期"):
        extensions.request_extension(hazard, actor=actor_for(owner),
                                     requested_deadline=in_days(20), reason="x")


def test_enterprise_user_reaches_only_its_own_enterprise(hazard, owner, other_enterprise,
                                                         officer) -> None:
    other = hazards.create_hazard(hazard_data(other_enterprise), actor=actor_for(officer))
    assert list(Hazard.objects.restrict(owner, "view")) == [hazard]
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        hazards.create_hazard(hazard_data(other_enterprise), actor=actor_for(owner))
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        steps.assign_rectification(other, actor=actor_for(owner), **assign_data())


def test_supervisor_reaches_only_the_region(hazard, wc_supervisor, wuchang_enterprise) -> None:
    assert not Hazard.objects.restrict(wc_supervisor, "view").filter(pk=hazard.pk).exists()
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        steps.assign_rectification(hazard, actor=actor_for(wc_supervisor), **assign_data())
    mine = hazards.create_hazard(hazard_data(wuchang_enterprise), actor=actor_for(wc_supervisor))
    assert list(Hazard.objects.restrict(wc_supervisor, "view")) == [mine]


def test_public_place_hazard_needs_a_place_and_street(officer) -> None:
    from yingji.core.testing import JIANGAN_STREET, region

    with pytest.raises(ValidationError) as refused:
        hazards.create_hazard(hazard_data(None, source=HazardSource.PUBLIC_REPORT),
                              actor=actor_for(officer))
    assert set(refused.value.message_dict) == {"place_name", "region"}
    place = hazards.create_hazard(hazard_data(None, source=HazardSource.PUBLIC_REPORT,
                                              place_name="中山大道人行天桥",
                                              region=region(JIANGAN_STREET)),
                                  actor=actor_for(officer))
    assert place.place == "中山大道人行天桥" and place.industry == ""


def test_registered_hazard_can_be_corrected_but_not_later(hazard, officer) -> None:
    fixed = hazards.update_hazard(hazard, {"title": "报警器失效（2号罐区）"}, actor=actor_for(officer))
    assert fixed.title == "报警器失效（2号罐区）" and fixed.version == 1
    pending = steps.assign_rectification(fixed, actor=actor_for(officer), **assign_data())
    with pytest.raises(ValidationError, match="不能修改基本信息"):
        hazards.update_hazard(pending, {"title": "x"}, actor=actor_for(officer))


def test_future_discovery_time_is_refused(enterprise, officer) -> None:
    with pytest.raises(ValidationError, match="发现时间不能晚于当前时间"):
        hazards.create_hazard(hazard_data(enterprise, found_at=in_days(1)), actor=actor_for(officer))


def test_system_actor_records_without_a_user(enterprise) -> None:
    hazard = hazards.create_hazard(hazard_data(enterprise), actor=system())
    assert hazard.finder_name and hazard.found_by is None
    assert timezone.now() - hazard.found_at < timedelta(minutes=1)


def test_deadline_in_working_days_follows_the_official_calendar(hazard, officer) -> None:
    from yingji.core import calendar

    pending = steps.assign_rectification(hazard, actor=actor_for(officer), **assign_data(deadline=None,
                                         workdays=5))
    local = timezone.localtime(pending.deadline)
    assert (local.hour, local.minute) == (23, 59) and calendar.is_workday(local.date())
    assert calendar.working_days_between(timezone.localdate(), local.date()) == 5


def test_escalation_finds_the_territory_officer_and_leader_when_none_is_named(
        officer) -> None:
    from yingji.core.testing import JIANGAN_STREET, region
    from yingji.hazards.services.people import escalation_chain

    district_leader = make_user("ja_duty_leader", roles=["duty_leader"], scope="420102000000")
    city_commander = make_user("wh_cmd", roles=["commander"], scope="420100000000")
    place = hazards.create_hazard(hazard_data(None, source=HazardSource.PUBLIC_REPORT,
                                              place_name="解放公园", region=region(JIANGAN_STREET)),
                                  actor=actor_for(officer))
    # A public place names no officer: the 江岸区 supervisor, whose department has no
    # leader here, so the district's leader by scope, then the city's.
    assert escalation_chain(place) == [officer, district_leader]
    district_leader.is_active = False
    district_leader.save()
    assert escalation_chain(place) == [officer, city_commander]
