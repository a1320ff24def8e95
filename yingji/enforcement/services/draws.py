"""双随机一公开 (国办发〔2015〕58号): build both pools, run the draw from a stored seed,
keep the snapshot, re-run it to prove the result, publish it.

The pools are taken when the draw runs: operating enterprises of the region (optionally
one industry and supervision classes) from the enterprise registry's read service, and
active inspectors of the region. Inspectors on leave or with an expired certificate are
left out of the pool (and named in the exclusions); per enterprise the draw excludes the
declared conflicts, the supervising officer and those who inspected it within the
configured months. Everything the draw used is stored on the row, so ``replay`` gives
the same result from the row alone."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, calendar, events
from yingji.core.actor import Actor
from yingji.core.scope import region_range_q
from yingji.core.services.objects import check_permission, check_scope
from yingji.enforcement import rules, rules_draw
from yingji.enforcement.models import (
    Conflict,
    Draw,
    DrawPick,
    EnforcementSettings,
    Inspection,
    Inspector,
)
from yingji.enterprises.services import inspection_pool


def _region_prefix(region: Any) -> str:
    return str(region.prefix)


def build_input(region: Any, *, industry: str = "", class_codes: tuple[str, ...] = (),
                months: int, on: Any = None) -> tuple[rules_draw.DrawInput, dict[str, Any]]:
    """Both pools and the exclusions for a draw in ``region`` (a handful of queries)."""
    today = on or timezone.localdate()
    prefix = _region_prefix(region)
    rows = inspection_pool(prefix, industry=industry, class_codes=class_codes)
    people = list(Inspector.objects.filter(region_range_q("region", prefix), is_active=True)
                  .values_list("id", "user_id", "certificate_expires_on", "on_leave_from",
                               "on_leave_until").order_by("id"))
    leave = [i for i, _, _, start, end in people
             if start is not None and end is not None and start <= today <= end]
    expired = [i for i, _, exp, _, _ in people if not rules_draw.certificate_valid(exp, today)]
    out = set(leave) | set(expired)
    pool = [i for i, *_ in people if i not in out]
    by_user = {u: i for i, u, *_ in people if u is not None}
    # The supervising officer of each pool enterprise as a column beside the pool (0 for
    # none): one list, not a dict of 100,000 string keys, in the snapshot.
    officer_column = [by_user.get(o, 0) for o in rows.officers]
    supervising = {e: i for e, i in zip(rows.ids, officer_column, strict=True) if i}
    conflicts: dict[int, set[int]] = defaultdict(set)
    for enterprise, inspector in Conflict.objects.filter(inspector_id__in=pool) \
            .values_list("enterprise_id", "inspector_id"):
        conflicts[enterprise].add(inspector)
    recent: dict[int, set[int]] = defaultdict(set)
    since = rules.months_before(today, months)
    for enterprise, inspector in Inspection.objects.filter(
            region_range_q("region", prefix), inspected_on__gte=since) \
            .values_list("enterprise_id", "inspectors__id"):
        if inspector is not None:
            recent[enterprise].add(inspector)
    data = rules_draw.DrawInput(
        enterprises=rows.ids, inspectors=pool,
        conflicts={k: frozenset(v) for k, v in conflicts.items()}, supervising=supervising,
        recent={k: frozenset(v) for k, v in recent.items()})
    exclusions = {
        "rules": [rules_draw.EXCLUSION_REASONS[k] for k in rules_draw.EXCLUSION_REASONS],
        "months": months, "leave": leave, "certificate": expired,
        "conflicts": sorted([e, i] for e, v in conflicts.items() for i in v),
        "supervising": officer_column,
        "recent": {str(k): sorted(v) for k, v in sorted(recent.items())},
    }
    return data, exclusions


def input_of(draw: Draw) -> rules_draw.DrawInput:
    """The draw's input rebuilt from its stored snapshot."""
    ex = draw.exclusions
    conflicts: dict[int, set[int]] = defaultdict(set)
    for enterprise, inspector in ex.get("conflicts", []):
        conflicts[int(enterprise)].add(int(inspector))
    enterprises = [int(i) for i in draw.enterprise_pool]
    stored = ex.get("supervising", [])
    if isinstance(stored, dict):  # draws stored before the officer column
        supervising = {int(k): int(v) for k, v in stored.items()}
    else:
        if len(stored) != len(enterprises):
            raise ValidationError({"exclusions": "抽查快照不完整：监管责任人与企业名录库不对应"})
        supervising = {e: int(i) for e, i in zip(enterprises, stored, strict=True) if i}
    return rules_draw.DrawInput(
        enterprises=enterprises,
        inspectors=[int(i) for i in draw.inspector_pool],
        conflicts={k: frozenset(v) for k, v in conflicts.items()},
        supervising=supervising,
        recent={int(k): frozenset(int(i) for i in v) for k, v in ex.get("recent", {}).items()})


def supervised_count(draw: Draw) -> int:
    """How many pool enterprises had their supervising officer excluded."""
    stored = draw.exclusions.get("supervising", [])
    return len(stored) if isinstance(stored, dict) else sum(1 for i in stored if i)


def result_json(result: rules_draw.DrawResult) -> dict[str, Any]:
    return {"picks": [[e, list(team)] for e, team in result.picks.items()],
            "unstaffed": list(result.unstaffed)}


def replay(draw: Draw) -> rules_draw.DrawResult:
    """Run the draw again from its stored seed and snapshot."""
    return rules_draw.draw(input_of(draw), seed=draw.seed, count=draw.count, team_size=draw.team_size)


def verify(draw: Draw) -> bool:
    """Whether re-running the draw gives the stored result (the audit of a draw)."""
    return result_json(replay(draw)) == draw.result


@transaction.atomic
def run_draw(data: Mapping[str, Any], *, actor: Actor, seed: int | None = None,
             at: datetime | None = None) -> Draw:
    """Run a draw: ``title``, ``region``, ``department``, ``count``, optionally ``plan``,
    ``industry``, ``supervision_class`` (a class code) and ``team_size``. The seed is
    random unless given (a test or a re-run); the draw is audited with its seed."""
    check_permission(actor, Draw, "add")
    settings = EnforcementSettings.current()
    region = data.get("region")
    errors = {}
    if region is None:
        errors["region"] = "请选择抽查区域"
    count = int(data.get("count") or 0)
    if count <= 0:
        errors["count"] = "抽取企业数须大于0"
    team_size = int(data.get("team_size") or settings.min_team_size)
    if team_size < max(2, settings.min_team_size):
        errors["team_size"] = f"每组至少{max(2, settings.min_team_size)}名执法人员"
    if not str(data.get("title") or "").strip():
        errors["title"] = "请填写抽查名称"
    if errors:
        raise ValidationError(errors)
    code = str(data.get("supervision_class") or "")
    draw_input, exclusions = build_input(
        region, industry=str(data.get("industry") or ""), class_codes=(code,) if code else (),
        months=settings.recent_inspection_months)
    if not draw_input.enterprises:
        raise ValidationError({"region": "抽查范围内没有在营企业"})
    if len(draw_input.inspectors) < team_size:
        raise ValidationError({"team_size": "可抽取的执法人员不足一组"})
    now = at or timezone.now()
    used_seed = seed if seed is not None else secrets.randbits(52)
    result = rules_draw.draw(draw_input, seed=used_seed, count=count, team_size=team_size)
    draw = Draw(title=str(data["title"])[:120], department=data["department"], region=region,
                plan=data.get("plan"), industry=str(data.get("industry") or ""),
                supervision_class=code, count=count, team_size=team_size, seed=used_seed,
                enterprise_pool=list(draw_input.enterprises),
                inspector_pool=list(draw_input.inspectors), exclusions=exclusions,
                result=result_json(result), drawn_at=now, drawn_by=actor.user,
                publish_due=calendar.due_at(now, settings.publish_draw_workdays, "workdays"))
    # The snapshots are built here, not typed by anyone: validating them would only
    # serialise 100,000 ids once more.
    draw.full_clean(exclude=["enterprise_pool", "inspector_pool", "exclusions", "result"])
    check_scope(actor, draw)
    draw.save()
    picks = DrawPick.objects.bulk_create(
        [DrawPick(draw_id=draw.pk, enterprise_id=e, order=n) for n, e in enumerate(result.picks, 1)])
    through = DrawPick.inspectors.through
    through.objects.bulk_create([through(drawpick_id=p.pk, inspector_id=i)
                                 for p in picks for i in result.picks[p.enterprise_id]])
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=draw,
                 after={"seed": used_seed, "count": count, "pool": len(draw_input.enterprises),
                        "inspectors": len(draw_input.inspectors), "picked": len(picks)},
                 detail=f"双随机抽查：{draw.title}")
    events.emit("draw.drawn", actor=actor, obj=draw,
                summary=f"双随机抽取：从{len(draw_input.enterprises)}家企业中抽取{len(picks)}家，"
                        f"随机种子{used_seed}")
    return draw


@transaction.atomic
def publish_draw(draw: Draw, *, actor: Actor, at: datetime | None = None) -> Draw:
    """公开 the draw's result on the public site."""
    check_permission(actor, Draw, "change")
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    check_scope(actor, locked)
    if locked.published_at is not None:
        raise ValidationError({"published_at": "该抽查结果已公开"})
    locked.published_at = at or timezone.now()
    locked.save(update_fields=["published_at"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, detail="公开双随机抽查结果")
    events.emit("draw.published", actor=actor, obj=locked, summary="公开抽查结果")
    return locked
