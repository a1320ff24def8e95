"""Drills: planned, run through the intake in drill mode (labelled and kept out of the
statistics), the chain of times, the AQ/T 9009 evaluation with findings asking for a
revision, the external evaluator's reach, the yearly plan, and the Word documents."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.testing import JIANGAN, WUHAN, actor_for, libreoffice_pdf, make_user
from yingji.incidents.models import Incident
from yingji.incidents.services import stats
from yingji.plans import rules
from yingji.plans.models import Drill, Plan
from yingji.plans.services import activation, documents, drills

FULL: dict[str, Decimal | int] = {code: top for code, _, top in rules.AQT9009_ITEMS}


def _drill(plan: Any, user: Any, **extra: Any) -> Drill:
    return drills.create_drill({
        "plan": plan, "title": "江岸区火灾双盲演练", "kind": "double_blind", "region": plan.region,
        "address": "中山大道100号", "organiser": "江岸区应急管理局", "participants": "区消防救援大队",
        "participant_count": 50, "scenario": "商场起火，2人被困", "planned_on": timezone.localdate(),
        **extra}, actor=actor_for(user))


def test_a_drill_through_the_intake_is_labelled_and_out_of_the_statistics(
        fire_plan: Any, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    period = stats.Period(timezone.localdate() - timedelta(days=1), timezone.localdate())
    before = stats.summary(supervisor, period)["total"]
    drill = drills.start_drill(_drill(fire_plan, supervisor), actor=actor, through_intake=True,
                               incident={"category": "accident", "subtype": "fire",
                                         "address": "大智街道中山大道100号", "trapped": 2,
                                         "received_at": timezone.now() - timedelta(minutes=40)})
    assert drill.state == "running" and drill.incident is not None
    assert drill.incident.title == "【演练】江岸区火灾双盲演练"
    assert Incident.objects.filter(pk=drill.incident.pk).exists()
    assert stats.summary(supervisor, period)["total"] == before
    activation.activate(drill.incident, fire_plan, "IV", actor=actor)
    drill = drills.finish_drill(drill, actor=actor)
    steps = {s.step: s for s in drills.chain(drill)}
    assert steps["response"].minutes is not None and steps["response"].minutes >= 39
    assert steps["response"].within is False  # 30-minute limit by default


def test_evaluation_scores_grades_and_a_finding_asks_for_a_revision(fire_plan: Any,
                                                                  supervisor: Any) -> None:
    actor = actor_for(supervisor)
    drill = drills.finish_drill(drills.start_drill(_drill(fire_plan, supervisor), actor=actor), actor=actor)
    with pytest.raises(ValidationError) as refused:
        bad: dict[str, Decimal | int] = {**FULL, "command": 20}
        drills.evaluate_drill(drill, actor=actor, scores=bad, summary="好")
    assert "command" in refused.value.message_dict
    scores: dict[str, Decimal | int] = {**FULL, "command": Decimal(10), "communication": Decimal(6)}
    done = drills.evaluate_drill(drill, actor=actor, scores=scores, summary="基本达到演练目的",
                                 findings=[drills.FindingInput("首报超时", "区应急管理局",
                                                               date.today() + timedelta(days=30), True)])
    assert done.state == "evaluated" and done.score == Decimal(91) and done.grade == "优秀"
    fire_plan.refresh_from_db()
    assert fire_plan.state == "in_force"  # the plan's staff open the revision from the need
    assert list(drills.revision_needs(Plan.objects.all())) == [done.findings.get()]


def test_an_external_evaluator_sees_only_their_drills(fire_plan: Any, supervisor: Any) -> None:
    evaluator = make_user("pg_eval", roles=["evaluator"], scope=WUHAN)
    mine = _drill(fire_plan, supervisor, evaluator=evaluator)
    _drill(fire_plan, supervisor, title="另一场演练")
    assert list(Drill.objects.restrict(evaluator, "view")) == [mine]
    assert not Plan.objects.restrict(evaluator, "view").exists()
    drill = drills.finish_drill(drills.start_drill(mine, actor=actor_for(supervisor)),
                                actor=actor_for(supervisor))
    done = drills.evaluate_drill(drill, actor=actor_for(evaluator), scores=FULL, summary="第三方评估")
    assert done.score == 100


def test_the_year_plan_flags_plans_past_their_drill_frequency(fire_plan: Any, supervisor: Any) -> None:
    rows = drills.year_plan(supervisor, timezone.localdate().year)
    row = next(r for r in rows if r.plan.pk == fire_plan.pk)
    # A special plan in force since 2025-03-03, never drilled: due within 3 years.
    assert row.last is None and row.due == date(2028, 3, 3) and not row.overdue
    other = make_user("ja_sup2", roles=["supervisor"], scope=JIANGAN)
    assert [r.plan.pk for r in drills.year_plan(other, 2026)] == [fire_plan.pk]


def test_word_documents_open(fire_plan: Any, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    drill = drills.finish_drill(drills.start_drill(_drill(fire_plan, supervisor), actor=actor), actor=actor)
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="达到目的")
    report = documents.evaluation_report(drill, actor=actor)
    cards = documents.cards(fire_plan, actor=actor)
    assert libreoffice_pdf(report, ".docx").startswith(b"%PDF")
    assert libreoffice_pdf(cards, ".docx").startswith(b"%PDF")
    import io

    from docx import Document

    # The total as people write it (100分, not 100.0分), the same as the drill's timeline.
    cells = [c.text for t in Document(io.BytesIO(report)).tables for r in t.rows for c in r.cells]
    assert "100分（优秀）" in cells

    card = Document(io.BytesIO(cards))
    assert round(card.sections[0].page_width.mm) == 148 and round(card.sections[0].page_height.mm) == 210
    text = "\n".join(p.text for p in card.paragraphs)
    assert "抢险救援组处置卡" in text and "区消防救援大队" in text


def test_every_word_download_is_audited_as_an_export(fire_plan: Any, supervisor: Any) -> None:
    from django.urls import reverse

    from yingji.core import audit
    from yingji.core.documents import DOCX_TYPE
    from yingji.core.models import AuditLog
    from yingji.core.testing import client_for

    actor = actor_for(supervisor)
    drill = drills.finish_drill(drills.start_drill(_drill(fire_plan, supervisor), actor=actor), actor=actor)
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="达到目的")
    client = client_for(supervisor)
    for url, obj in ((reverse("drill_report", args=[drill.pk]), drill),
                     (reverse("plan_cards", args=[fire_plan.pk]), fire_plan)):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
        entry = AuditLog.objects.filter(action="export", object_type=audit.object_type_of(obj),
                                        object_id=str(obj.pk)).get()
        assert entry.actor_id == supervisor.pk and "下载" in entry.detail


def _docx(lines: list[str]) -> bytes:
    import io

    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PLAN_TEXT = [
    "武汉市某区危险化学品事故应急预案", "2 组织指挥体系",
    "综合协调组：由区应急管理局牵头，区公安分局、区生态环境分局参加。主要职责：协调各组工作。",
    "抢险救援组：由区消防救援大队牵头，区应急管理局配合。主要职责：开展灭火、堵漏和人员搜救。",
    "4 分级响应", "Ⅰ级响应", "（1）造成30人以上死亡和失踪，或者100人以上重伤；",
    "（2）直接经济损失1亿元以上。", "Ⅲ级响应", "造成3人以上死亡，或者被困10人以上；",
    "发布红色预警并可能发生较大事故。", "由区政府主要领导决定启动。", "5 后期处置",
]


def test_a_word_plan_text_is_recognised_and_imported(supervisor: Any, district: Any) -> None:
    from yingji.plans.services import word_import
    from yingji.plans.tests.factories import build_plan

    report = word_import.parse(_docx(PLAN_TEXT))
    assert [(g.name, g.lead) for g in report.groups] == [("综合协调组", "区应急管理局"),
                                                        ("抢险救援组", "区消防救援大队")]
    assert report.groups[0].members == "区公安分局、区生态环境分局"
    levels = {lv.level: lv for lv in report.levels}
    assert sorted((f, v) for f, v, _ in levels["I"].conditions) == [
        ("deaths_missing", "30"), ("loss_wan", "10000"), ("serious_injuries", "100")]
    assert sorted((f, v) for f, v, _ in levels["III"].conditions) == [
        ("deaths", "3"), ("grade", "III"), ("trapped", "10"), ("warning_level", "red")]
    assert levels["III"].unrecognised == ["由区政府主要领导决定启动。"]
    plan = build_plan(actor_for(supervisor), district, name="江岸区导入测试预案", groups=(), levels=())
    word_import.import_structure(plan, _docx(PLAN_TEXT), actor=actor_for(supervisor))
    assert plan.groups.count() == 2 and plan.levels.count() == 2
    plan.refresh_from_db()
    assert plan.triggers["III"]["conditions"]
    with pytest.raises(ValidationError):
        word_import.parse(b"not a word file")
