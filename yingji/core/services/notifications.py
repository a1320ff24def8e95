"""Notifications (站内消息) and call-and-acknowledge (叫应).

``notify`` stores one in-app message per recipient and, for each further channel asked
for, a ``Delivery`` that a background job carries (with retries). A message may require
acknowledgement: answered in the web app, through the signed link in the message, or by
SMS reply. Unanswered by its deadline it is sent again once, then escalated one level
up ``escalation_chain`` per interval; every step lands on the subject's timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events, live
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.channels import CHANNELS, ChannelError, Message
from yingji.core.models import Delivery, Notification, User
from yingji.core.models.notifications import DeliveryStatus, NotificationLevel

ACK_SALT = "yingji.ack"
ACK_VIA = {"web": "网页", "link": "短信链接", "sms": "短信回复"}
MAX_ATTEMPTS = 3


@transaction.atomic
def notify(
    recipients: Iterable[User],
    *,
    title: str,
    body: str = "",
    link: str = "",
    level: str = NotificationLevel.INFO,
    obj: models.Model | None = None,
    actor: Actor,
    channels: Sequence[str] = (),
    requires_ack: bool = False,
    ack_within: timedelta = timedelta(minutes=30),
    escalation_chain: Sequence[User] = (),
) -> list[Notification]:
    """Send one message to each recipient in-app and over ``channels``."""
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise ValueError(f"unknown channels {unknown}")
    object_type = object_type_of(obj) if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    now = timezone.now()
    created = []
    for user in {u.pk: u for u in recipients}.values():
        note = Notification.objects.create(
            recipient=user, title=title[:200], body=body, link=link, level=level,
            object_type=object_type, object_id=object_id, channels=list(channels),
            requires_ack=requires_ack, ack_within_minutes=int(ack_within.total_seconds() // 60),
            ack_due_at=now + ack_within if requires_ack else None,
            escalation_chain=[u.pk for u in escalation_chain],
        )
        created.append(note)
        _queue_deliveries(note, channels)
        message = {"type": "notification", "user": note.recipient_id, "id": note.pk,
                   "title": note.title, "level": note.level, "link": note.link}
        transaction.on_commit(lambda m=message: live.publish(m))  # type: ignore[misc]
    return created


def _queue_deliveries(note: Notification, channels: Sequence[str]) -> list[Delivery]:
    deliveries = []
    for code in channels:
        address = CHANNELS[code].address_of(note.recipient)
        delivery = Delivery.objects.create(
            notification=note, channel=code, address=address,
            status=DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
        )
        deliveries.append(delivery)
        if address:
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))  # type: ignore[misc]
    return deliveries


def _enqueue(delivery_id: int) -> None:
    from yingji.core.jobs import deliver_notification

    deliver_notification(delivery_id)


def ack_url(note: Notification) -> str:
    token = signing.TimestampSigner(salt=ACK_SALT).sign(str(note.pk))
    return settings.PUBLIC_URL + reverse("ack_link", args=[token])


def note_from_token(token: str) -> Notification | None:
    """The notification a signed link names, or None if forged or expired."""
    try:
        pk = signing.TimestampSigner(salt=ACK_SALT).unsign(
            token, max_age=timedelta(days=settings.ACK_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Notification.objects.select_related("recipient").filter(pk=pk).first()


def message_of(note: Notification) -> Message:
    body = note.body
    link = settings.PUBLIC_URL + note.link if note.link.startswith("/") else note.link
    if note.requires_ack and not note.acked_at:
        body += f"\n请点击链接确认收到（叫应）：{ack_url(note)}"
        if settings.SMS_CALLBACK_SECRET:
            body += "，或回复“1”"
        link = ""
    return Message(title=note.title, body=body, link=link)


def send_delivery(delivery_id: int) -> str:
    """Carry one delivery; returns its new status. Raises ChannelError when a retry
    may help (the job retries up to MAX_ATTEMPTS)."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    ).update(attempts=models.F("attempts") + 1)
    if not claimed:
        return "already-done"
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    channel = CHANNELS[delivery.channel]
    try:
        provider_id = channel.send(delivery.address, message_of(delivery.notification))
    except ChannelError as exc:
        final = not exc.retryable or delivery.attempts >= MAX_ATTEMPTS
        delivery.status = DeliveryStatus.GAVE_UP if final else DeliveryStatus.FAILED
        delivery.last_error = str(exc)[:300]
        delivery.save(update_fields=["status", "last_error"])
        if not final:
            raise
        return delivery.status
    delivery.status = DeliveryStatus.SENT
    delivery.provider_id = provider_id[:100]
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["status", "provider_id", "sent_at", "last_error"])
    return delivery.status


@transaction.atomic
def mark_read(notification: Notification, *, actor: Actor) -> Notification:
    if actor.user is None or notification.recipient_id != actor.user.pk:
        raise PermissionError("只能标记自己的消息")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    if actor.user is None:
        return 0
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def acknowledge(notification: Notification, *, via: str, actor: Actor) -> bool:
    """Record the recipient's answer (叫应). Returns False if it was already answered."""
    if via not in ACK_VIA:
        raise ValueError(f"unknown acknowledgement channel {via!r}")
    if actor.user is not None and actor.user.pk != notification.recipient_id:
        raise PermissionError("只能确认发给自己的消息")
    now = timezone.now()
    answered = Notification.objects.filter(
        pk=notification.pk, requires_ack=True, acked_at__isnull=True
    ).update(acked_at=now, ack_via=via, read_at=Coalesce("read_at", now))
    if not answered:
        return False
    notification.refresh_from_db()
    recipient = notification.recipient
    who = Actor(user=recipient, ip=actor.ip, request_id=actor.request_id)
    audit.record(audit.AuditAction.UPDATE, actor=who, obj=notification,
                 detail=f"叫应确认（{ACK_VIA[via]}）：{notification.title}")
    _subject_event(notification, who, "notification.acked",
                   f"{recipient.display_name}已叫应（{ACK_VIA[via]}）")
    return True


def ack_by_sms_reply(phone: str, content: str) -> Notification | None:
    """An SMS reply from ``phone``: "1", "收到" or "确认" answers the latest open call."""
    if content.strip() not in {"1", "收到", "确认", "已收到"}:
        return None
    note = (Notification.objects.filter(recipient__phone=phone, requires_ack=True,
                                        acked_at__isnull=True)
            .select_related("recipient").order_by("-created_at").first())
    if note is None:
        return None
    acknowledge(note, via="sms", actor=Actor.system("sms-callback"))
    return note


@dataclass
class AckCheck:
    renotified: int = 0
    escalated: int = 0


def check_acknowledgements(now: datetime | None = None) -> AckCheck:
    """Re-send unanswered calls once, then escalate one level per interval. Each step is
    claimed with a conditional UPDATE so parallel workers never repeat it."""
    now = now or timezone.now()
    actor = Actor.system("ack-check")
    result = AckCheck()
    due = Notification.objects.filter(requires_ack=True, acked_at__isnull=True,
                                      ack_due_at__lte=now).select_related("recipient")
    for note in due:
        next_due = now + timedelta(minutes=note.ack_within_minutes)
        if note.renotify_count == 0:
            if _claim(note, renotify_count=0, set_={"renotify_count": 1, "ack_due_at": next_due}):
                with transaction.atomic():
                    _queue_deliveries(note, note.channels)
                    _subject_event(note, actor, "notification.renotified",
                                   f"{note.recipient.display_name}未叫应，已重新发送")
                result.renotified += 1
            continue
        level = note.escalation_level
        if level >= len(note.escalation_chain):
            continue
        if _claim(note, escalation_level=level,
                  set_={"escalation_level": level + 1, "ack_due_at": next_due}):
            boss = User.objects.filter(pk=note.escalation_chain[level], is_active=True).first()
            if boss is not None:
                with transaction.atomic():
                    notify([boss], title=f"未叫应上报：{note.title}",
                           body=(f"{note.recipient.display_name}（{note.recipient.phone}）"
                                 f"超过时限未确认收到，请督促落实。\n{note.body}"),
                           link=note.link, level=NotificationLevel.URGENT, actor=actor,
                           channels=note.channels)
                    _subject_event(note, actor, "notification.escalated",
                                   f"{note.recipient.display_name}未叫应，已上报{boss.display_name}")
                result.escalated += 1
    return result


def _claim(note: Notification, *, set_: dict[str, object], **condition: object) -> bool:
    return bool(Notification.objects.filter(pk=note.pk, acked_at__isnull=True, **condition)
                .update(**set_))


def _subject_event(note: Notification, actor: Actor, event: str, summary: str) -> None:
    """Put an acknowledgement step on the timeline of the message's subject."""
    from django.apps import apps

    if not note.object_type:
        return
    try:
        model = apps.get_model(note.object_type)
    except (LookupError, ValueError):
        return
    subject = model._default_manager.filter(pk=note.object_id).first()
    if subject is not None:
        events.emit(event, actor=actor, obj=subject, summary=summary,
                    data={"notification": note.pk, "recipient": note.recipient_id})


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def delivery_summary(note: Notification) -> list[tuple[str, str]]:
    """(channel label, status label) for each delivery of ``note``."""
    from yingji.core.channels import CHANNEL_LABELS

    return [(CHANNEL_LABELS.get(d.channel, d.channel), d.get_status_display())
            for d in note.deliveries.all()]


__all__ = ["ChannelError", "acknowledge", "check_acknowledgements", "notify", "send_delivery"]
