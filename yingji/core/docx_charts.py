"""Charts inside Word documents: a native DrawingML chart (柱状图、折线图) with its data in
an embedded workbook, so Word and LibreOffice draw it with the reader's fonts (Chinese
labels need no imaging package on the server) and the analyst can edit its data in
Word (编辑数据). Used with ``core.documents`` for reports generated from the platform's
data."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any
from xml.sax.saxutils import escape

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_CM = 360000
_ids = count(1)


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name and one value per category (None: no value)."""

    name: str
    values: Sequence[float | None]


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _workbook(categories: Sequence[str], series: Sequence[Series]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["", *[s.name for s in series]])
    for i, category in enumerate(categories):
        sheet.append([category, *[s.values[i] for s in series]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _series_xml(kind: str, i: int, one: Series, categories: Sequence[str]) -> str:
    n = len(categories)
    col = _column(i + 1)
    cats = "".join(f'<c:pt idx="{k}"><c:v>{escape(c)}</c:v></c:pt>' for k, c in enumerate(categories))
    vals = "".join(f'<c:pt idx="{k}"><c:v>{v:g}</c:v></c:pt>'
                   for k, v in enumerate(one.values) if v is not None)
    marker = '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' if kind == "line" else ""
    invert = '<c:invertIfNegative val="0"/>' if kind == "bar" else ""
    smooth = '<c:smooth val="0"/>' if kind == "line" else ""
    return (f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f'<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{escape(one.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'{invert}{marker}'
            f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache><c:ptCount val="{n}"/>'
            f'{cats}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${n + 1}</c:f><c:numCache>'
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{vals}'
            '</c:numCache></c:numRef></c:val>'
            f'{smooth}</c:ser>')


def chart_xml(kind: str, title: str, categories: Sequence[str], series: Sequence[Series]) -> str:
    """The chart part (``kind`` "bar": clustered columns; "line": lines with markers)."""
    if kind not in ("bar", "line"):
        raise ValueError(f"unknown chart kind {kind!r}")
    body = "".join(_series_xml(kind, i, s, categories) for i, s in enumerate(series))
    if kind == "bar":
        plot = (f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
                f'{body}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>')
    else:
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{body}'
                f'<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{CHART_NS}" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>{escape(title)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/>{plot}'
        '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>')


def add_chart(document: Any, kind: str, title: str, categories: Sequence[str],
              series: Sequence[Series], *, width_cm: float = 15, height_cm: float = 7.5) -> Any:
    """Add a chart in a paragraph of its own at the end of ``document`` (python-docx);
    returns the paragraph."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    if not categories or not series or any(len(s.values) != len(categories) for s in series):
        raise ValueError("a chart needs categories and one value per category in each series")
    package = document.part.package
    number = next(_ids)
    while any(str(p.partname) == f"/word/charts/chart{number}.xml" for p in package.iter_parts()):
        number = next(_ids)
    chart = Part(PackURI(f"/word/charts/chart{number}.xml"), CONTENT_TYPE.DML_CHART,
                 chart_xml(kind, title, categories, series).encode(), package)
    book = Part(PackURI(f"/word/embeddings/Workbook{number}.xlsx"), CONTENT_TYPE.SML_SHEET,
                _workbook(categories, series), package)
    chart.rels.get_or_add(RELATIONSHIP_TYPE.PACKAGE, book)  # rId1, named in chart_xml
    rid = document.part.relate_to(chart, RELATIONSHIP_TYPE.CHART)
    cx, cy = int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM)
    inline = parse_xml(
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:c="{CHART_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="图表 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_NS}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic>'
        '</wp:inline>')
    paragraph = document.add_paragraph()
    paragraph.alignment = 1
    run = paragraph.add_run()
    drawing = parse_xml('<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    drawing.append(inline)
    run._r.append(drawing)
    return paragraph
