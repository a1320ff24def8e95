"""A user's inbox: read marks, the unread count, a message's delivery summary."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Notification, User


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


def delivery_summary(note: Notification) -> list[tuple[str, str]]:
    """(channel label, status label) for each delivery of ``note``."""
    from yingji.core.channels import CHANNEL_LABELS

    return [(CHANNEL_LABELS.get(d.channel, d.channel), d.get_status_display())
            for d in note.deliveries.all()]


