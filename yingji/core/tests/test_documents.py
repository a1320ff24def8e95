"""The shared Word helpers: the document opens (python-docx and LibreOffice) and holds
the title and the table as written."""

from __future__ import annotations

import io

from yingji.core.documents import add_table, document_bytes, word_document


def test_a_document_keeps_its_title_and_table() -> None:
    from docx import Document

    document = word_document("灾情快报", subtitle="第1期")
    add_table(document, ["区划", "受灾人口"], [["江岸区", 120], ["武昌区", None]])
    content = document_bytes(document)
    read = Document(io.BytesIO(content))
    assert read.paragraphs[0].text == "灾情快报" and read.paragraphs[1].text == "第1期"
    cells = [[c.text for c in row.cells] for row in read.tables[0].rows]
    assert cells == [["区划", "受灾人口"], ["江岸区", "120"], ["武昌区", ""]]


def test_the_document_opens_in_libreoffice() -> None:
    from yingji.core.testing import libreoffice_pdf

    document = word_document("签领表")
    add_table(document, ["姓名"], [["张*"]])
    assert libreoffice_pdf(document_bytes(document), ".docx").startswith(b"%PDF")
