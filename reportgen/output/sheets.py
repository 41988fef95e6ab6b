"""Excel sheets as staff expect them: a title, bold headers, frozen, filtered, sized, safe.

Every workbook reportgen writes (the blank ledger, the exported 台账, the work list, the figures)
goes through these helpers, so they all share the same habits:

- ID numbers and phone numbers are text (Excel would turn 18 digits into 4.1052E+17 and lose three);
- dates are real dates shown as 2026-11-23;
- text that begins with ``=``, ``+``, ``-`` or ``@`` is stored as text with Excel's quote prefix, never
  as a formula — a ledger cell typed ``=HYPERLINK(...)`` must not run when an inspector opens the file;
- drop-down lists on the coded columns, so a new row can only hold a code the county knows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reportgen.output.write import atomic_output

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-m-d"
LIST_ROWS = 10000
"""How far down a drop-down list reaches, so rows added by hand get it too."""


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet: its header, width, and how its cells are stored."""

    header: str
    width: float = 12
    text: bool = False
    """Stored as text whatever it looks like (ID numbers, phone numbers)."""
    choices: tuple[str, ...] = ()
    """The drop-down list of allowed values, if any."""


def new_workbook() -> Workbook:
    """A write-only workbook: rows stream to disk, so a ledger of 100,000 rows stays small in memory."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str) -> Worksheet:
    """A new write-only sheet; it takes the same settings (freeze, widths, lists) as a full one."""
    return cast(Worksheet, workbook.create_sheet(title))


def cell(sheet: Worksheet, value: Any, *, text: bool = False) -> Any:
    """A cell that holds exactly what it shows: text stays text, dates are dates, no formulas.

    A plain number or text needs no styling and is passed on as a bare value, which write-only
    sheets store several times faster than a cell object.
    """
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    risky = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not (text or risky or isinstance(value, dt.date)):
        return value
    written = WriteOnlyCell(sheet, value)
    if risky:
        written.data_type = "s"
        written.quotePrefix = True
    if text:
        written.number_format = "@"
    elif isinstance(value, dt.date):
        written.number_format = DATE_FORMAT
    return written


def header_cell(sheet: Worksheet, text: str) -> Cell:
    """A bold, centred, wrapping header."""
    written = WriteOnlyCell(sheet, text)
    written.font = Font(bold=True)
    written.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return written


def title_cell(sheet: Worksheet, text: str) -> Cell:
    """The large centred title above a table."""
    written = WriteOnlyCell(sheet, text)
    written.font = Font(bold=True, size=16)
    written.alignment = Alignment(horizontal="center")
    return written


def prepare(
    sheet: Worksheet, columns: Sequence[SheetColumn], header_row: int, *, filters: int | None = None
) -> None:
    """Widths, the frozen header, drop-down lists and (given the last row) filters of a table.

    Write-only sheets need these set before the first row is appended.
    """
    last = get_column_letter(len(columns))
    sheet.freeze_panes = f"A{header_row + 1}"
    if filters is not None:
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(filters, header_row + 1)}"
    for position, column in enumerate(columns, 1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            sheet.data_validations.append(_choices(column, letter, header_row + 1))


def _choices(column: SheetColumn, letter: str, first_row: int) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(column.choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=column.header,
        error=f"请从下拉列表中选择：{'、'.join(column.choices)}",
    )
    validation.add(f"{letter}{first_row}:{letter}{first_row + LIST_ROWS - 1}")
    return validation


def write_table(
    workbook: Workbook,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    count: int,
) -> Worksheet:
    """A sheet holding one table: an optional heading row, the headers, then ``count`` rows."""
    sheet = add_sheet(workbook, title)
    header_row = 2 if heading else 1
    prepare(sheet, columns, header_row, filters=header_row + count)
    if heading:
        sheet.merged_cells.ranges.add(f"A1:{get_column_letter(len(columns))}1")
        sheet.append([title_cell(sheet, heading)])
    sheet.append([header_cell(sheet, column.header) for column in columns])
    texts = [column.text for column in columns]
    for values in rows:
        sheet.append(
            [cell(sheet, value, text=text) for value, text in zip(values, texts, strict=True)]
        )
    return sheet


def save(workbook: Workbook, target: Path, force: bool = False) -> Path:
    """Save a workbook atomically: whole or not at all, never over a file without ``force``.

    This is openpyxl's ``Workbook.save`` with everything closed on failure too: when the disk fills
    up, openpyxl leaves the archive and the sheets' row streams open, and their clean-up fails
    again at exit, printing tracebacks after reportgen's message.
    """
    with atomic_output(target, force) as temporary:
        try:
            with ZipFile(temporary, "w", ZIP_DEFLATED, allowZip64=True) as archive:
                ExcelWriter(workbook, archive).save()
        except BaseException:
            _finish_streams(workbook)
            raise
    return target


def _finish_streams(workbook: Workbook) -> None:
    """Close the row streams of sheets a failed save did not reach.

    A write-only sheet streams its rows through a generator; one left suspended fails when it is
    collected (at exit, after the message) and prints a traceback of its own.
    """
    for sheet in workbook.worksheets:
        if isinstance(sheet, WriteOnlyWorksheet) and not sheet.closed:
            with suppress(Exception):
                sheet.close()
