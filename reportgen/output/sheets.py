"""Excel sheets as staff expect them: a title, bold headers, frozen, filtered, sized, safe.

Every workbook reportgen writes (the blank ledger, the exported 台账, the work list, the figures)
goes through these helpers, so they all share the same habits:

- ID numbers and phone numbers are text (Excel would turn 18 digits into 4.1052E+17 and lose three);
- dates are real dates shown as 2026-11-23;
- text that begins with ``=``, ``+``, ``-`` or ``@`` is stored as text with Excel's quote prefix, never
  as a formula — a ledger cell (or column header) typed ``=HYPERLINK(...)`` must not run when an
  inspector opens the file;
- text is stored as Excel reads it back: control characters as Excel's own ``_x0001_`` escapes,
  a literal ``_x0001_`` escaped in turn, lone surrogates (which no file can hold) as U+FFFD;
- drop-down lists on the coded columns, so a new row can only hold a code the county knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from reportgen.output.write import atomic_output, refuse_existing

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


@contextmanager
def workbook_at(target: Path, force: bool = False) -> Iterator[Workbook]:
    """A workbook to fill in the block, saved to ``target`` when the block ends, whole or not at all.

    The workbook is write-only: rows stream to disk, so a ledger of 100,000 rows stays small in
    memory. An existing ``target`` is refused before any work, unless ``force``.
    """
    refuse_existing([target], force)
    workbook = Workbook(write_only=True)
    try:
        yield workbook
        _save(workbook, target, force)
    except BaseException:
        _abandon(workbook)
        raise


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
    if isinstance(value, str):
        value = storable(value)
    risky = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not (text or risky or isinstance(value, dt.date)):
        return value
    written = _text_cell(sheet, value) if risky else WriteOnlyCell(sheet, value)
    if text:
        written.number_format = "@"
    elif isinstance(value, dt.date):
        written.number_format = DATE_FORMAT
    return written


_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
"""What an xlsx cannot hold as it is: XML-illegal characters, and text that looks like an escape."""


def storable(text: str) -> str:
    """Text written so that Excel and calamine read back ``text`` (U+FFFD for a lone surrogate)."""
    return _UNSTORABLE.sub(_escape, text) if _UNSTORABLE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if found.startswith("_x"):
        return "_x005F_" + found[1:]
    if found <= "\x1f":
        return f"_x{ord(found):04X}_"
    return "\ufffd"


def _text_cell(sheet: Worksheet, text: str) -> Cell:
    """A cell holding text as text, even text that starts like a formula."""
    written = WriteOnlyCell(sheet, storable(text))
    if text.startswith(FORMULA_STARTS):
        written.data_type = "s"
        written.quotePrefix = True
    return written


def header_cell(sheet: Worksheet, text: str) -> Cell:
    """A bold, centred, wrapping header."""
    written = _text_cell(sheet, text)
    written.font = Font(bold=True)
    written.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return written


def title_cell(sheet: Worksheet, text: str) -> Cell:
    """The large centred title above a table."""
    written = _text_cell(sheet, text)
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
        formula1='"' + ",".join(column.choices).replace('"', '""') + '"',
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


def _save(workbook: Workbook, target: Path, force: bool) -> None:
    """openpyxl's ``Workbook.save``, but with the archive closed on failure too.

    openpyxl leaves the archive open when a write fails (a full disk), and closing it fails
    again when it is collected at exit, printing a traceback after reportgen's message.
    """
    with (
        atomic_output(target, force) as temporary,
        ZipFile(temporary, "w", ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        ExcelWriter(workbook, archive).save()


def _abandon(workbook: Workbook) -> None:
    """Close the row streams of a workbook that will not be saved.

    A write-only sheet streams its rows through generators; one left suspended (by Ctrl-C, a
    full disk, an error half-way) fails when it is collected at exit and prints a traceback
    after reportgen's message. Closed now, it fails here, quietly, once.
    """
    for sheet in workbook.worksheets:
        streams = (
            getattr(sheet, "_rows", None),
            getattr(getattr(sheet, "_writer", None), "xf", None),
        )
        for stream in streams:
            if isinstance(stream, Generator):
                with suppress(Exception):
                    stream.close()
