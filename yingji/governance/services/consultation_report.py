"""The consultation report as a Word file (core.documents house style): the session,
the overall judgement, each part's text, figures table and charts (native Word charts,
``core.docx_charts``: the monthly trend and the districts), the conclusions and the
follow-up tasks. A draft is marked 征求意见稿; the download is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.documents import add_table, document_bytes, word_document
from yingji.core.docx_charts import Series, add_chart
from yingji.governance import rules
from yingji.governance.models import Consultation, Node
from yingji.governance.services.consultation_data import figure_text


def _heading(document: Any, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True


def _charts(document: Any, part: dict[str, Any]) -> int:
    """The part's trend (its indicators of one unit, the first's) and the districts'
    figures of its first indicator; returns how many charts were drawn."""
    indicators = [i for i in part["indicators"] if any(v is not None for v in i["trend"])]
    drawn = 0
    if indicators:
        unit = indicators[0]["unit"]
        same = [i for i in indicators if i["unit"] == unit]
        months = [f"{int(m[5:])}月" for m in part["months"]]
        add_chart(document, "line" if unit == "%" else "bar", f"{part['title']}逐月趋势（{unit}）",
                  months, [Series(i["name"], i["trend"]) for i in same])
        drawn += 1
    first = next((i for i in part["indicators"] if i["districts"]), None)
    if first is not None:
        add_chart(document, "bar", f"各区县{first['name']}（{first['unit']}）",
                  [d["name"] for d in first["districts"]],
                  [Series(first["name"], [d["value"] for d in first["districts"]])], height_cm=7)
        drawn += 1
    return drawn


def report_document(consultation: Consultation) -> Any:
    """The report as a python-docx document (the download and the tests read it)."""
    draft = consultation.is_draft
    document = word_document(consultation.title,
                             subtitle=consultation.number or ("（征求意见稿）" if draft else ""))
    period = f"{consultation.period_start:%Y年%m月%d日}—{consultation.period_end:%Y年%m月%d日}"
    document.add_paragraph(f"研判区域：{consultation.region.name}　研判期：{period}　"
                           f"会商类型：{consultation.get_kind_display()}")
    if consultation.held_on:
        document.add_paragraph(f"会商日期：{consultation.held_on:%Y年%m月%d日}"
                               + (f"　主持人：{consultation.host}" if consultation.host else ""))
    if consultation.participants:
        document.add_paragraph(f"参会单位及人员：{consultation.participants}")
    _heading(document, "综合研判")
    document.add_paragraph(consultation.summary or "（待研判人员填写）")
    for number, part in enumerate(consultation.sections, start=1):
        _heading(document, f"{rules.chinese_number(number)}、{part['title']}")
        document.add_paragraph(part["text"])
        if part["indicators"]:
            add_table(document, ("指标", "本期", "上期", "变化", "数据来源"), [
                (i["name"], figure_text(i["value"], i["unit"]), figure_text(i["previous"], i["unit"]),
                 i["change"], i["module"]) for i in part["indicators"]])
            _charts(document, part)
    _heading(document, f"{rules.chinese_number(len(consultation.sections) + 1)}、会商结论")
    document.add_paragraph(consultation.conclusions or "（待会商后填写）")
    if consultation.item_id:
        nodes = Node.objects.filter(item_id=consultation.item_id).select_related("owner", "region")
        today = timezone.localdate()
        add_table(document, ("议定事项", "责任人", "责任区域", "完成时限", "推进情况"), [
            (n.title, n.owner.real_name or n.owner.username, n.region.name, f"{n.due:%Y-%m-%d}",
             rules.STATUS_LABELS[n.status(today)]) for n in nodes])
    generated = consultation.generated_at
    if generated:
        document.add_paragraph(f"数据截至：{timezone.localtime(generated):%Y年%m月%d日 %H:%M}，"
                               "由平台各业务模块数据自动汇总。")
    return document


@transaction.atomic
def report_file(consultation: Consultation, *, actor: Actor) -> bytes:
    """The .docx of the report; the download is audited."""
    content = document_bytes(report_document(consultation))
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=consultation,
                 detail=f"下载会商研判报告：{consultation.title}")
    return content
