"""The time limits of reporting and of the 12-hour check, as core deadlines.

Each limit is a ``core.Deadline`` (``core.services.deadlines``), so the reminder before
it, the overdue mark and the escalation up the chain are core's (the minutely check),
the same as every other module's:

- ``disaster_initial:<street>`` on the event: the street's 初报, due ``initial_hours``
  after the start (自然灾害情况统计调查制度: 2 hours); met when every village (community)
  of the street has reported.
- ``disaster_followup:<street>:<YYYYMMDD>`` on the event: the day's 续报 while the event
  is 重大 or 特别重大 and developing, due at ``followup_hour``; met when every village has
  reported since the previous day's limit. Opened by ``open_followup_rounds`` (a job).
- ``disaster_final`` on the event: 核报, ``final_days`` after it stabilised; met by
  完成核报 (``reports.verify_event``).
- ``disaster_12h`` on each street's ``TwelveHourCheck``: the five guarantees; met by the
  fifth confirmation.

The responsible person is the street's duty officer (the event's registrar where the
street has none); the chain goes to the county's duty officer and leader, then the
city's. When a reporting round becomes overdue, the informants (灾害信息员) of the
villages still missing are called (叫应, ``notify(requires_ack=True)``): the message
must be acknowledged, and is escalated to the street's duty officers when it is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from yingji.core import events
from yingji.core.actor import Actor
from yingji.core.models import Deadline, Region, RegionLevel, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services import deadlines
from yingji.core.services.notifications import notify
from yingji.disasters import rules
from yingji.disasters.models import (
    DisasterEvent,
    DisasterReport,
    DisasterSettings,
    EventState,
    GuaranteeConfirmation,
    ReportKind,
    ReportPointer,
    TwelveHourCheck,
)
from yingji.disasters.services import response

INITIAL = "disaster_initial"
FOLLOWUP = "disaster_followup"
FINAL = "disaster_final"
TWELVE = "disaster_12h"
# Who answers for a street's daily 续报 (the responsible person and the chain's roles).
FOLLOWUP_ROLES = ("duty_officer", "duty_leader", "commander")
LEVELS = (
    ("county", "duty_officer"),
    ("county", "duty_leader"),
    ("city", "duty_officer"),
    ("city", "duty_leader"),
)


# --- who --------------------------------------------------------------------------------


def escalation_chain(street_code: str) -> list[User]:
    """The county's duty officer and leader, then the city's (one person per level, the
    longest-standing account first); nobody is left out for want of another."""
    county, city = street_code[:6] + "000000", street_code[:4] + "00000000"
    rows = (
        User.objects.filter(
            is_active=True,
            scope_region_id__in=(county, city),
            groups__name__in=("duty_officer", "duty_leader"),
        )
        .order_by("pk")
        .values_list("pk", "scope_region_id", "groups__name")
    )
    first: dict[tuple[str, str], int] = {}
    for pk, region, role in rows:
        first.setdefault(("county" if region == county else "city", role), pk)
    ids = [first[level] for level in LEVELS if level in first]
    found = User.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def street_officer(street_code: str) -> User | None:
    """The street's duty officer (the responsible person of its limits)."""
    return (
        User.objects.filter(is_active=True, scope_region_id=street_code, groups__name="duty_officer")
        .order_by("pk")
        .first()
    )


def _street_deadline(
    obj: DisasterEvent | TwelveHourCheck,
    event: DisasterEvent,
    street: Region,
    *,
    kind: str,
    title: str,
    due_at: datetime,
    actor: Actor,
    remind_before: timedelta,
    link: str,
) -> Deadline:
    return deadlines.set_deadline(
        obj,
        kind=kind,
        title=title,
        due_at=due_at,
        actor=actor,
        responsible=street_officer(street.code) or event.created_by,
        escalation_chain=escalation_chain(street.code),
        remind_before=remind_before,
        escalate_every=timedelta(hours=1),
        link=link,
    )


def _kinds(obj: DisasterEvent | TwelveHourCheck) -> QuerySet[Deadline]:
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


# --- opening ----------------------------------------------------------------------------


def open_initial_rounds(event: DisasterEvent, streets: Iterable[Region], *, actor: Actor) -> int:
    """The 初报 limit of each street that has none yet (a street added later gets its
    own, from the same start)."""
    settings = DisasterSettings.current()
    return _open_street_rounds(
        event,
        streets,
        kind=INITIAL,
        label="初报",
        due_at=rules.initial_due(event.started_at, settings.initial_hours),
        actor=actor,
        settings=settings,
        link=reverse("disasterevent_detail", args=[event.pk]),
    )


def _open_street_rounds(
    event: DisasterEvent,
    streets: Iterable[Region],
    *,
    kind: str,
    label: str,
    due_at: datetime,
    actor: Actor,
    settings: DisasterSettings,
    link: str,
    day: str = "",
) -> int:
    """One reporting round (``kind:<street>[:<day>]``) for each street that has none yet;
    returns how many were opened."""
    have = set(_kinds(event).filter(kind__startswith=f"{kind}:").values_list("kind", flat=True))
    opened = 0
    for street in streets:
        street_kind = f"{kind}:{street.code}" + (f":{day}" if day else "")
        if street_kind in have:
            continue
        _street_deadline(
            event,
            event,
            street,
            kind=street_kind,
            title=f"{event.title}·{street.name}{label}",
            due_at=due_at,
            actor=actor,
            remind_before=timedelta(minutes=settings.remind_before_minutes),
            link=link,
        )
        opened += 1
    return opened


def open_check_deadline(check: TwelveHourCheck, *, actor: Actor) -> Deadline:
    """The 12-hour limit of one street's check."""
    return _street_deadline(
        check,
        check.event,
        check.region,
        kind=TWELVE,
        title=f"{check.event.title}·{check.region.name}12小时基本生活保障",
        due_at=check.due_at,
        actor=actor,
        remind_before=timedelta(hours=2),
        link=reverse("twelvehourcheck_detail", args=[check.pk]),
    )


def open_final_round(event: DisasterEvent, *, actor: Actor) -> Deadline:
    """The 核报 limit, once the event is stable (the county's, so the district's chain)."""
    assert event.stabilised_at is not None
    settings = DisasterSettings.current()
    return deadlines.set_deadline(
        event,
        kind=FINAL,
        title=f"{event.title}核报",
        due_at=rules.final_due(event.stabilised_at, settings.final_days),
        actor=actor,
        responsible=event.created_by,
        escalation_chain=escalation_chain(event.region_id),
        remind_before=timedelta(days=1),
        escalate_every=timedelta(hours=4),
        link=reverse("disasterevent_detail", args=[event.pk]),
    )


def next_followup_due(event: DisasterEvent, now: datetime, settings: DisasterSettings) -> datetime | None:
    """The limit of the next 续报 round, or None when the event needs none (not 重大 and
    above, or no longer developing) or the round's day would begin before the event."""
    if event.state != EventState.ACTIVE or not rules.followup_required(response.assess(event).grade):
        return None
    zone = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    due = rules.followup_due(today, settings.followup_hour, zone)
    if due <= now:
        due = rules.followup_due(today + timedelta(days=1), settings.followup_hour, zone)
    # A round asks for the reports since the previous limit: the first is the first
    # whole day of the disaster.
    if due - timedelta(days=1) <= event.started_at:
        return None
    return due


def open_followup_rounds(now: datetime | None = None) -> int:
    """The next 续报 round of every street of each developing 重大/特别重大 event (a job,
    every five minutes; a round is opened once)."""
    now = now or timezone.now()
    settings = DisasterSettings.current()
    actor = Actor.system("disasters")
    opened = 0
    for event in DisasterEvent.objects.filter(state=EventState.ACTIVE, frozen_at__isnull=True):
        due = next_followup_due(event, now, settings)
        if due is None:
            continue
        day = timezone.localtime(due).date()
        opened += _open_street_rounds(
            event,
            event.affected_regions.order_by("code"),
            kind=FOLLOWUP,
            label=f"{day:%m月%d日}续报",
            due_at=due,
            actor=actor,
            settings=settings,
            link=reverse("disaster_report_form"),
            day=f"{day:%Y%m%d}",
        )
    return opened


# --- meeting ----------------------------------------------------------------------------


def _since(deadline: Deadline) -> datetime | None:
    """The start of a round's window: a 续报 asks for reports since the previous limit."""
    return deadline.due_at - timedelta(days=1) if deadline.kind.startswith(FOLLOWUP) else None


def missing_villages(event: DisasterEvent, street_code: str, since: datetime | None) -> list[Region]:
    """The street's villages without a report (not a returned one) after ``since``."""
    villages = Region.objects.filter(parent_id=street_code, level=RegionLevel.VILLAGE)
    reports = DisasterReport.objects.filter(event=event, street_code=street_code).exclude(state="returned")
    if since is not None:
        reports = reports.filter(submitted_at__gt=since)
    return list(villages.exclude(code__in=reports.values("region_id")).order_by("code"))


def _met_at(event: DisasterEvent, street_code: str, since: datetime | None) -> datetime | None:
    """When the street's last village reported in the window, or None while one is missing."""
    if missing_villages(event, street_code, since):
        return None
    reports = DisasterReport.objects.filter(event=event, street_code=street_code).exclude(state="returned")
    if since is not None:
        reports = reports.filter(submitted_at__gt=since)
    firsts = reports.values("region_id").annotate(first=Min("submitted_at")).values_list("first", flat=True)
    return max(firsts, default=None)


def close_met_rounds(event: DisasterEvent, street_code: str, *, actor: Actor) -> int:
    """Close the street's open 初报 and 续报 limits its villages have now all met, at the
    time the last of them reported (on time or late). Called after each submission."""
    open_ = (
        _kinds(event)
        .filter(closed_at__isnull=True)
        .filter(Q(kind=f"{INITIAL}:{street_code}") | Q(kind__startswith=f"{FOLLOWUP}:{street_code}:"))
    )
    closed = 0
    for deadline in open_:
        at = _met_at(event, street_code, _since(deadline))
        if at is not None:
            deadlines.close_deadline(event, kind=deadline.kind, actor=actor, at=at)
            closed += 1
    return closed


def close_followups(event: DisasterEvent, *, actor: Actor) -> None:
    """The event is stable: no more 续报 is asked for; the open rounds are closed."""
    for kind in (
        _kinds(event).filter(closed_at__isnull=True, kind__startswith=FOLLOWUP).values_list("kind", flat=True)
    ):
        deadlines.close_deadline(event, kind=kind, actor=actor)


def close_check(check: TwelveHourCheck, *, actor: Actor, at: datetime) -> None:
    """The fifth guarantee is confirmed: the 12-hour limit is met (on time or late)."""
    deadlines.close_deadline(check, kind=TWELVE, actor=actor, at=at)


# --- the event-level 初报 limit of before -------------------------------------------------


@transaction.atomic
def retire_event_initial_limits(*, actor: Actor, now: datetime | None = None) -> int:
    """Close every open event-level 初报 limit (kind ``disaster_initial`` with no street,
    set per event before each street had its own round), audited and on the event's
    timeline. A developing or stable event first gets its streets' own rounds (those
    already met closed at once), so its obligation goes on where it belongs now. The old
    limit closes when the event's last village reported, when they all have, otherwise
    now. Idempotent: a second run finds nothing open and changes nothing. Returns the
    limits closed."""
    now = now or timezone.now()
    legacy = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(DisasterEvent), kind=INITIAL, closed_at__isnull=True
    )
    ids = [int(pk) for pk in legacy.values_list("object_id", flat=True) if pk.isdigit()]
    closed = 0
    for event in DisasterEvent.objects.filter(pk__in=ids).order_by("pk"):
        streets = list(event.affected_regions.order_by("code"))
        if event.state in (EventState.ACTIVE, EventState.STABLE) and event.frozen_at is None:
            open_initial_rounds(event, streets, actor=actor)
            for street in streets:
                close_met_rounds(event, street.code, actor=actor)
        met = [_met_at(event, street.code, None) for street in streets]
        at = max(m for m in met if m is not None) if met and None not in met else now
        summary = "初报时限已改为按受灾街道分别计时，原事件级初报时限关闭"
        deadlines.close_deadline(event, kind=INITIAL, actor=actor, at=at, detail=summary)
        events.emit("disasterevent.initial_limit_retired", actor=actor, obj=event, summary=summary)
        closed += 1
    return closed


# --- overdue ----------------------------------------------------------------------------


def roster_contacts(codes: Iterable[str], known: set[int]) -> list[User]:
    """The contact accounts of the warnings directory's 灾害信息员 entries for ``codes``
    (the roster the training module keeps on the directory): people without a login are
    called too, and one with a login is the same account, called once."""
    from yingji.warnings.services.directory import informant_contacts

    ids = informant_contacts(codes) - known
    return list(User.objects.filter(pk__in=ids, is_active=True).select_related("scope_region")
                .order_by("pk"))


def on_round_overdue(deadline: Deadline, actor: Actor) -> None:
    """A reporting round passed its limit: call the informants of the villages still
    missing (core's overdue handler for the report kinds)."""
    event = DisasterEvent.objects.filter(pk=deadline.object_id).first()
    if event is None or event.frozen_at is not None:
        return
    if deadline.kind == FINAL:
        done = ReportPointer.objects.filter(event=event, reported__kind=ReportKind.FINAL)
        late = list(
            Region.objects.filter(parent__in=event.affected_regions.all(), level=RegionLevel.VILLAGE)
            .exclude(code__in=done.values("region_id"))
            .order_by("code")
        )
        label = "核报"
    else:
        parts = deadline.kind.split(":")
        late = missing_villages(event, parts[1], _since(deadline))
        label = "初报" if parts[0] == INITIAL else f"{timezone.localtime(deadline.due_at):%m月%d日}续报"
    call_late_reporters(event, late, label=label, due_at=deadline.due_at, actor=actor)


def call_late_reporters(
    event: DisasterEvent, late: list[Region], *, label: str, due_at: datetime, actor: Actor
) -> int:
    """叫应 each informant covering a late village: one message naming their villages,
    to be acknowledged within the settings' minutes, escalated to the street's duty
    officers. Returns the informants called."""
    if not late:
        return 0
    settings = DisasterSettings.current()
    codes = {v.code for v in late} | {v.parent_id for v in late if v.parent_id}
    informants = list(
        User.objects.filter(is_active=True, groups__name="informant", scope_region__code__in=codes)
        .select_related("scope_region")
        .distinct()
    )
    informants += roster_contacts(codes, {u.pk for u in informants})
    streets = {v.parent_id for v in late if v.parent_id}
    officers: dict[str, list[User]] = {code: [] for code in streets}
    for officer in User.objects.filter(
        is_active=True, groups__name="duty_officer", scope_region_id__in=streets
    ).order_by("pk"):
        officers[str(officer.scope_region_id)].append(officer)
    title = f"{event.title}{label}逾期，请立即报送"
    count = 0
    for user in informants:
        region = user.scope_region
        if region is None:
            continue
        mine = [v.name for v in late if v.code.startswith(region.prefix)]
        street = region.code if region.level == RegionLevel.TOWN else (region.parent_id or "")
        notify(
            [user],
            title=title,
            level=NotificationLevel.URGENT,
            obj=event,
            actor=actor,
            body=f"截止{timezone.localtime(due_at):%m-%d %H:%M}，以下村（社区）未报："
            + "、".join(mine[:30])
            + ("等" if len(mine) > 30 else ""),
            link=reverse("disaster_report_form"),
            requires_ack=True,
            ack_within=timedelta(minutes=settings.ack_within_minutes),
            escalation_chain=officers.get(street, []),
        )
        count += 1
    if count:
        events.emit(
            "disasterevent.reporters_called",
            actor=actor,
            obj=event,
            summary=f"{label}逾期：{len(late)}个村（社区）未报，已叫应{count}名灾害信息员",
        )
    return count


def on_check_overdue(deadline: Deadline, actor: Actor) -> None:
    """A street passed 12 hours without the five guarantees: marked escalated (the board
    shows it) and recorded with what is missing; core told the chain."""
    check = TwelveHourCheck.objects.filter(pk=deadline.object_id).select_related("region", "event").first()
    if check is None or check.completed_at is not None:
        return
    if not TwelveHourCheck.objects.filter(pk=check.pk, escalated_at__isnull=True).update(
        escalated_at=deadline.overdue_at or timezone.now()
    ):
        return
    done = set(GuaranteeConfirmation.objects.filter(twelve_check=check).values_list("item", flat=True))
    missing = "、".join(label for key, label in rules.GUARANTEES if key not in done)
    events.emit(
        "twelvehourcheck.escalated",
        actor=actor,
        obj=check,
        summary=f"超过12小时未全部落实（{missing}），已报区、市值班督办",
    )


def register() -> None:
    """Plug the overdue handlers into core's deadline check (from ``ready()``)."""
    for kind in (f"{INITIAL}:", f"{FOLLOWUP}:", FINAL):
        deadlines.on_overdue(kind, on_round_overdue)
    deadlines.on_overdue(TWELVE, on_check_overdue)
