"""Word documents: the drill evaluation report (AQ/T 9009) and the on-site cards (处置卡,
卡片化) of a plan, one A5 card per working group with its actions by level."""

from __future__ import annotations

from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.documents import add_table, add_title, document_bytes, word_document
from yingji.plans import rules
from yingji.plans.models import Drill, Plan
from yingji.plans.services.activation import structure_used


def evaluation_report(drill: Drill, *, actor: Actor) -> bytes:
    """The evaluation report of a drill: the drill, the chain of times against the
    limits, the scored AQ/T 9009 items, the conclusion and the findings (the download
    audited as an export)."""
    from yingji.plans.services.drills import chain

    document = word_document(f"{drill.title}评估报告")
    if drill.incident_id:
        document.add_paragraph("【演练】本次演练通过接报系统以演练模式开展，相关记录不计入突发事件统计。")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        ("演练预案", drill.plan.name),
        ("演练形式", drill.get_kind_display()),
        ("组织单位", drill.organiser),
        ("参演单位", drill.participants),
        ("参演人数", str(drill.participant_count)),
        ("实施日期", f"{drill.held_on or drill.planned_on:%Y年%m月%d日}"),
        ("演练情景", drill.scenario),
        ("评估得分", "—" if drill.score is None else f"{rules.score_text(drill.score)}分（{drill.grade}）"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph()
    document.add_paragraph("一、响应链条时间").runs[0].bold = True
    add_table(document, ("环节", "用时（分钟）", "考核时限（分钟）", "结论"), [
        (step.label, "—" if step.minutes is None else f"{step.minutes:g}",
         "—" if step.limit is None else str(step.limit),
         "—" if step.within is None else ("达标" if step.within else "超时"))
        for step in chain(drill)])
    document.add_paragraph("二、评估项目得分（AQ/T 9009）").runs[0].bold = True
    scores = {s.item: s for s in drill.scores.all()}
    add_table(document, ("评估项目", "满分", "得分", "扣分说明"), [
        (label, str(top), rules.score_text(scores[code].score) if code in scores else "—",
         scores[code].note if code in scores else "")
        for code, label, top in rules.AQT9009_ITEMS])
    document.add_paragraph("三、评估结论").runs[0].bold = True
    document.add_paragraph(drill.evaluation_summary or "—")
    document.add_paragraph("四、发现问题与整改要求").runs[0].bold = True
    for n, finding in enumerate(drill.findings.all(), start=1):
        document.add_paragraph(
            f"{n}. {finding.problem}（责任单位：{finding.owner}；整改期限："
            f"{finding.due_on:%Y年%m月%d日}{'；需修订预案' if finding.opens_revision else ''}）"
        )
    document.add_paragraph(
        f"评估人：{drill.evaluator.display_name if drill.evaluator else '—'}　"
        f"报告日期：{timezone.localdate():%Y年%m月%d日}"
    )
    content = document_bytes(document)
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=drill, detail=f"下载演练评估报告：{drill.title}")
    return content


def cards(plan: Plan, *, actor: Actor) -> bytes:
    """The plan's on-site cards (处置卡) on A5 pages: one card per working group with its
    lead and member departments, duties, the actions and time limits of each level, and
    the contacts (the download audited as an export)."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    structure, version = structure_used(plan)
    document = word_document(size=10)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(148), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    contacts = structure.get("contacts", [])
    groups = structure.get("groups", [])
    for index, group in enumerate(groups):
        add_title(document, f"{group['name']}处置卡", size=14)
        document.add_paragraph(f"{plan.name}（{version.label if version else '现行结构'}）")
        document.add_paragraph(f"牵头单位：{group['lead']}")
        if group.get("members"):
            document.add_paragraph(f"成员单位：{group['members']}")
        document.add_paragraph(f"主要职责：{group['duties']}")
        levels = sorted(structure.get("levels", []), key=lambda lv: rules.LEVEL_RANK[lv["level"]],
                        reverse=True)
        add_table(document, ("响应级别", "处置行动", "时限"), [
            (rules.LEVEL_SHORT[level["level"]], action["title"], f"{action['minutes']}分钟内")
            for level in levels for action in level.get("actions", [])
            if action["group"] == group["key"]])
        people = [c for c in contacts if c.get("group") == group["key"]]
        if people:
            document.add_paragraph("联系人：" + "；".join(f"{c['name']} {c['phone']}" for c in people))
        if index < len(groups) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if not groups:
        add_title(document, f"{plan.name}处置卡", size=14)
        document.add_paragraph("尚未录入工作组")
    content = document_bytes(document)
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=plan, detail=f"下载预案处置卡：{plan.name}")
    return content
