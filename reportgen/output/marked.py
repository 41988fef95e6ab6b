"""A ledger handed back with its problems marked: each cell at fault red (warnings yellow), with
the message as the cell's comment, so the officer fixes it in Excel where it is.

An ``.xlsx`` or ``.xlsm`` is marked in a copy of itself (its layout and other sheets kept); a CSV
or ``.xls`` file, which cannot hold colours, comes back as a new workbook of its cells as read.
Cells are found by the problem's sheet, Excel row and column header, as ``validate`` names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.errors import InputUnreadable
from reportgen.intake.read import read_source
from reportgen.output.sheets import cell
from reportgen.output.write import atomic_output
from reportgen.problems import Problem, Severity

FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
"""Excel's own colours for bad and neutral cells."""
HEADER_SEARCH = 50
"""How far down a sheet its header row is looked for."""


def mark_problems(
    source: Path, problems: Iterable[Problem], target: Path, force: bool = False
) -> Path:
    """Write ``target``: the ledger of ``source`` with every problem's cell marked."""
    workbook = _workbook(source)
    for problem in problems:
        sheet = _sheet(workbook, problem.sheet)
        if sheet is not None and problem.row:
            _mark(sheet, problem)
    with atomic_output(target, force) as temporary:
        workbook.save(temporary)
    return target


def _workbook(source: Path) -> Workbook:
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return load_workbook(source)
    if suffix not in (".csv", ".xls"):
        raise InputUnreadable(
            f"{source.name}：只有表格（.xlsx、.xlsm、.xls、.csv）能标出出错的格子"
        )
    workbook = Workbook()
    del workbook[workbook.sheetnames[0]]
    for title, grid in read_source(source).grids.items():
        sheet = workbook.create_sheet(title or "台账")
        for values in grid:
            sheet.append([cell(sheet, value) for value in values])
    return workbook


def _sheet(workbook: Workbook, title: str) -> Worksheet | None:
    if title in workbook.sheetnames:
        found = workbook[title]
    elif not title and workbook.sheetnames:
        found = workbook[workbook.sheetnames[0]]
    else:
        return None
    return found if isinstance(found, Worksheet) else None


def _mark(sheet: Worksheet, problem: Problem) -> None:
    """Fill the problem's cell (the whole row when it names no column) and add the message."""
    row = problem.row or 0
    column = _column(sheet, problem.column, row) if problem.column else None
    fill = FILLS[problem.severity]
    note = f"{'错误' if problem.severity is Severity.ERROR else '警告'}：{problem.message}"
    if column is None:
        cells = list(sheet[row]) if row <= sheet.max_row else []
        targets = [c for c in cells if c.value is not None] or cells[:1]
    else:
        targets = [sheet.cell(row, column)]
    for target in targets:
        if target.fill != FILLS[Severity.ERROR]:  # a warning never hides an error
            target.fill = fill
    first = targets[0] if targets else sheet.cell(row, 1)
    text = f"{first.comment.text}\n{note}" if first.comment else note
    first.comment = Comment(text, "reportgen")


def _column(sheet: Worksheet, header: str, row: int) -> int | None:
    """The column whose header (in a row above ``row``) is the problem's, nearest above it."""
    wanted = header.strip()
    found = None
    last = min(row - 1, HEADER_SEARCH)
    for values in sheet.iter_rows(min_row=1, max_row=last, values_only=True):
        for index, value in enumerate(values, 1):
            if value is not None and str(value).strip() == wanted:
                found = index
    return found
