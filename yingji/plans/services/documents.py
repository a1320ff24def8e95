"""Word documents: the drill evaluation report (AQ/T 9009) and the on-site cards (处置卡,
卡片化) of a plan, one A5 card per working group with its actions by level."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from yingji.plans import rules
from yingji.plans.models import Drill, Plan
from yingji.plans.services.activation import structure_used


def _document(font_size: int = 12) -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(font_size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    return document


def _title(document: Any, text: str, size: int = 18) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def evaluation_report(drill: Drill) -> bytes:
    """The evaluation report of a drill: the drill, the chain of times against the
    limits, the scored AQ/T 9009 items, the conclusion and the findings."""
    from yingji.plans.services.drills import chain

    document = _document()
    _title(document, f"{drill.title}评估报告")
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
        ("评估得分", f"{drill.score}分（{drill.grade}）" if drill.score is not None else "—"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph()
    document.add_paragraph("一、响应链条时间").runs[0].bold = True
    times = document.add_table(rows=1, cols=4)
    times.style = "Table Grid"
    for cell, text in zip(
        times.rows[0].cells, ("环节", "用时（分钟）", "考核时限（分钟）", "结论"), strict=True
    ):
        cell.text = text
    for step in chain(drill):
        cells = times.add_row().cells
        verdict = "—" if step.within is None else ("达标" if step.within else "超时")
        cells[0].text, cells[1].text = step.label, "—" if step.minutes is None else f"{step.minutes:g}"
        cells[2].text, cells[3].text = "—" if step.limit is None else str(step.limit), verdict
    document.add_paragraph("二、评估项目得分（AQ/T 9009）").runs[0].bold = True
    scores = {s.item: s for s in drill.scores.all()}
    items = document.add_table(rows=1, cols=4)
    items.style = "Table Grid"
    for cell, text in zip(items.rows[0].cells, ("评估项目", "满分", "得分", "扣分说明"), strict=True):
        cell.text = text
    for code, label, top in rules.AQT9009_ITEMS:
        cells = items.add_row().cells
        found = scores.get(code)
        cells[0].text, cells[1].text = label, str(top)
        cells[2].text = f"{found.score:g}" if found else "—"
        cells[3].text = found.note if found else ""
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
    return _bytes(document)


def cards(plan: Plan) -> bytes:
    """The plan's on-site cards (处置卡) on A5 pages: one card per working group with its
    lead and member departments, duties, the actions and time limits of each level, and
    the contacts."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    structure, version = structure_used(plan)
    document = _document(10)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(148), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    contacts = structure.get("contacts", [])
    groups = structure.get("groups", [])
    for index, group in enumerate(groups):
        _title(document, f"{group['name']}处置卡", 14)
        document.add_paragraph(f"{plan.name}（{version.label if version else '现行结构'}）")
        document.add_paragraph(f"牵头单位：{group['lead']}")
        if group.get("members"):
            document.add_paragraph(f"成员单位：{group['members']}")
        document.add_paragraph(f"主要职责：{group['duties']}")
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("响应级别", "处置行动", "时限"), strict=True):
            cell.text = text
        for level in sorted(
            structure.get("levels", []), key=lambda lv: rules.LEVEL_RANK[lv["level"]], reverse=True
        ):
            for action in level.get("actions", []):
                if action["group"] == group["key"]:
                    cells = table.add_row().cells
                    cells[0].text = rules.LEVEL_SHORT[level["level"]]
                    cells[1].text, cells[2].text = action["title"], f"{action['minutes']}分钟内"
        people = [c for c in contacts if c.get("group") == group["key"]]
        if people:
            document.add_paragraph("联系人：" + "；".join(f"{c['name']} {c['phone']}" for c in people))
        if index < len(groups) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if not groups:
        _title(document, f"{plan.name}处置卡", 14)
        document.add_paragraph("尚未录入工作组")
    return _bytes(document)
