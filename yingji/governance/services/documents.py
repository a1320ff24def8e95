"""The Word notice of a 督办 (core.documents house style)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.documents import add_table, document_bytes, word_document
from yingji.governance import rules
from yingji.governance.models import Supervision


@transaction.atomic
def supervision_notice(supervision: Supervision, *, actor: Actor) -> bytes:
    """督办通知: the item and its late nodes, the requirement and the date to answer by;
    the download is audited."""
    item = supervision.item
    plan = item.plan
    document = word_document("工作事项督办通知", subtitle=supervision.number)
    addressee = item.lead_department or plan.issuer
    document.add_paragraph(f"{addressee}：")
    document.add_paragraph(
        f"根据《{plan.title}》{f'（{plan.doc_number}）' if plan.doc_number else ''}，"
        f"你单位牵头的“{item.label}{item.title}”有节点任务逾期未完成。现予督办，"
        f"请于{supervision.reply_due:%Y年%m月%d日}前将整改落实情况书面反馈。")
    document.add_paragraph(f"督办要求：{supervision.requirement}")
    day = timezone.localtime(supervision.issued_at).date()
    rows = [(n.title, f"{n.due:%Y-%m-%d}", n.owner.real_name or n.owner.username, f"{n.progress}%",
             rules.STATUS_LABELS[n.status(day)])
            for n in item.nodes.select_related("owner").order_by("due", "pk")]
    add_table(document, ("节点任务", "完成时限", "责任人", "进度", "推进情况"), rows)
    if item.co_departments:
        document.add_paragraph(f"配合单位：{item.co_departments}")
    document.add_paragraph("")
    document.add_paragraph(f"{plan.issuer}").alignment = 2
    document.add_paragraph(f"{day:%Y年%m月%d日}").alignment = 2
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=supervision,
                 detail=f"下载督办通知：{supervision.number}")
    return document_bytes(document)
