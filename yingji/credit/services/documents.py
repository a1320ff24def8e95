"""The written listing decision (列入严重失信主体名单决定书) as a Word file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.documents import add_table, document_bytes, word_document
from yingji.credit.models import CreditSettings, DishonestyEntry


def decision_docx(entry: DishonestyEntry) -> bytes:
    """The decision of a listed entry: the subject, the facts, the ground and its
    article, the statement and its answer, the management period and the remedies."""
    settings = CreditSettings.current()
    document = word_document("安全生产严重失信主体名单列入决定书", subtitle=entry.number or "（未编号）")
    document.add_paragraph(f"当事人：{entry.subject_name}")
    if entry.credit_code:
        document.add_paragraph(f"统一社会信用代码：{entry.credit_code}")
    document.add_paragraph(f"失信事实：{entry.facts}")
    document.add_paragraph(f"列入依据：{entry.ground.title}（{entry.ground.article}）。")
    if entry.case_id and entry.case is not None:
        document.add_paragraph(f"行政处罚案件：{entry.case}")
    if entry.statement:
        document.add_paragraph(f"当事人陈述申辩：{entry.statement}")
        document.add_paragraph(f"采纳情况：{entry.statement_reply}")
    decided = timezone.localtime(entry.decided_at) if entry.decided_at else None
    add_table(document, ["列入日期", "管理期限至", "作出决定的部门"],
              [[f"{entry.listed_on:%Y年%m月%d日}" if entry.listed_on else "",
                f"{entry.remove_on:%Y年%m月%d日}" if entry.remove_on else "",
                entry.department.name]])
    document.add_paragraph(
        f"管理期限为{settings.management_years}年，期满自动移出。列入满{settings.early_removal_months}个月、"
        "已履行行政处罚、完成整改并签署信用承诺书的，可以申请提前移出。"
        "当事人对本决定不服的，可以依法申请行政复议或者提起行政诉讼。")
    document.add_paragraph(f"{entry.department.name}")
    document.add_paragraph(f"{decided:%Y年%m月%d日}" if decided else "")
    return document_bytes(document)


def export_decision(entry: DishonestyEntry, *, actor: Actor) -> bytes:
    """The decision of an entry the actor may see, audited as an export."""
    if entry.decided_at is None:
        raise ValidationError({"state": "尚未作出列入决定"})
    content = decision_docx(entry)
    audit.record(audit.AuditAction.EXPORT, actor=actor, obj=entry, detail="导出列入决定书")
    return content


PLATFORM_HEADERS = ("失信主体名称", "统一社会信用代码", "主体类型", "列入情形", "列入依据",
                    "决定书编号", "作出决定部门", "列入日期", "管理期限至")


def platform_rows(entries: Any) -> list[list[Any]]:
    """The rows of the export for the national credit platform (全国信用信息共享平台):
    listed and published entries of ``entries``."""
    rows = []
    for e in entries.filter(state="listed", published_at__isnull=False).select_related(
            "ground", "department").order_by("listed_on", "id"):
        rows.append([e.subject_name, e.credit_code, e.get_subject_type_display(), e.ground.title,
                     e.ground.article, e.number, e.department.name, e.listed_on, e.remove_on])
    return rows


def export_platform(entries: Any, *, actor: Actor, joint: bool = False) -> bytes:
    """The list as an .xlsx for the national credit platform (or, ``joint``, the
    joint-punishment list for the other departments), audited."""
    from yingji.core.exports import build_workbook

    title = "失信联合惩戒名单" if joint else "安全生产严重失信主体名单（报送全国信用信息共享平台）"
    content = build_workbook(list(PLATFORM_HEADERS), platform_rows(entries), title=title[:30])
    audit.record(audit.AuditAction.EXPORT, actor=actor, detail=f"导出{title}")
    return content
