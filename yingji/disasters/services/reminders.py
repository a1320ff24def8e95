"""Reminders and 叫应 to late reporters: for each open event and each round (初报,
the day's 续报 while 重大 and above, 核报 once stable), the villages that have not
reported by the limit; their 灾害信息员 get one message per round that must be
acknowledged, escalated to the street's duty officers when it is not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.audit import object_type_of
from yingji.core.models import Notification, Region, RegionLevel, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.notifications import notify
from yingji.disasters import rules
from yingji.disasters.models import DisasterEvent, DisasterSettings, EventState, ReportKind, ReportPointer


@dataclass(frozen=True)
class Round:
    key: str
    label: str
    due_at: datetime


def rounds(event: DisasterEvent, now: datetime, settings: DisasterSettings) -> list[Round]:
    """The rounds whose limit has passed and which are still open now."""
    found = []
    initial = rules.initial_due(event.started_at, settings.initial_hours)
    if now > initial:
        found.append(Round("initial", "初报", initial))
    if event.state == EventState.ACTIVE and rules.followup_required(event.grade):
        today = timezone.localtime(now).date()
        due = rules.followup_due(today, settings.followup_hour, timezone.get_current_timezone())
        if now > due and due - timedelta(days=1) > event.started_at:
            found.append(Round(f"followup-{today:%m%d}", f"{today:%m月%d日}续报", due))
    if event.state == EventState.STABLE and event.stabilised_at is not None:
        due = rules.final_due(event.stabilised_at, settings.final_days)
        if now > due:
            found.append(Round("final", "核报", due))
    return found


def late_villages(event: DisasterEvent, round_: Round) -> list[Region]:
    """Villages of the affected streets without their report of ``round_``."""
    villages = Region.objects.filter(parent__in=event.affected_regions.all(), level=RegionLevel.VILLAGE)
    pointers = ReportPointer.objects.filter(event=event)
    if round_.key == "initial":
        done = pointers.exclude(reported=None)
    elif round_.key == "final":
        done = pointers.filter(reported__kind=ReportKind.FINAL)
    else:
        done = pointers.filter(reported__submitted_at__gt=round_.due_at - timedelta(days=1))
    return list(villages.exclude(code__in=done.values("region_id")).order_by("code"))


def remind_late_reporters(now: datetime | None = None) -> int:
    """Send the round's 叫应 to each late village's informants (once per round and
    person); returns the messages sent."""
    now = now or timezone.now()
    settings = DisasterSettings.current()
    actor = Actor.system("disasters")
    sent = 0
    for event in DisasterEvent.objects.filter(
        state__in=(EventState.ACTIVE, EventState.STABLE), frozen_at__isnull=True
    ):
        for round_ in rounds(event, now, settings):
            sent += _remind(event, round_, actor, settings)
    return sent


def _remind(event: DisasterEvent, round_: Round, actor: Actor, settings: DisasterSettings) -> int:
    late = late_villages(event, round_)
    if not late:
        return 0
    codes = {v.code for v in late} | {v.parent_id for v in late if v.parent_id}
    informants = User.objects.filter(
        is_active=True, groups__name="informant", scope_region__code__in=codes
    ).select_related("scope_region")
    title = f"{event.title}{round_.label}逾期，请立即报送"
    already = set(
        Notification.objects.filter(
            object_type=object_type_of(event), object_id=str(event.pk), title=title
        ).values_list("recipient_id", flat=True)
    )
    count = 0
    for user in informants.distinct():
        if user.pk in already or user.scope_region is None:
            continue
        prefix = user.scope_region.prefix
        mine = [v.name for v in late if v.code.startswith(prefix)]
        street = (
            user.scope_region.code
            if user.scope_region.level == RegionLevel.TOWN
            else (user.scope_region.parent_id or "")
        )
        chain = list(
            User.objects.filter(is_active=True, groups__name="duty_officer", scope_region__code=street)
        )
        notify(
            [user],
            title=title,
            level=NotificationLevel.URGENT,
            obj=event,
            actor=actor,
            body=f"截止{timezone.localtime(round_.due_at):%m-%d %H:%M}，以下村（社区）未报："
            + "、".join(mine[:30])
            + ("等" if len(mine) > 30 else ""),
            link="/disasters/report/",
            requires_ack=True,
            ack_within=timedelta(minutes=settings.ack_within_minutes),
            escalation_chain=chain,
        )
        count += 1
    return count
