"""Word documents in the bureaus' house style (python-docx): 仿宋 body, a centred bold
title, bordered tables. Modules build their 快报, 签领表 and notices with these."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any


def word_document(title: str, *, subtitle: str = "", font: str = "仿宋", size: int = 12) -> Any:
    """A new document with its Normal style set for Chinese text and the title on top."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    if subtitle:
        line = document.add_paragraph(subtitle)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def add_table(document: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A bordered table with a bold header row; values are written as text."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    return table


def document_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
