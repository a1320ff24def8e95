"""Importing a work plan: the text of a Word file (.docx), an Excel sheet (.xlsx) or
pasted text, its outline recognised by ``outline.parse`` and shown for review; nothing
is saved until the user confirms, and then the plan and every item are created in one
transaction (audited, one entry per row)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.services.objects import check_permission, check_scope
from yingji.governance.models import PlanSource, WorkItem, WorkPlan
from yingji.governance.outline import STYLE_NAMES, Item, Outline, parse

MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 300_000
MAX_ITEMS = 2_000


def _docx_lines(content: bytes) -> list[str]:
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise ValidationError({"file": "无法读取该文件，请上传Word（.docx）格式的工作计划"}) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and text not in cells:  # merged cells repeat their text
                    cells.append(text)
            lines.append(" ".join(cells))
    return lines


def _xlsx_lines(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        raise ValidationError({"file": "无法读取该文件，请上传Excel（.xlsx）格式的工作计划"}) from exc
    lines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
            lines.append(" ".join(cells))
    book.close()
    return lines


def _plain_lines(content: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": "无法识别文本文件的编码，请另存为UTF-8编码后上传"})


def text_of_file(name: str, content: bytes) -> tuple[str, str]:
    """The plan's text from an uploaded file and the source kind; a file that is not a
    readable .docx, .xlsx or .txt is refused in Chinese."""
    lower = (name or "").lower()
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "文件超过20MB，请拆分后导入"})
    if not content:
        raise ValidationError({"file": "文件为空"})
    if lower.endswith(".docx") or lower.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(content)):
            kind = "Word（.docx）" if lower.endswith(".docx") else "Excel（.xlsx）"
            raise ValidationError({"file": f"文件内容不是{kind}格式，请检查文件是否损坏或扩展名是否正确"})
        if lower.endswith(".docx"):
            return "\n".join(_docx_lines(content)), PlanSource.DOCX
        return "\n".join(_xlsx_lines(content)), PlanSource.XLSX
    if lower.endswith(".txt"):
        return "\n".join(_plain_lines(content)), PlanSource.TEXT
    if lower.endswith(".doc") or lower.endswith(".xls"):
        raise ValidationError({"file": "不支持旧版Office格式（.doc、.xls），请另存为.docx或.xlsx后导入"})
    raise ValidationError({"file": "只能导入Word（.docx）、Excel（.xlsx）或文本（.txt）文件"})


@dataclass
class Preview:
    """What the review screen shows: the outline and its counts by numbering style."""

    text: str
    outline: Outline

    @property
    def total(self) -> int:
        return self.outline.count()

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(STYLE_NAMES[code], n) for code, n in self.outline.count_by_style().items()]

    @property
    def counts_text(self) -> str:
        return "，".join([*(f"“{label}”{n}项" for label, n in self.counts), f"共{self.total}项"])

    @property
    def rows(self) -> list[tuple[int, Item]]:
        """(depth, item) in document order, for the indented tree of the review screen."""
        found: list[tuple[int, Item]] = []

        def walk(items: list[Item], depth: int) -> None:
            for item in items:
                found.append((depth, item))
                walk(item.children, depth + 1)
        walk(self.outline.items, 0)
        return found


def preview(text: str) -> Preview:
    """The outline of ``text``; refused when it holds no numbered item (nothing to import)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请上传文件或粘贴工作计划的文本"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"文本超过{MAX_TEXT}字，请拆分后导入"})
    outline = parse(text)
    if outline.count() == 0:
        raise ValidationError({"text": "未识别到带编号的工作事项：请确认各级标题以“一、”“（一）”“1.”"
                                       "等编号开头"})
    if outline.count() > MAX_ITEMS:
        raise ValidationError({"text": f"识别到的事项超过{MAX_ITEMS}项，请拆分后导入"})
    return Preview(text, outline)


@transaction.atomic
def import_plan(data: dict[str, Any], text: str, *, actor: Actor, source: str = PlanSource.TEXT,
                source_name: str = "") -> WorkPlan:
    """Create the plan (``data``: year, title, issuer, doc_number, region) and its items
    from the reviewed ``text``; every item is carried out by the plan's region until it
    is assigned. Refused whole (nothing saved) on a bad field, an empty outline or a
    region outside the actor's scope."""
    check_permission(actor, WorkPlan, "add")
    found = preview(text)
    outline = found.outline
    region = data.get("region")
    if not isinstance(region, Region):
        raise ValidationError({"region": "请选择适用区域"})
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": "请填写计划年度（2000年至2100年）"})
    plan = WorkPlan(year=year, title=(data.get("title") or outline.title or "").strip(),
                    issuer=(data.get("issuer") or "").strip(),
                    doc_number=(data.get("doc_number") or "").strip(), region=region,
                    preamble=outline.preamble[:20_000], source=source,
                    source_name=source_name[:200], item_count=found.total,
                    counts=outline.count_by_style(), imported_by=actor.user)
    if not plan.title:
        raise ValidationError({"title": "未识别到计划名称，请填写"})
    plan.full_clean()
    check_scope(actor, plan)
    plan.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=plan, after=audit.snapshot(plan),
                 detail=f"导入工作计划：{found.counts_text}")
    order = [0]

    def save(item: Item, parent: WorkItem | None, level: int) -> None:
        order[0] += 1
        row = WorkItem(plan=plan, parent=parent, order=order[0], level=level, style=item.style,
                       number=item.number, label=item.label[:16], title=item.title[:200],
                       body=item.body[:20_000], region=region)
        row.save()
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
        for child in item.children:
            save(child, row, level + 1)

    for top in outline.items:
        save(top, None, 0)
    events.emit("workplan.imported", actor=actor, obj=plan,
                summary=f"导入工作计划《{plan.title}》：{found.counts_text}")
    return plan

