"""Drills (应急演练): planned against a plan, run (optionally through the real incident
intake in drill mode, labelled 【演练】 and kept out of the statistics), the chain of times
measured from the drill incident against the configured limits, the AQ/T 9009 evaluation
with findings that can open a plan revision, and the yearly drill plan with its due
dates and coverage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import ExtractMonth, Substr
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.scope import scope_of
from yingji.core.services.objects import create_object, update_object
from yingji.incidents.drill_mode import drill_title
from yingji.plans import rules
from yingji.plans.models import Drill, DrillFinding, DrillKind, DrillScore, Plan, PlanSettings
from yingji.plans.services import drill_deadlines
from yingji.plans.workflow import DRILL_FLOW, FINDING_FLOW


def evaluator_accounts() -> Any:
    """The accounts a drill's evaluator is chosen from (演练评估员, active)."""
    from yingji.core.models import User

    return User.objects.filter(groups__name="evaluator", is_active=True)


def _check_evaluator(evaluator: Any, region: Any) -> None:
    """An evaluator is an evaluator account whose scope holds the drill's place (an
    evaluator sees only drills inside their scope)."""
    if evaluator is None:
        return
    if not evaluator.has_role("evaluator") and not evaluator.has_perm("plans.evaluate_drill"):
        raise ValidationError({"evaluator": "所选账号不是演练评估员"})
    if region is not None and not scope_of(evaluator).covers_region(region.pk):
        raise ValidationError({"evaluator": "所选评估员的数据范围不含演练所在区划"})


@transaction.atomic
def create_drill(data: dict[str, Any], *, actor: Actor) -> Drill:
    """Plan a drill of a plan (计划中)."""
    plan = data.get("plan")
    if plan is not None and plan.state == "abolished":
        raise ValidationError({"plan": "预案已废止，不能安排演练"})
    _check_evaluator(data.get("evaluator"), data.get("region"))
    return create_object(Drill, {**data, "state": DRILL_FLOW.initial}, actor=actor)


@transaction.atomic
def update_drill(drill: Drill, data: dict[str, Any], *, actor: Actor) -> Drill:
    """Change a planned drill (a run or evaluated drill keeps its record)."""
    if drill.state not in ("planned", "running"):
        raise ValidationError("演练已完成，不能修改计划内容")
    data = {k: v for k, v in data.items() if k not in ("state", "version")}
    if "evaluator" in data or "region" in data:
        _check_evaluator(data.get("evaluator", drill.evaluator), data.get("region", drill.region))
    return update_object(drill, data, actor=actor)


@transaction.atomic
def update_drill_evaluator(drill: Drill, evaluator: Any, *, actor: Actor) -> Drill:
    """Assign the (external) evaluator of a drill, also after it was held."""
    _check_evaluator(evaluator, drill.region)
    return update_object(drill, {"evaluator": evaluator}, actor=actor)


@transaction.atomic
def start_drill(drill: Drill, *, actor: Actor, through_intake: bool = False,
                incident: Mapping[str, Any] | None = None, held_on: date | None = None,
                expected_version: int | None = None) -> Drill:
    """开始演练. With ``through_intake`` the drill's scenario comes in as an incident
    through the real intake in drill mode (【演练】, out of the statistics), so the chain
    receipt → first report → response → dispatch → arrival is measured as it happens."""
    held = held_on or timezone.localdate()
    if held > timezone.localdate():
        raise ValidationError({"held_on": "实施日期不能晚于今天"})
    made = None
    if through_intake:
        from yingji.incidents.services import intake

        facts = dict(incident or {})
        missing = [k for k in ("category", "subtype", "address") if not facts.get(k)]
        if missing:
            raise ValidationError({k: "演练接报须填写此项" for k in missing})
        facts.setdefault("description", drill.scenario)
        facts.setdefault("source", "phone")
        facts["title"] = drill_title(str(facts.get("title") or drill.title))
        facts.setdefault("region", drill.region)
        made = intake.receive_incident(facts, actor=actor)

    def apply(locked: Drill, data: Mapping[str, Any]) -> None:
        locked.held_on = held
        if made is not None:
            locked.incident = made
            locked.received_at = made.received_at

    return DRILL_FLOW.fire(drill, "start", actor=actor, apply=apply,
                           data={"comment": "通过接报系统以演练模式开展" if made else ""},
                           expected_version=expected_version)


@transaction.atomic
def cancel_drill(drill: Drill, *, actor: Actor, comment: str,
                 expected_version: int | None = None) -> Drill:
    """取消演练 (a planned drill only) with the reason; the yearly plan no longer counts it."""
    return DRILL_FLOW.fire(drill, "cancel", actor=actor, data={"comment": comment},
                           expected_version=expected_version)


def measured_times(incident: Any) -> dict[str, Any]:
    """The chain's times from the drill incident: receipt, the first report sent, the
    response started, the first dispatch, the first arrival."""
    if incident is None:
        return {}
    first = incident.reports.filter(kind="first").exclude(submitted_at=None).order_by(
        "submitted_at").values_list("submitted_at", flat=True).first()
    orders = incident.orders.order_by("issued_at")
    dispatched = orders.values_list("issued_at", flat=True).first()
    arrived = orders.exclude(arrived_at=None).order_by("arrived_at").values_list(
        "arrived_at", flat=True).first()
    return {"received_at": incident.received_at, "first_report_at": first,
            "response_at": incident.response_started_at, "dispatch_at": dispatched,
            "arrival_at": arrived}


@transaction.atomic
def finish_drill(drill: Drill, *, actor: Actor, comment: str = "",
                 expected_version: int | None = None) -> Drill:
    """结束演练: the times of the chain are recorded from the drill incident."""
    times = {}
    if drill.incident_id and drill.incident is not None:
        drill.incident.refresh_from_db()
        times = measured_times(drill.incident)

    def apply(locked: Drill, data: Mapping[str, Any]) -> None:
        for key, value in times.items():
            setattr(locked, key, value)

    finished = DRILL_FLOW.fire(drill, "finish", actor=actor, apply=apply, data={"comment": comment},
                               expected_version=expected_version)
    # The plan's drill for this period is held: its frequency deadline is met, the next opens.
    drill_deadlines.sync_drill_deadline(finished.plan, actor=actor, held_on=finished.held_on)
    return finished


def chain(drill: Drill) -> list[rules.StepTime]:
    """The measured chain against the configured limits."""
    return rules.chain_times(drill.received_at, drill.first_report_at, drill.response_at,
                             drill.dispatch_at, drill.arrival_at, PlanSettings.current().chain_limits())


@dataclass(frozen=True)
class FindingInput:
    """A finding of the evaluation."""

    problem: str
    owner: str
    due_on: date
    opens_revision: bool = False


@transaction.atomic
def evaluate_drill(drill: Drill, *, actor: Actor, scores: Mapping[str, Decimal | int],
                   summary: str, notes: Mapping[str, str] | None = None,
                   findings: Sequence[FindingInput] = (),
                   expected_version: int | None = None) -> Drill:
    """提交评估 (AQ/T 9009): every item scored within its full marks, the total and
    grade, the findings with owners and deadlines. A finding marked for revision is a
    revision need of the plan: its owning staff open the revision from the plan's page
    (the evaluator, often external, never changes the plan). Evaluating again updates
    the scores in place and keeps each finding once."""
    errors = rules.check_scores(scores)
    if not summary.strip():
        errors["summary"] = "请填写评估结论"
    for index, item in enumerate(findings):
        if not item.problem.strip() or not item.owner.strip():
            errors[f"finding_{index}"] = "问题和责任单位均须填写"
    if errors:
        raise ValidationError(errors)
    total = rules.total_score(scores)
    grade = rules.score_grade(total)

    def apply(locked: Drill, data: Mapping[str, Any]) -> None:
        locked.score = total
        locked.grade = grade
        locked.evaluation_summary = summary

    evaluated = DRILL_FLOW.fire(drill, "evaluate", actor=actor, apply=apply,
                                data={"comment": f"评估得分{rules.score_text(total)}，{grade}"},
                                expected_version=expected_version)
    _save_scores(evaluated, scores, notes or {}, actor=actor)
    for item in findings:
        _save_finding(evaluated, item, actor=actor)
    return evaluated


def _save_scores(drill: Drill, scores: Mapping[str, Decimal | int], notes: Mapping[str, str], *,
                 actor: Actor) -> None:
    """Each item's score, created once and then updated in place (audited when changed)."""
    existing = {row.item: row for row in DrillScore.objects.select_for_update().filter(drill=drill)}
    for code, _, _ in rules.AQT9009_ITEMS:
        value, note = Decimal(str(scores[code])), notes.get(code, "")
        row = existing.get(code)
        if row is None:
            row = DrillScore(drill=drill, item=code, score=value, note=note)
            row.full_clean()
            row.save()
            audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
        elif row.score != value or row.note != note:
            before = audit.snapshot(row)
            row.score, row.note = value, note
            row.full_clean()
            row.save(update_fields=["score", "note"])
            audit.record(audit.AuditAction.UPDATE, actor=actor, obj=row, before=before,
                         after=audit.snapshot(row))


def _save_finding(drill: Drill, item: FindingInput, *, actor: Actor) -> DrillFinding:
    """A finding of the drill, kept once by its problem and owner: evaluating again
    updates its deadline and revision mark instead of adding a duplicate."""
    problem, owner = item.problem.strip(), item.owner.strip()
    finding = DrillFinding.objects.select_for_update().filter(
        drill=drill, problem=problem, owner=owner).first()
    if finding is None:
        finding = DrillFinding(drill=drill, problem=problem, owner=owner, due_on=item.due_on,
                               opens_revision=item.opens_revision, state=FINDING_FLOW.initial)
        finding.full_clean()
        finding.save()
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=finding, after=audit.snapshot(finding))
        events.emit("drill.finding", actor=actor, obj=drill, summary=f"演练发现问题：{problem[:60]}")
        if item.opens_revision:
            events.emit("drill.revision_needed", actor=actor, obj=drill,
                        summary=f"演练问题需修订预案《{drill.plan.name}》：{problem[:60]}")
    elif (finding.due_on, finding.opens_revision) != (item.due_on, item.opens_revision):
        before = audit.snapshot(finding)
        finding.due_on, finding.opens_revision = item.due_on, item.opens_revision
        finding.full_clean()
        finding.save(update_fields=["due_on", "opens_revision"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=finding, before=before,
                     after=audit.snapshot(finding))
    # The finding's own deadline (keyed on it): set once, moved in place, none once closed.
    drill_deadlines.set_finding_deadline(finding, actor=actor)
    return finding


def revision_needs(plans: Any) -> Any:
    """Findings marked for revision of ``plans`` (a queryset) for which no revision was
    opened yet: the to-dos of the plans' owning staff."""
    from django.db.models import Exists, OuterRef

    from yingji.plans.models import PlanRevision

    opened = PlanRevision.objects.filter(drill_finding=OuterRef("pk"))
    return (DrillFinding.objects.filter(drill__plan__in=plans, opens_revision=True)
            .exclude(Exists(opened)).select_related("drill"))


@transaction.atomic
def close_finding(finding: DrillFinding, *, actor: Actor, rectification: str,
                  expected_version: int | None = None) -> DrillFinding:
    """整改销号 with what was done; the finding's deadline is met."""
    def apply(locked: DrillFinding, data: Mapping[str, Any]) -> None:
        locked.rectification = rectification

    closed = FINDING_FLOW.fire(finding, "close", actor=actor, apply=apply,
                               data={"rectification": rectification}, expected_version=expected_version)
    drill_deadlines.close_finding_deadline(closed, actor=actor)
    return closed


# --- the yearly plan, coverage and statistics -----------------------------------------------


@dataclass
class PlanDrillStatus:
    """A plan in force and its drills: the last one, when the next is due, this year's."""

    plan: Plan
    last: date | None
    due: date | None
    planned_this_year: int
    done_this_year: int
    remind_days: int = 30

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate() and not self.planned_this_year

    @property
    def due_soon(self) -> bool:
        """Due within the reminder window (the drill deadline's reminder) and none planned."""
        today = timezone.localdate()
        return (self.due is not None and today <= self.due <= today + timedelta(days=self.remind_days)
                and not self.planned_this_year)


def year_plan(user: Any, year: int) -> list[PlanDrillStatus]:
    """Each plan in force in scope with its drill frequency status (two queries)."""
    settings = PlanSettings.current()
    months = settings.drill_months()
    plans = list(Plan.objects.restrict(user, "view").filter(state__in=("in_force", "revising"))
                 .select_related("region").order_by("region_id", "kind", "name"))
    done = Drill.objects.filter(plan__in=plans, state__in=("done", "evaluated"))
    last = dict(done.values_list("plan_id").annotate(m=Max("held_on")).order_by())
    this_year = Drill.objects.filter(plan__in=plans, planned_on__year=year).exclude(state="cancelled")
    planned = dict(this_year.values_list("plan_id").annotate(n=Count("pk")).order_by())
    held = dict(this_year.filter(state__in=("done", "evaluated")).values_list("plan_id")
                .annotate(n=Count("pk")).order_by())
    out = []
    for plan in plans:
        due = rules.drill_due(plan.kind, last.get(plan.pk), plan.effective_from or plan.filed_on, months)
        out.append(PlanDrillStatus(plan, last.get(plan.pk), due, planned.get(plan.pk, 0),
                                   held.get(plan.pk, 0), settings.remind_days))
    return out


def drill_coverage(user: Any, year: int) -> dict[str, Any]:
    """Streets with a drill held this year and key enterprises with one (演练覆盖)."""
    from yingji.core.models.regions import RegionLevel
    from yingji.core.scope import region_range_q
    from yingji.enterprises.models.ownership import is_enterprise_user
    from yingji.plans.services.coverage import key_enterprises

    scope = scope_of(user)
    government = not is_enterprise_user(scope)  # an enterprise account: its own drills only
    streets = Region.objects.filter(level=RegionLevel.TOWN) if government else Region.objects.none()
    if scope.region_prefix:
        streets = streets.filter(region_range_q("code", scope.region_prefix))
    drills = Drill.objects.restrict(user, "view").filter(planned_on__year=year,
                                                         state__in=("done", "evaluated"))
    street_codes = set(drills.annotate(s=Substr("region_id", 1, 9)).values_list("s", flat=True))
    total = streets.count()
    with_drill = sum(1 for code in streets.values_list("code", flat=True) if code[:9] in street_codes)
    key = key_enterprises(user)
    drilled = set(drills.exclude(plan__enterprise=None).values_list("plan__enterprise_id", flat=True))
    key_total = key.count()
    key_done = key.filter(pk__in=drilled).count()
    return {"streets_total": total, "streets_done": with_drill, "key_total": key_total,
            "key_done": key_done, "government": government}


def statistics(user: Any, year: int) -> dict[str, Any]:
    """Drills held in the year by kind, district and month (grouped in the database)."""
    drills = Drill.objects.restrict(user, "view").filter(planned_on__year=year).exclude(state="cancelled")
    by_kind = dict(drills.values_list("kind").annotate(n=Count("pk")).order_by())
    by_district = dict(drills.annotate(d=Substr("region_id", 1, 6)).values_list("d")
                       .annotate(n=Count("pk")).order_by())
    names = dict(Region.objects.filter(code__in=[f"{d}000000" for d in by_district])
                 .values_list("code", "name"))
    by_month = dict(drills.annotate(m=ExtractMonth("planned_on")).values_list("m")
                    .annotate(n=Count("pk")).order_by())
    evaluated = drills.filter(state="evaluated")
    grades = dict(evaluated.values_list("grade").annotate(n=Count("pk")).order_by())
    return {
        "total": drills.count(), "held": drills.filter(state__in=("done", "evaluated")).count(),
        "by_kind": [{"name": label, "value": by_kind.get(code, 0)} for code, label in DrillKind.choices],
        "by_district": [{"name": "市本级" if d.endswith("00") else names.get(f"{d}000000", d), "value": n}
                        for d, n in sorted(by_district.items(), key=lambda kv: -kv[1])],
        "by_month": [{"name": f"{m}月", "value": by_month.get(m, 0)} for m in range(1, 13)],
        "by_grade": [{"name": g, "value": grades.get(g, 0)} for g in ("优秀", "良好", "合格", "不合格")],
    }


def parse_findings(lines: Iterable[str], default_due: date) -> list[FindingInput]:
    """Findings typed one a line: 问题｜责任单位｜期限(YYYY-MM-DD)｜修订 (the last two optional)."""
    out = []
    for line in lines:
        parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
        if not parts or not parts[0]:
            continue
        due = default_due
        if len(parts) > 2 and parts[2]:
            try:
                due = date.fromisoformat(parts[2])
            except ValueError as exc:
                raise ValidationError({"findings": f"期限“{parts[2]}”应为年-月-日"}) from exc
        out.append(FindingInput(parts[0], parts[1] if len(parts) > 1 else "", due,
                                len(parts) > 3 and parts[3] in ("修订", "是", "1")))
    return out

