"""Excel (.xlsx) export of list pages: the same filtered, scoped rows as on screen.

Rows stream through openpyxl's write-only mode, so memory stays flat for large
exports. Text is always written as text: a value starting with "=" never becomes a
formula (CSV/Excel injection), and characters Excel cannot hold are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")


def excel_value(value: Any) -> Any:
    """A value openpyxl can store: local naive datetimes, numbers, or text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, date | time | int | float | Decimal):
        return value
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value=excel_value(value))
    if cell.data_type in ("f", "e"):
        cell.data_type = "s"  # text that looks like a formula or error code stays text
    if isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def build_workbook(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "数据"
) -> bytes:
    """The bytes of an .xlsx file: one sheet, a bold Chinese header row, then ``rows``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(header) * 2 + 4))
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment response; the Chinese file name is sent RFC 6266-encoded."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def export_filename(label: str) -> str:
    return f"{label}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in '[]:*?/\\')
    return (cleaned or "数据")[:31]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
