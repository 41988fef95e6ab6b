"""Characters no document can hold, found in the cell they arrive in, before anything reads them.

DOCX and XLSX are XML, and XML has no place for most control characters (U+0000–U+0008, U+000B,
U+000C, U+000E–U+001F), for a lone surrogate or for U+FFFE/U+FFFF: one of them in a case makes a
notice Word cannot open, and an exported ledger openpyxl will not write. Excel keeps such a
character in a workbook as ``_x0001_``, which reads back as the character or as that text, so
that spelling is refused too. Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
are valid XML but reorder what follows them: a name carrying U+202E prints backwards on a notice
served to a family, and makes any message quoting it unreadable. No legitimate ledger needs one,
so they are refused as well — an error, not a warning, since a warned row would still be printed.

Every such cell is refused with its place, its value shown with each character written as its
code ([U+202E]) so the message itself prints and reads, and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportgen.intake.read import Column, Row, Table

_CHARACTER = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
_EXCEL_ESCAPE = (
    r"_x(?:00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF])_"
)
UNSAFE = re.compile(f"{_CHARACTER}|{_EXCEL_ESCAPE}")
"""One character a document cannot hold (or should not), or Excel's ``_xHHHH_`` spelling of it."""
_SHOWN = re.compile(_CHARACTER)
CHUNK_ROWS = 5000


@dataclass(frozen=True)
class Refusal:
    """A cell (or header) refused for a character in it."""

    row: int | None
    column: Column
    value: str
    """The text with each refused character shown as its code."""
    message: str


def shown(text: str) -> str:
    """The text with each refused character written as its code, safe to print: 张[U+202E]三."""
    return _SHOWN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def reason(text: str) -> str | None:
    """Why a text cannot go into a document, with what to do; None when it can."""
    match = UNSAFE.search(text)
    if match is None:
        return None
    found = match.group()
    if len(found) > 1:
        return (
            f"含有 {found}，这是 Excel 对字符 U+{found[2:6].upper()} 的写法，而文书和表格都存不下"
            "这个字符；请删除它后重新保存"
        )
    code = ord(found)
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"含有无效的字符 U+{code:04X}（不成对的代理码，多见于其他系统导出时截断的文字）；"
            "请重新输入这一格"
        )
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            f"含有看不见的文字方向控制符 U+{code:04X}，会让这一格的文字在文书中倒着显示；"
            "请删除它，或重新输入这一格"
        )
    return (
        f"含有控制字符 U+{code:04X}，Word、WPS 和 Excel 都存不下它（文书会打不开）；"
        "请删除它（多见于从网页或其他系统复制来的文字），或重新输入这一格"
    )


def screen(table: Table) -> tuple[Table, list[Refusal]]:
    """The table with every refused cell made blank and its headers printable, and the refusals.

    The table is searched as text first (its text cells joined by a line break, which no refused
    spelling contains), so a clean table — nearly every one — costs one pass: 0.16 s for the
    2 million cells of a 100,000-row ledger. Only a table with a hit is searched cell by cell.
    """
    rows = list(table.rows)
    if not _suspect(table.columns, rows):
        return table, []
    refusals: list[Refusal] = []
    columns: list[Column] = []
    blanked: dict[int, list[int]] = {}
    for written in table.columns:
        column, why = written, reason(written.header)
        if why is not None:
            column = replace(written, header=shown(written.header))
            refusals.append(Refusal(table.header_row or None, column, column.header, why))
        columns.append(column)
        for position, because in _column_refusals(rows, column.index):
            cell = rows[position].cells[column.index]
            refusals.append(Refusal(rows[position].number, column, shown(cell), because))
            blanked.setdefault(position, []).append(column.index)
    if not refusals:
        return table, []
    for position, indexes in blanked.items():
        cells = list(rows[position].cells)
        for index in indexes:
            cells[index] = None
        rows[position] = Row(rows[position].number, cells)
    return replace(table, columns=columns, rows=rows), refusals


def _suspect(columns: list[Column], rows: list[Row]) -> bool:
    """Whether any header or text cell of a table may hold a refused character.

    The cells are joined a few thousand rows at a time, which is as fast as the whole table at
    once and keeps the joined text small.
    """
    if any(_hit(column.header) for column in columns):
        return True
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        if _hit("\n".join([c for row in chunk for c in row.cells if c.__class__ is str])):
            return True
    return False


def _hit(text: str) -> bool:
    return _SHOWN.search(text) is not None or ("_x" in text and UNSAFE.search(text) is not None)


def _column_refusals(rows: list[Row], index: int) -> list[tuple[int, str]]:
    """The position of every row whose cell in a column is refused, with why."""
    found = []
    for position, row in enumerate(rows):
        cell = row.cells[index] if index < len(row.cells) else None
        why = reason(cell) if isinstance(cell, str) else None
        if why is not None:
            found.append((position, why))
    return found
