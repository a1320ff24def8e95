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


def test_a_document_of_titled_parts_and_its_download() -> None:
    """Without a title the document starts with its first part's own title; the
    download names the file in any characters."""
    from docx import Document
    from docx.shared import Pt

    from yingji.core.documents import DOCX_TYPE, add_title, docx_response

    document = word_document(size=10)
    add_title(document, "抢险救援组处置卡", size=14)
    read = Document(io.BytesIO(document_bytes(document)))
    assert [p.text for p in read.paragraphs] == ["抢险救援组处置卡"]
    run = read.paragraphs[0].runs[0]
    assert run.bold and run.font.size == Pt(14)
    response = docx_response(b"content", "预案 处置卡.docx")
    assert response["Content-Type"] == DOCX_TYPE and response.content == b"content"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E9%A2%84%E6%A1%88%20%E5%A4%84%E7%BD%AE%E5%8D%A1.docx")
