"""Excel (.xlsx) import: a template from a column spec, per-row validation, one savepoint
per row, and a report of (row, column, Chinese reason).

A module describes its import with an ``ImportSpec``: the columns (Chinese header,
type, required, allowed values) and ``save_row``, which gets the parsed values of one
row and calls the module's service (create, or update when the row's key exists).
``run_import`` reads the file with openpyxl, parses every cell, saves each good row in
its own savepoint and leaves every bad row out whole: a row either imports completely
or not at all. A file that is not a readable workbook, or lacks required columns, is
refused with ``ImportFileError`` before anything is saved.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from yingji.core import audit
from yingji.core.actor import Actor

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")
TRUE_WORDS = {"是", "有", "true", "1", "y", "yes", "√"}
FALSE_WORDS = {"否", "无", "false", "0", "n", "no", ""}


class ImportFileError(Exception):
    """The file cannot be imported at all (not a workbook, no sheet, missing columns);
    the message is Chinese and nothing has been saved."""


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import: ``key`` is the name ``save_row`` receives, ``label``
    the Chinese header. ``kind`` is text, int, float, date, bool or choice; ``choices``
    maps stored values to Chinese labels (either is accepted in the file)."""

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Sequence[tuple[str, str]] = ()
    help: str = ""
    example: Any = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ImportSpec:
    """What an import reads and how each row is saved. ``save_row(values, actor)``
    returns True when it created a row, False when it updated one, and raises
    ValidationError (keys = column keys) for a row it refuses."""

    title: str
    columns: tuple[ImportColumn, ...]
    save_row: Callable[[dict[str, Any], Actor], bool]
    object_type: str = ""
    max_rows: int = MAX_ROWS

    def column(self, key: str) -> ImportColumn | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class RowError:
    """One reason a row was left out: Excel row number, column header, reason."""

    row: int
    column: str
    reason: str


@dataclass
class ImportResult:
    """What an import did: rows read, created, updated, and the reasons of bad rows."""

    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def imported(self) -> int:
        return self.created + self.updated


# --- template -------------------------------------------------------------------------


def template_workbook(spec: ImportSpec) -> bytes:
    """The .xlsx template: the header row (required columns marked * and shaded), drop
    -down lists for choice columns, and a 填写说明 sheet describing every column."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = spec.title[:31]
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=_header(column))
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.label) * 2 + 6))
        if column.choices:
            labels = ",".join(label for _, label in column.choices)
            if len(labels) < 250:  # Excel's limit for an inline list
                validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
                validation.error = f"请从下拉列表中选择{column.label}"
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{spec.max_rows + 1}")
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "格式", "可选值", "说明", "示例"])
    for cell in notes[1]:
        cell.font = _HEADER_FONT
    for column in spec.columns:
        notes.append([column.label, "必填" if column.required else "选填", _KIND_NAMES[column.kind],
                      "、".join(label for _, label in column.choices), column.help,
                      "" if column.example is None else str(column.example)])
    for letter, width in zip("ABCDEF", (20, 10, 12, 40, 50, 24), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_KIND_NAMES = {"text": "文本", "int": "整数", "float": "数字", "date": "日期（YYYY-MM-DD）",
               "bool": "是/否", "choice": "从列表选择"}


def _header(column: ImportColumn) -> str:
    return f"{column.label}*" if column.required else column.label


# --- reading --------------------------------------------------------------------------


def read_sheet(content: IO[bytes] | bytes, spec: ImportSpec) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, raw values by column key) for every non-empty data row of the
    first sheet. Raises ImportFileError for an unreadable file or missing columns."""
    data = content if isinstance(content, bytes) else content.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"文件超过{MAX_BYTES // 1024 // 1024}MB，请拆分后分批导入")
    if not data:
        raise ImportFileError("文件为空，请选择填写好的Excel文件")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            TypeError, IndexError) as exc:
        raise ImportFileError("文件不是有效的Excel（.xlsx）文件，请使用下载的导入模板填写后上传") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError("Excel文件中没有工作表")
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError("Excel文件第1行应为列名，但工作表是空的")
        positions = _header_positions(header, spec)
        count = 0
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            count += 1
            if count > spec.max_rows:
                raise ImportFileError(f"数据超过{spec.max_rows}行，请拆分后分批导入")
            yield number, {key: values[index] if index < len(values) else None
                           for key, index in positions.items()}
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:  # damaged inside the zip
        raise ImportFileError("Excel文件已损坏，无法读取") from exc
    finally:
        workbook.close()


def _header_positions(header: Sequence[Any], spec: ImportSpec) -> dict[str, int]:
    labels = {str(v).strip().rstrip("*＊").strip(): i for i, v in enumerate(header) if v is not None}
    positions: dict[str, int] = {}
    for column in spec.columns:
        if column.label in labels:
            positions[column.key] = labels[column.label]
    missing = [c.label for c in spec.columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(f"缺少必填列：{'、'.join(missing)}。请使用下载的导入模板，不要修改第1行的列名")
    return positions


# --- parsing --------------------------------------------------------------------------


class CellError(ValueError):
    """A cell value that does not fit its column (Chinese reason)."""


def parse_cell(column: ImportColumn, raw: Any) -> Any:
    """The typed value of one cell, "" / None for an empty optional cell."""
    empty = raw is None or (isinstance(raw, str) and raw.strip() == "")
    if empty:
        if column.required:
            raise CellError("必填项为空")
        return None if column.kind in ("int", "float", "date") else (
            False if column.kind == "bool" else "")
    if column.kind == "text":
        text = _text(raw)
        if column.max_length and len(text) > column.max_length:
            raise CellError(f"超过{column.max_length}个字符")
        return text
    if column.kind in ("int", "float"):
        return _number(column, raw)
    if column.kind == "date":
        return _date(raw)
    if column.kind == "bool":
        word = _text(raw).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError("应填写“是”或“否”")
    if column.kind == "choice":
        text = _text(raw)
        for value, label in column.choices:
            if text in (value, label):
                return value
        raise CellError(f"“{text}”不是可选值（可选：{'、'.join(name for _, name in column.choices)}）")
    raise CellError("未知的列类型")


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # Excel stores 123 as 123.0
    return str(raw).strip()


def _number(column: ImportColumn, raw: Any) -> int | float:
    try:
        value = float(_text(raw).replace(",", "")) if not isinstance(raw, int | float) else float(raw)
    except ValueError as exc:
        raise CellError(f"应为数字，收到“{_text(raw)}”") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("应为有限的数字")
    if column.kind == "int":
        if not value.is_integer():
            raise CellError("应为整数")
        value = int(value)
    if column.minimum is not None and value < column.minimum:
        raise CellError(f"不能小于{column.minimum:g}")
    if column.maximum is not None and value > column.maximum:
        raise CellError(f"不能大于{column.maximum:g}")
    return value


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _text(raw).replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        text = text.removesuffix(suffix)
    text = text.replace("年", "-").replace("月", "-")
    try:
        return date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError as exc:
        raise CellError(f"日期格式不正确（应为YYYY-MM-DD），收到“{_text(raw)}”") from exc


# --- running --------------------------------------------------------------------------


def run_import(spec: ImportSpec, content: IO[bytes] | bytes, *, actor: Actor) -> ImportResult:
    """Import every good row (each in its own savepoint), leave bad rows out whole, and
    report why. Audited as one entry with the counts."""
    result = ImportResult()
    labels = {c.key: c.label for c in spec.columns}
    rows = list(read_sheet(content, spec))  # a malformed file fails before any save
    for number, raw in rows:
        result.total += 1
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for column in spec.columns:
            if column.key not in raw:
                continue  # an optional column left out of the file keeps existing values
            try:
                values[column.key] = parse_cell(column, raw[column.key])
            except CellError as exc:
                errors.append(RowError(number, column.label, str(exc)))
        if errors:
            result.errors.extend(errors)
            continue
        try:
            with transaction.atomic():
                created = spec.save_row(values, actor)
        except ValidationError as exc:
            result.errors.extend(_row_errors(number, exc, labels))
        except PermissionDenied as exc:
            result.errors.append(RowError(number, "", str(exc) or "没有权限"))
        else:
            if created:
                result.created += 1
            else:
                result.updated += 1
    audit.record(audit.AuditAction.CREATE, actor=actor, object_type=spec.object_type,
                 object_repr=f"导入{spec.title}",
                 detail=f"导入{spec.title}：共{result.total}行，新增{result.created}，"
                        f"更新{result.updated}，未导入{result.failed}行")
    return result


def _row_errors(number: int, exc: ValidationError, labels: Mapping[str, str]) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", message) for message in exc.messages]
    found: list[RowError] = []
    for key, messages in exc.message_dict.items():
        column = "" if key == NON_FIELD_ERRORS else labels.get(key, key)
        found.extend(RowError(number, column, message) for message in messages)
    return found


def report_workbook(result: ImportResult) -> bytes:
    """The error report as .xlsx: row, column, reason."""
    from yingji.core.exports import build_workbook

    return build_workbook(["行号", "列", "原因"],
                          ([e.row, e.column, e.reason] for e in result.errors), title="导入错误")
