"""Bulletin workflow, versions, publishing to the directory with 叫应 over real loopback
receivers (HTTP gateway and robots, aiosmtpd), re-notification and escalation."""

from __future__ import annotations

import socket
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.events import timeline
from yingji.core.models import Delivery, Notification
from yingji.core.models.notifications import DeliveryStatus
from yingji.core.services.notifications import ack_url, check_acknowledgements
from yingji.core.testing import actor_for, system
from yingji.warnings.models import Bulletin
from yingji.warnings.services import board, bulletins
from yingji.warnings.tests.conftest import Recorder, draft_data, publish

pytestmark = pytest.mark.django_db


def test_publish_notifies_the_area_with_chains_and_keeps_a_version(draft, officer, leader,
                                                                   people) -> None:
    bulletin = publish(draft, officer, leader)
    assert bulletin.state == "published" and bulletin.published_at is not None
    [version] = bulletin.versions.all()
    assert (version.number, version.action, version.level) == (1, "publish", "orange")
    notes = Notification.objects.filter(object_id=str(bulletin.pk), requires_ack=True)
    recipients = {n.recipient.duty_person.name: n for n in notes.select_related("recipient")}
    # The town leader and the village head are in the street; the geology-only monitor
    # is not told of a rainstorm; the county leader is outside the target street.
    assert set(recipients) == {"钱主任", "孙书记"}
    head, town, county = (people["head1"], people["town"], people["county"])
    for person in (head, town, county):
        person.refresh_from_db()
    assert recipients["孙书记"].escalation_chain == [town.contact_id, county.contact_id]
    assert recipients["钱主任"].escalation_chain == [county.contact_id]
    summaries = [e.summary for e in timeline(bulletin)]
    assert any("已通知2名责任人，要求叫应" in s for s in summaries)
    assert any("审核发布" in s for s in summaries)
    assert head.contact is not None and not head.contact.has_usable_password()


def test_only_leaders_publish_and_reasons_are_chinese(draft, officer, leader, street) -> None:
    submitted = bulletins.submit_bulletin(draft, actor=actor_for(officer))
    with pytest.raises(PermissionDenied, match="无权执行“审核发布”"):
        bulletins.publish_bulletin(submitted, actor=actor_for(officer))
    # Expired while waiting for review: refused.
    Bulletin.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="已过失效时间"):
        bulletins.publish_bulletin(submitted, actor=actor_for(leader))


def test_empty_area_and_bad_levels_are_refused(officer, leader, street) -> None:
    empty = bulletins.create_bulletin(draft_data(street, target_regions=[]), actor=actor_for(officer))
    with pytest.raises(ValidationError, match="未指定预警区域"):
        bulletins.submit_bulletin(empty, actor=actor_for(officer))
    with pytest.raises(ValidationError, match="不在蓝色、黄色、橙色、红色四级之内"):
        bulletins.create_bulletin(draft_data(street, level="purple"), actor=actor_for(officer))
    Bulletin.objects.filter(pk=empty.pk).update(level="purple")
    empty.refresh_from_db()
    with pytest.raises(ValidationError, match="四级之内"):
        bulletins.submit_bulletin(empty, actor=actor_for(officer))
    with pytest.raises(ValidationError, match="失效时间须晚于生效时间"):
        now = timezone.now()
        bulletins.create_bulletin(draft_data(street, effective_at=now, expires_at=now),
                                  actor=actor_for(officer))


def test_targets_outside_the_issuing_region_or_scope_are_refused(officer, outsider, street) -> None:
    from yingji.core.models import Region
    from yingji.core.testing import WUCHANG

    wuchang = Region.objects.get(code=WUCHANG)
    with pytest.raises(ValidationError, match="须在发布区域之内"):
        bulletins.create_bulletin(draft_data(wuchang, target_regions=[wuchang]),
                                  actor=actor_for(officer))
    with pytest.raises(ValidationError, match="超出您的数据范围"):
        bulletins.create_bulletin(draft_data(street), actor=actor_for(outsider))


def test_upgrade_downgrade_update_lift_keep_every_version(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    with pytest.raises(ValidationError, match="须高于当前的橙色"):
        bulletins.upgrade_bulletin(bulletin, actor=actor_for(leader), level="yellow")
    bulletin = bulletins.upgrade_bulletin(bulletin, actor=actor_for(leader),
                                          level="red", content="降雨加强")
    assert (bulletin.level, bulletin.title) == ("red", "江岸区暴雨红色预警")
    with pytest.raises(ValidationError, match="须低于当前的红色"):
        bulletins.downgrade_bulletin(bulletin, actor=actor_for(leader), level="red")
    bulletin = bulletins.downgrade_bulletin(bulletin, actor=actor_for(leader), level="yellow")
    bulletin = bulletins.update_published_bulletin(bulletin, actor=actor_for(officer),
                                                   comment="补充措施", measures="关闭地下通道")
    bulletin = bulletins.lift_bulletin(bulletin, actor=actor_for(leader))
    actions = list(bulletin.versions.values_list("number", "action", "level"))
    assert actions == [(1, "publish", "orange"), (2, "upgrade", "red"), (3, "downgrade", "yellow"),
                       (4, "update", "yellow"), (5, "lift", "yellow")]
    assert bulletin.versions.get(number=4).measures == "关闭地下通道"
    with pytest.raises(ValidationError, match="不能直接修改"):
        bulletins.update_bulletin(bulletin, {"content": "x"}, actor=actor_for(officer))
    # Lifting tells the area without asking for an answer.
    last = Notification.objects.filter(object_id=str(bulletin.pk)).order_by("-id").first()
    assert last is not None and "（解除）" in last.title and not last.requires_ack


def test_expiry_job(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    assert bulletins.expire_due(timezone.now()) == 0
    assert bulletins.expire_due(bulletin.expires_at + timedelta(seconds=1)) == 1
    bulletin.refresh_from_db()
    assert bulletin.state == "expired"
    assert bulletin.versions.last().action == "expire"


def test_delivery_ack_renotify_escalate_over_real_receivers(
        settings, gateway, draft, officer, leader, people, client,
        django_capture_on_commit_callbacks) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    inbox: list[Any] = []

    class Inbox(MessageHandler):
        def handle_message(self, message: Any) -> None:
            inbox.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.SMS_GATEWAY_URL = gateway + "/sms"
        settings.WECOM_WEBHOOK_URL = gateway + "/wecom"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        with django_capture_on_commit_callbacks(execute=True):
            bulletin = publish(draft, officer, leader)
    finally:
        controller.stop()
    sms = [r["body"] for r in Recorder.received if r["path"] == "/sms"]
    wecom = [r["body"] for r in Recorder.received if r["path"] == "/wecom"]
    assert sorted(m["phone"] for m in sms) == ["13900000002", "13900000003"]
    for message in sms:
        assert message["content"].startswith("【江岸区暴雨橙色预警】")
        assert "转移低洼地带群众" in message["content"] and "/ack/" in message["content"]
    assert sorted(m["text"]["mentioned_mobile_list"][0] for m in wecom) == ["13900000002",
                                                                           "13900000003"]
    assert sorted(m["To"] for m in inbox) == ["town@example.cn", "v1@example.cn"]
    assert all(d.status == DeliveryStatus.SENT for d in Delivery.objects.all())
    # The town leader answers through the signed link in the SMS.
    people["town"].refresh_from_db()
    town_note = Notification.objects.get(recipient=people["town"].contact, object_id=str(bulletin.pk))
    path = ack_url(town_note).split("8000", 1)[1]
    assert client.post(path).status_code == 200
    assert client.post(path[:-4] + "AAAA/").status_code == 404  # forged
    figures = board.board(bulletin)
    assert (figures.total, figures.delivered, figures.acknowledged, figures.escalated) == (2, 2, 1, 0)
    assert [s.name for s in figures.rows[0].silent] == ["孙书记"]
    # The village head stays silent: re-sent once, then escalated to the town leader.
    Recorder.received.clear()
    due = timezone.now() + timedelta(minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_acknowledgements(due).renotified == 1
    assert [r["body"]["phone"] for r in Recorder.received if r["path"] == "/sms"] == ["13900000003"]
    Recorder.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert check_acknowledgements(due + timedelta(minutes=31)).escalated == 1
    [up] = [r["body"] for r in Recorder.received if r["path"] == "/sms"]
    assert up["phone"] == "13900000002" and "孙书记" in up["content"] and "未叫应上报" in up["content"]
    figures = board.board(bulletin)
    assert figures.escalated == 1 and figures.rows[0].silent[0].escalated == 1
    steps = [e.event_type for e in timeline(bulletin)]
    assert "notification.renotified" in steps and "notification.escalated" in steps
    assert "notification.acked" in steps


def test_gateway_errors_are_marked_failed_and_visible(settings, gateway, draft, officer, leader,
                                                      people,
                                                      django_capture_on_commit_callbacks) -> None:
    settings.SMS_GATEWAY_URL = gateway + "/sms"
    Recorder.answer = {"code": 500, "message": "余额不足"}
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = publish(draft, officer, leader)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.GAVE_UP}
    assert "余额不足" in Delivery.objects.first().last_error
    figures = board.board(bulletin)
    assert (figures.failed, figures.delivered) == (2, 0)
    assert all(s.failed for s in figures.rows[0].silent)


def test_system_only_expires(draft, officer, leader, people) -> None:
    bulletin = publish(draft, officer, leader)
    with pytest.raises(PermissionDenied):
        bulletins.expire_bulletin(bulletin, actor=actor_for(leader))
    assert bulletins.expire_bulletin(bulletin, actor=system()).state == "expired"


def test_every_workflow_transition_has_its_step_and_inputs() -> None:
    from yingji.warnings.steps import STEPS, StepForm
    from yingji.warnings.workflow import BULLETIN_FLOW

    assert set(STEPS) == {t.name for t in BULLETIN_FLOW.transitions}
    upgrade = StepForm({"name": "upgrade", "level": "red", "version": "3"})
    assert upgrade.is_valid() and upgrade.cleaned_data["level"] == "red"
    assert set(upgrade.fields) == {"name", "version", "comment", "content", "measures",
                                   "expires_at", "level"}
    assert set(StepForm({"name": "lift"}).fields) == {"name", "version", "comment"}
    unknown = StepForm({"name": "fly"})
    assert not unknown.is_valid() and "未知的操作：fly" in str(unknown.errors)
    page = StepForm({"name": "submit"}, version_required=True)
    assert not page.is_valid() and "version" in page.errors
