"""In-app notifications (站内消息): send, read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from yingji.core import live
from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.models import Notification, User
from yingji.core.models.notifications import NotificationLevel


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
) -> list[Notification]:
    """Send one in-app message to each recipient and push it to their open pages."""
    object_type = object_type_of(obj) if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    created = [
        Notification.objects.create(
            recipient=user, title=title[:200], body=body, link=link, level=level,
            object_type=object_type, object_id=object_id,
        )
        for user in {u.pk: u for u in recipients}.values()
    ]
    for note in created:
        message = {"type": "notification", "user": note.recipient_id, "id": note.pk,
                   "title": note.title, "level": note.level, "link": note.link}
        transaction.on_commit(lambda m=message: live.publish(m))  # type: ignore[misc]
    return created


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


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
