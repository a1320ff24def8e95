"""The drill deadlines, core ``Deadline``s reminded, marked overdue and escalated by the
core minutely check:

- ``plan_drill`` on a plan in force: its next drill is due by the configured frequency
  (国办发〔2024〕5号 第三十二条: 专项、部门预案 at least every 3 years; 令第2号 第三十三条:
  enterprise comprehensive and special plans yearly, on-site disposal plans every half
  year; ``PlanSettings``). A drill held closes it (on time or late) and opens the next;
  a changed frequency or a changed plan moves it; abolishing the plan closes it.
- ``drill_finding`` on each drill finding: its rectification deadline, keyed on the
  finding (one open deadline per finding, reused when the drill is evaluated again) and
  closed when the finding is closed (整改销号)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Deadline, User
from yingji.core.services import deadlines
from yingji.plans import rules
from yingji.plans.models import Drill, DrillFinding, Plan, PlanSettings

DRILL_DUE = "plan_drill"
FINDING = "drill_finding"
# States in which a plan owes drills: in force, under revision, or re-issued after a
# revision and waiting for its filing (its earlier version is still in force).
DRILLED_STATES = ("in_force", "revising", "issued")
HELD_STATES = ("done", "evaluated")
LEADER_ROLES = ("commander", "duty_leader")
FINDING_REMIND = timedelta(days=3)
FINDING_ESCALATE = timedelta(days=3)


def end_of(day: date) -> datetime:
    """A date limit as a moment: the end of that day (local time)."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _covering(code: str) -> Q:
    """Users whose scope holds the region ``code`` (the whole country included)."""
    prefixes = {code[:2] + "0" * 10, code[:4] + "0" * 8, code[:6] + "0" * 6, code[:9] + "000", code}
    return Q(scope_region__isnull=True) | Q(scope_region_id__in=prefixes)


def _nearest(users: Iterable[User]) -> list[User]:
    """Users ranked by the narrowest scope first (the district before the city)."""
    return sorted(users, key=lambda u: (-len((u.scope_region_id or "").rstrip("0")), u.pk))


def responsible_for(plan: Plan) -> User | None:
    """Who answers for a plan's deadlines (filing, evaluation, drills, findings): its
    预案管理责任人, else the enterprise's account (an enterprise plan), else the nearest
    监管员 of its place."""
    if plan.responsible_id is not None and plan.responsible is not None and plan.responsible.is_active:
        return plan.responsible
    if plan.enterprise_id is not None:
        member = (User.objects.filter(is_active=True,
                                      enterprise_memberships__enterprise_id=plan.enterprise_id)
                  .order_by("pk").first())
        if member is not None:
            return member
    staff = User.objects.filter(is_active=True, groups__name="supervisor").filter(
        _covering(plan.region_id)).distinct()
    ranked = _nearest(staff)
    return ranked[0] if ranked else None


def escalation_for(plan: Plan) -> list[User]:
    """Who is told when a plan's deadline passes: the place's leaders (指挥长、带班领导),
    the nearest first."""
    leaders = User.objects.filter(is_active=True, groups__name__in=LEADER_ROLES).filter(
        _covering(plan.region_id)).distinct()
    return _nearest(leaders)[:2]


def _owes_drills(plan: Plan) -> bool:
    """In force, under revision, or re-issued after a revision (a first issue not yet
    filed owes none)."""
    return plan.state in DRILLED_STATES and not (plan.state == "issued" and plan.filed_on is None)


def _open(obj: Any, kind: str) -> Deadline | None:
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                                   object_id=str(obj.pk), kind=kind, closed_at__isnull=True).first()


def _last_held(plan: Plan) -> date | None:
    return Drill.objects.filter(plan=plan, state__in=HELD_STATES).aggregate(m=Max("held_on"))["m"]


def drill_due_on(plan: Plan, settings: PlanSettings | None = None,
                 last_held: date | None = None) -> date | None:
    """When the plan's next drill is due (None: its kind has no minimum, or it never came
    into force)."""
    months = (settings or PlanSettings.current()).drill_months()
    since = plan.effective_from or plan.filed_on
    return rules.drill_due(plan.kind, last_held if last_held is not None else _last_held(plan),
                           since, months)


def sync_drill_deadline(plan: Plan, *, actor: Actor, held_on: date | None = None,
                        settings: PlanSettings | None = None,
                        last_held: date | None = None) -> Deadline | None:
    """Keep the plan's ``plan_drill`` deadline on its next due date; unchanged, nothing is
    written. ``held_on``: a drill of the plan was just held — the open deadline is met
    (closed at that day, on time or late) and the next one opens."""
    settings = settings or PlanSettings.current()
    current = _open(plan, DRILL_DUE)
    if plan.state == "abolished":
        if current is not None:
            deadlines.close_deadline(plan, kind=DRILL_DUE, actor=actor)
        return None
    if not _owes_drills(plan):
        return current
    due = drill_due_on(plan, settings, last_held)
    if held_on is not None and current is not None and (due is None or current.due_at != end_of(due)):
        deadlines.close_deadline(plan, kind=DRILL_DUE, actor=actor,
                                 at=min(end_of(held_on), timezone.now()))
        current = None
    if due is None:
        if current is not None:
            deadlines.close_deadline(plan, kind=DRILL_DUE, actor=actor)
        return None
    if current is not None and current.due_at == end_of(due):
        return current
    return deadlines.set_deadline(
        plan, kind=DRILL_DUE, title=f"{plan.name}：按频次开展演练", due_at=end_of(due), actor=actor,
        responsible=responsible_for(plan), escalation_chain=escalation_for(plan),
        remind_before=timedelta(days=settings.remind_days), escalate_every=timedelta(days=7),
        link=reverse("plan_detail", kwargs={"pk": plan.pk}) + "#drills")


def sync_drill_deadlines(plans: Any, *, actor: Actor) -> int:
    """Bring the drill deadline of every plan of ``plans`` (a queryset) to its due date
    (after the frequencies changed, and nightly as a safety net); returns how many were
    set or moved."""
    settings = PlanSettings.current()
    rows = list(plans.filter(state__in=DRILLED_STATES).select_related("responsible"))
    last = dict(Drill.objects.filter(plan__in=[p.pk for p in rows], state__in=HELD_STATES)
                .values_list("plan_id").annotate(m=Max("held_on")).order_by())
    current = dict(Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Plan), kind=DRILL_DUE, closed_at__isnull=True,
        object_id__in=[str(p.pk) for p in rows]).values_list("object_id", "due_at"))
    changed = 0
    for plan in rows:
        if not _owes_drills(plan):
            continue
        due = drill_due_on(plan, settings, last.get(plan.pk))
        target = end_of(due) if due is not None else None
        if current.get(str(plan.pk)) == target:
            continue
        sync_drill_deadline(plan, actor=actor, settings=settings, last_held=last.get(plan.pk))
        changed += 1
    return changed


def close_drill_deadline(plan: Plan, *, actor: Actor) -> None:
    """The plan owes no more drills (abolished)."""
    deadlines.close_deadline(plan, kind=DRILL_DUE, actor=actor)


def set_finding_deadline(finding: DrillFinding, *, actor: Actor) -> Deadline | None:
    """The finding's rectification deadline (整改期限) for the plan's responsible person,
    escalated to the place's leaders; set once per finding and moved in place when its
    date changes; none for a closed finding."""
    if finding.state != "open":
        return None
    due = end_of(finding.due_on)
    current = _open(finding, FINDING)
    if current is not None and current.due_at == due:
        return current
    plan = finding.drill.plan
    return deadlines.set_deadline(
        finding, kind=FINDING, title=f"演练问题整改：{finding.problem[:40]}（{finding.owner}）",
        due_at=due, actor=actor, responsible=responsible_for(plan), escalation_chain=escalation_for(plan),
        remind_before=FINDING_REMIND, escalate_every=FINDING_ESCALATE,
        link=reverse("drill_detail", kwargs={"pk": finding.drill_id}) + "#findings")


def close_finding_deadline(finding: DrillFinding, *, actor: Actor) -> None:
    deadlines.close_deadline(finding, kind=FINDING, actor=actor)
