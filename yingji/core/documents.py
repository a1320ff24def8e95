"""Word documents in the bureaus' house style (python-docx): 仿宋 body, a centred bold
title, bordered tables. Modules build their 快报, 签领表 and notices with these."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse


def word_document(title: str = "", *, subtitle: str = "", font: str = "仿宋", size: int = 12,
                  title_size: int = 18) -> Any:
    """A new document with its Normal style set for Chinese text and the title on top
    (none when ``title`` is empty: a document of several titled parts adds its own)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if title:
        add_title(document, title, size=title_size)
    if subtitle:
        line = document.add_paragraph(subtitle)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def add_title(document: Any, text: str, *, size: int = 18) -> Any:
    """A centred bold title paragraph (the document's, or one part's: a card, an annex)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    return heading


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
    """The saved .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A Word file as a download named ``filename`` (any characters: RFC 5987 encoded)."""
    from urllib.parse import quote

    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
