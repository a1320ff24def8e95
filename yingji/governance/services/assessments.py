"""The annual assessment's operations: the scheme and its criteria; opening it (one
result per district of the city, one score row per criterion that applies); the
district's self-assessment with evidence; the team's score with its reasons; the
totals, the one-vote veto read from the platform (``core.kpis``: the accidents
module's 较大及以上事故起数 for the year), grade and rank; the 通报 (Word); the records of
巡查, 约谈 and 问责. Every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, kpis
from yingji.core.actor import Actor
from yingji.core.documents import add_table, document_bytes, word_document
from yingji.core.models import Region
from yingji.core.services.attachments import attach_file
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.governance import rules_assessment as rules
from yingji.governance.models import (
    AssessmentCriterion,
    AssessmentResult,
    AssessmentScheme,
    CriterionScore,
    OversightRecord,
    SchemeState,
)
from yingji.governance.services.consultation_data import districts_of
from yingji.governance.services.plans import check_evidence

EVIDENCE = "assessment-evidence"
SCORE_PERMISSION = "governance.score_assessmentscheme"


def create_scheme(data: dict[str, Any], *, actor: Actor) -> AssessmentScheme:
    if kpis.get(str(data.get("veto_code") or "larger_accidents")) is None:
        raise ValidationError({"veto_code": "平台没有该代码的自动计算指标"})
    return create_object(AssessmentScheme, data, actor=actor)


def update_scheme(scheme: AssessmentScheme, data: dict[str, Any], *, actor: Actor) -> AssessmentScheme:
    if scheme.state == SchemeState.PUBLISHED:
        raise ValidationError("考核结果已通报，不能修改")
    return update_object(scheme, data, actor=actor)


def create_criterion(data: dict[str, Any], *, actor: Actor) -> AssessmentCriterion:
    scheme: AssessmentScheme = data["scheme"]
    if scheme.state != SchemeState.DRAFT:
        raise ValidationError("考核已开始，不能再增加细则")
    total = sum((c.weight for c in scheme.criteria.all()), Decimal(0)) + Decimal(data["weight"])
    if total > 100:
        raise ValidationError({"weight": f"各项分值合计不能超过100分（现合计{total:g}分）"})
    return create_object(AssessmentCriterion, data, actor=actor)


def update_criterion(criterion: AssessmentCriterion, data: dict[str, Any], *,
                     actor: Actor) -> AssessmentCriterion:
    if criterion.scheme.state != SchemeState.DRAFT:
        raise ValidationError("考核已开始，不能修改细则")
    return update_object(criterion, data, actor=actor)


def _applies(criterion: AssessmentCriterion, district: Region) -> bool:
    named = {r.code for r in criterion.districts.all()}
    return not named or district.code in named


@transaction.atomic
def open_scheme(scheme: AssessmentScheme, *, actor: Actor) -> AssessmentScheme:
    """自评开始: one result per district of the scheme's region and a score row per
    criterion that applies to it."""
    check_permission(actor, AssessmentScheme, "change")
    check_scope(actor, scheme)
    if scheme.state != SchemeState.DRAFT:
        raise ValidationError("考核已开始")
    criteria = list(scheme.criteria.prefetch_related("districts"))
    if not criteria:
        raise ValidationError("请先添加考核细则")
    for district in districts_of(scheme.region):
        result = create_object(AssessmentResult, {"scheme": scheme, "region": district}, actor=actor)
        for criterion in criteria:
            if _applies(criterion, district):
                create_object(CriterionScore, {"result": result, "criterion": criterion}, actor=actor)
    return update_object(scheme, {"state": SchemeState.OPEN}, actor=actor)


def _open(score: CriterionScore) -> None:
    if score.result.scheme.state != SchemeState.OPEN:
        raise ValidationError("考核不在自评和评分阶段")


@transaction.atomic
def self_assess(score: CriterionScore, *, actor: Actor, self_score: Decimal, self_note: str,
                evidence: Sequence[UploadedFile] = ()) -> CriterionScore:
    """The district's self-assessment of one criterion (its own scope), with evidence."""
    _open(score)
    weight = score.criterion.weight
    if not Decimal(0) <= self_score <= weight:
        raise ValidationError({"self_score": f"自评得分应在0到{weight:g}分之间"})
    if self_score < weight and not self_note.strip():
        raise ValidationError({"self_note": "自评扣分须说明原因"})
    files = list(evidence)
    check_evidence(files)
    if not files and not score.evidence_count:
        raise ValidationError({"evidence": "自评须上传佐证材料"})
    score = update_object(score, {"self_score": self_score, "self_note": self_note.strip(),
                                  "evidence_count": score.evidence_count + len(files)}, actor=actor)
    for upload in files:
        attach_file(score, upload, actor=actor, purpose=EVIDENCE)
    _totals(score.result)
    return score


@transaction.atomic
def team_score(score: CriterionScore, *, actor: Actor, team_score: Decimal, team_note: str) -> CriterionScore:
    """The assessment team's score of one criterion, after the self-assessment; a
    deduction needs its reason (the criterion's rule applied)."""
    if actor.user is not None and not actor.user.has_perm(SCORE_PERMISSION):
        raise PermissionDenied("只有考核组（安委办）可以评分")
    _open(score)
    weight = score.criterion.weight
    if not Decimal(0) <= team_score <= weight:
        raise ValidationError({"team_score": f"评分应在0到{weight:g}分之间"})
    if team_score < weight and not team_note.strip():
        raise ValidationError({"team_note": "扣分须写明理由"})
    score = update_object(score, {"team_score": team_score, "team_note": team_note.strip(),
                                  "scored_by": actor.user}, actor=actor)
    _totals(score.result)
    return score


def _totals(result: AssessmentResult) -> None:
    scores = list(result.scores.all())
    AssessmentResult.objects.filter(pk=result.pk).update(
        self_total=sum((s.self_score or Decimal(0) for s in scores), Decimal(0)),
        team_total=sum((s.team_score or Decimal(0) for s in scores), Decimal(0)))


@transaction.atomic
def rank_scheme(scheme: AssessmentScheme, *, actor: Actor) -> list[AssessmentResult]:
    """Read the veto indicator for each district's year, grade and rank the results."""
    if actor.user is not None and not actor.user.has_perm(SCORE_PERMISSION):
        raise PermissionDenied("只有考核组（安委办）可以排名")
    check_scope(actor, scheme)
    provider = kpis.get(scheme.veto_code)
    results = list(scheme.results.select_related("region"))
    start, end = date(scheme.year, 1, 1), date(scheme.year + 1, 1, 1)
    for result in results:
        _totals(result)
        result.refresh_from_db()
        result.veto_value = provider.compute(result.region.prefix, start, end).value if provider else None
        result.vetoed = rules.vetoed(result.veto_value, float(scheme.veto_limit))
        result.grade = rules.grade(result.team_total, result.vetoed)
    ranks = {r.key: r.rank for r in rules.rank((x.region_id, x.team_total, x.vetoed) for x in results)}
    for result in results:
        result.rank = ranks[result.region_id]
        update_object(result, {"veto_value": result.veto_value, "vetoed": result.vetoed,
                               "grade": result.grade, "rank": result.rank}, actor=actor)
    return sorted(results, key=lambda r: (r.rank or 0, r.region_id))


@transaction.atomic
def publish(scheme: AssessmentScheme, *, actor: Actor) -> AssessmentScheme:
    """通报: every score given by the team, the ranking done again; the scheme is frozen."""
    if scheme.state != SchemeState.OPEN:
        raise ValidationError("考核不在评分阶段")
    if CriterionScore.objects.filter(result__scheme=scheme, team_score__isnull=True).exists():
        raise ValidationError("仍有考核细则未评分，不能通报")
    rank_scheme(scheme, actor=actor)
    return update_object(scheme, {"state": SchemeState.PUBLISHED, "published_at": timezone.now(),
                                  "number": rules.bulletin_number(scheme.year)}, actor=actor)


@transaction.atomic
def bulletin(scheme: AssessmentScheme, *, actor: Actor) -> bytes:
    """考核结果通报 (Word): the ranking with each district's score, grade and veto."""
    document = word_document(f"关于{scheme.year}年度安全生产工作考核结果的通报",
                             subtitle=scheme.number or "（征求意见稿）")
    document.add_paragraph(f"根据《{scheme.title}》，{scheme.issuer}组织考核组对各区{scheme.year}年度"
                           "安全生产工作进行了考核，现将结果通报如下：")
    results = list(scheme.results.select_related("region").order_by("rank", "region"))
    add_table(document, ("排名", "区县", "自评得分", "考核得分", "一票否决", "考核等次"), [
        (r.rank or "—", r.region.name, f"{r.self_total:g}", f"{r.team_total:g}",
         "是" if r.vetoed else "否", rules.GRADE_LABELS.get(r.grade, "—")) for r in results])
    vetoed = [r.region.name for r in results if r.vetoed]
    if vetoed:
        document.add_paragraph(f"{'、'.join(vetoed)}年度内发生较大及以上生产安全事故，实行一票否决，"
                               "考核等次为不合格。")
    document.add_paragraph("请各区对照考核扣分事项认真整改，切实落实安全生产责任。")
    document.add_paragraph(scheme.issuer).alignment = 2
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=scheme, detail=f"下载考核通报：{scheme.title}")
    return document_bytes(document)


def record_oversight(data: dict[str, Any], *, actor: Actor) -> OversightRecord:
    """A 巡查, 约谈 or 问责 record (not in the future)."""
    if data.get("held_on") and data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": "日期不能晚于今天"})
    return create_object(OversightRecord, {**data, "recorded_by": actor.user}, actor=actor)


def update_oversight(record: OversightRecord, data: dict[str, Any], *, actor: Actor) -> OversightRecord:
    if data.get("held_on") and data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": "日期不能晚于今天"})
    return update_object(record, data, actor=actor)
