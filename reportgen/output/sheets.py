"""Excel sheets as staff expect them: a title, bold headers, frozen, filtered, sized, safe.

Every workbook reportgen writes (the blank ledger, the exported 台账, the work list) goes through
these helpers, so they all share the same habits:

- ID numbers and phone numbers are text (Excel would turn 18 digits into 4.1052E+17 and lose three);
- dates are real dates shown as 2026-11-23;
- every cell is data, never a formula: text is always written as text, and text that begins with
  ``=``, ``+``, ``-`` or ``@`` carries Excel's quote prefix besides, so that editing the cell in
  Excel keeps it text — a ledger cell (or column header) typed ``=HYPERLINK(...)`` must not run when
  an inspector opens the file;
- text is stored as Excel reads it back: control characters as Excel's own ``_x0001_`` escapes,
  a literal ``_x0001_`` escaped in turn (XlsxWriter does both), lone surrogates and the
  non-characters U+FFFE/U+FFFF (which no file can hold) as U+FFFD;
- drop-down lists on the coded columns, so a new row can only hold a code the county knows.

The workbooks are written with XlsxWriter in its constant-memory mode: each row goes to disk as it
is appended, so a ledger of 100,000 rows stays small in memory, and it writes cells several times
faster than openpyxl. Its row files are kept in a hidden folder beside the output, removed when the
workbook is done or abandoned (or, after a kill, by the next batch in that folder), so that no
child's data is left in the system's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reportgen.errors import ReportgenError
from reportgen.output.staging import OWNER, PREFIX
from reportgen.output.write import atomic_output, refuse_existing
from reportgen.running import batch_id

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-m-d"
TIME_FORMATS = {dt.time: "h:mm:ss", dt.timedelta: "[h]:mm:ss"}
LIST_ROWS = 10000
"""How far down a drop-down list reaches, so rows added by hand get it too."""
LIST_LIMIT = 255
"""The most characters Excel keeps in a drop-down list written into the file, and in its message."""
TITLE_LIMIT = 32
"""The most characters of a drop-down's error title."""
ROW_LIMIT = 1_048_576
COLUMN_LIMIT = 16_384
CELL_LIMIT = 32_767
"""The most rows and columns of a sheet, and characters (UTF-16 units) of a cell, Excel holds."""
LONG_TEXT = CELL_LIMIT // 2
"""Text no longer than this fits in a cell whatever its characters."""


class TooLarge(ReportgenError):
    """A sheet or a cell holds more than Excel can: nothing is written rather than cut short."""


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet: its header, width, and how its cells are stored."""

    header: str
    width: float = 12
    text: bool = False
    """Stored as text whatever it looks like (ID numbers, phone numbers)."""
    choices: tuple[str, ...] = ()
    """The drop-down list of allowed values, if any."""


@dataclass(frozen=True)
class Styled:
    """Text (or a blank) with the format its cell needs: text, quote prefix, bold header."""

    value: str | None
    format: Format


class Book:
    """A workbook being written, with each cell format made once."""

    def __init__(self, path: Path, scratch: Path) -> None:
        options = {"constant_memory": True, "tmpdir": str(scratch), "nan_inf_to_errors": True}
        self.xlsx = Workbook(str(path), options)
        self.formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.sheets: list[Sheet] = []
        self.text = self.format(num_format="@")
        self.quoted = self.format(quote_prefix=True)
        self.quoted_text = self.format(num_format="@", quote_prefix=True)
        self.date = self.format(num_format=DATE_FORMAT)
        self.times = {kind: self.format(num_format=shown) for kind, shown in TIME_FORMATS.items()}

    def format(self, **properties: Any) -> Format:
        """The workbook's format of these properties, made the first time it is asked for."""
        key = tuple(sorted(properties.items()))
        if key not in self.formats:
            self.formats[key] = self.xlsx.add_format(properties)
        return self.formats[key]

    def add_sheet(self, title: str) -> Sheet:
        """A new sheet, after the others."""
        sheet = Sheet(self, self.xlsx.add_worksheet(title))
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Write the workbook; a write the machine refuses is the OSError it was."""
        try:
            self.xlsx.close()
        except FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else error from None

    def abandon(self) -> None:
        """Close the row files of a workbook that will not be written, and never write it.

        A row file left open would fail again when collected at exit (its last rows cannot be
        written either) and print a traceback after reportgen's message; closed now, it fails
        here, quietly, once.
        """
        self.xlsx.fileclosed = True
        for sheet in self.sheets:
            with suppress(OSError):
                sheet.worksheet._opt_close()


class Sheet:
    """One sheet, filled a row at a time from the top."""

    def __init__(self, book: Book, worksheet: Worksheet) -> None:
        self.book = book
        self.worksheet = worksheet
        self.row = 0
        """The next row to write, from 0."""
        # XlsxWriter's public write_string and write_number first try whether they were given a
        # cell name ("A1") instead of numbers, a tenth of an export's time; the methods they hand
        # on to take the row and column as numbers. Those are used where this XlsxWriter has them.
        self._write_string = getattr(worksheet, "_write_string", worksheet.write_string)
        self._write_number = getattr(worksheet, "_write_number", worksheet.write_number)
        self._write_datetime = getattr(worksheet, "_write_datetime", worksheet.write_datetime)

    def append(self, values: Iterable[Any]) -> None:
        """The next row: each value as :func:`cell` would store it, None as an empty cell.

        Text, numbers, dates and formatted text, nearly every cell, are written here directly: a
        ledger export is millions of cells, and each function call less is a second less.
        """
        row, sheet = self.row, self.worksheet
        if row >= ROW_LIMIT:
            raise TooLarge(
                f"工作表「{sheet.name}」超过了 Excel 的 {ROW_LIMIT:,} 行上限，无法写完；未生成"
            )
        write_string, write_number = self._write_string, self._write_number
        write_datetime, date = self._write_datetime, self.book.date
        for column, value in enumerate(values):
            kind = value.__class__
            if kind is str:
                if (
                    value.startswith(FORMULA_STARTS)
                    or len(value) > LONG_TEXT
                    or _UNSTORABLE.search(value)
                ):
                    self._text(row, column, value)
                else:
                    write_string(row, column, value)
            elif kind is int or kind is float:
                write_number(row, column, value)
            elif kind is dt.date or kind is dt.datetime:
                write_datetime(row, column, value, date)
            elif kind is Styled and value.value is not None:
                write_string(row, column, self._fits(row, column, value.value), value.format)
            elif value is not None:
                self._other(row, column, value)
        self.row = row + 1

    def title(self, text: str, columns: int) -> None:
        """The next row: a title centred across ``columns`` columns."""
        look = {"bold": True, "font_size": 16, "align": "center"}
        value = _text_value(self.book, text, look)
        self.worksheet.merge_range(self.row, 0, self.row, columns - 1, value.value, value.format)
        self.row += 1

    def _other(self, row: int, column: int, value: Any) -> None:
        """A value of another kind: a date, a formatted cell, a truth value, a time or duration."""
        sheet, book = self.worksheet, self.book
        if isinstance(value, Styled):
            if value.value is None:
                sheet.write_blank(row, column, None, value.format)
            else:
                sheet.write_string(row, column, self._fits(row, column, value.value), value.format)
        elif isinstance(value, dt.date):  # a datetime too
            sheet.write_datetime(row, column, value, book.date)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        elif isinstance(value, dt.time | dt.timedelta):
            shown = book.times[dt.time if isinstance(value, dt.time) else dt.timedelta]
            sheet.write_datetime(row, column, value, shown)
        else:  # text of another class, or anything else as its text
            self._text(row, column, str(value))

    def _text(self, row: int, column: int, text: str) -> None:
        """Text that may start like a formula, hold what no file can, or be very long."""
        text = self._fits(row, column, storable(text))
        quoted = self.book.quoted if text.startswith(FORMULA_STARTS) else None
        self.worksheet.write_string(row, column, text, quoted)

    def _fits(self, row: int, column: int, text: str) -> str:
        """Text that fits in a cell; longer text is refused rather than cut short."""
        if len(text) > LONG_TEXT and len(text.encode("utf-16-le")) // 2 > CELL_LIMIT:
            raise TooLarge(
                f"工作表「{self.worksheet.name}」第 {row + 1} 行第 {column + 1} 列的文字有 "
                f"{len(text):,} 个字符，超过了 Excel 一格能存的 {CELL_LIMIT:,} 个；未生成"
            )
        return text


@contextmanager
def workbook_at(target: Path, force: bool = False) -> Iterator[Book]:
    """A workbook to fill in the block, saved to ``target`` when the block ends, whole or not at all.

    An existing ``target`` is refused before any work, unless ``force``.
    """
    refuse_existing([target], force)
    with atomic_output(target, force) as temporary, _scratch(target.parent) as scratch:
        book = Book(temporary, scratch)
        try:
            yield book
            book.close()
        except BaseException:
            book.abandon()
            raise


@contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A hidden folder beside the output for the rows being written, removed afterwards.

    It is named and owned as a batch's staging folder is, so that a batch starting in the same
    folder leaves it alone while this process runs, and removes it if this process was killed.
    """
    scratch = Path(tempfile.mkdtemp(prefix=f"{PREFIX}rows-", dir=folder))
    try:
        (scratch / OWNER).write_text(batch_id(), encoding="utf-8")
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def add_sheet(workbook: Book, title: str) -> Sheet:
    """A new sheet; its settings (freeze, widths, lists) may come before or after its rows."""
    return workbook.add_sheet(title)


def cell(sheet: Sheet, value: Any, *, text: bool = False) -> Any:
    """A cell that holds exactly what it shows: text stays text, dates are dates, no formulas.

    A plain number or text needs no format and is passed on as it is.
    """
    if text:
        shown = value if value is None or isinstance(value, str) else str(value)
        risky = shown is not None and shown.startswith(FORMULA_STARTS)
        book = sheet.book
        look = book.quoted_text if risky else book.text
        return Styled(None if shown is None else storable(shown), look)
    return value


_UNSTORABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""What no xlsx can hold, not even escaped: lone surrogates and the two non-characters."""


def storable(text: str) -> str:
    """Text written so that Excel and calamine read back ``text`` (U+FFFD for what cannot be)."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def _text_value(book: Book, text: str, look: dict[str, Any]) -> Styled:
    """Text in a format of its own, with the quote prefix if it starts like a formula."""
    risky = text.startswith(FORMULA_STARTS)
    return Styled(storable(text), book.format(**look, quote_prefix=risky))


def header_cell(sheet: Sheet, text: str) -> Styled:
    """A bold, centred, wrapping header."""
    look = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
    return _text_value(sheet.book, text, look)


def prepare(
    sheet: Sheet, columns: Sequence[SheetColumn], header_row: int, *, filters: int | None = None
) -> None:
    """Widths, the frozen header, drop-down lists and (given the last row) filters of a table.

    ``header_row`` and ``filters`` count from 1, as Excel shows rows.
    """
    worksheet = sheet.worksheet
    if len(columns) > COLUMN_LIMIT:
        raise TooLarge(
            f"工作表「{worksheet.name}」有 {len(columns):,} 列，超过了 Excel 的 {COLUMN_LIMIT:,} 列上限；未生成"
        )
    worksheet.freeze_panes(header_row, 0)
    if filters is not None:
        last = max(filters, header_row + 1)
        worksheet.autofilter(header_row - 1, 0, last - 1, len(columns) - 1)
    for position, column in enumerate(columns):
        worksheet.set_column(position, position, column.width)
        if column.choices:
            _choices(worksheet, column, position, header_row)


def _choices(worksheet: Worksheet, column: SheetColumn, position: int, first_row: int) -> None:
    """A drop-down list down a column; a list longer than Excel can keep gets none."""
    listed = ",".join(column.choices).replace('"', '""')
    if len(listed) > LIST_LIMIT:
        return
    worksheet.data_validation(
        first_row,
        position,
        first_row + LIST_ROWS - 1,
        position,
        {
            "validate": "list",
            "source": f'"{listed}"',
            "ignore_blank": True,
            "show_error": True,
            "error_title": column.header[:TITLE_LIMIT],
            "error_message": f"请从下拉列表中选择：{'、'.join(column.choices)}"[:LIST_LIMIT],
        },
    )


def write_table(
    workbook: Book,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
    count: int,
) -> Sheet:
    """A sheet holding one table: an optional heading row, the headers, then ``count`` rows."""
    sheet = add_sheet(workbook, title)
    header_row = 2 if heading else 1
    prepare(sheet, columns, header_row, filters=header_row + count)
    if heading:
        sheet.title(heading, len(columns))
    sheet.append([header_cell(sheet, column.header) for column in columns])
    texts = [position for position, column in enumerate(columns) if column.text]
    for values in rows:
        if texts:
            stored = list(values)
            for position in texts:
                stored[position] = cell(sheet, stored[position], text=True)
            sheet.append(stored)
        else:
            sheet.append(values)
    return sheet
