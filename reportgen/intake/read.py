"""Reading stage: a ledger file as staff keep it → one :class:`Table` of raw cells with row numbers.

Staff ledgers carry title rows, 填报单位 lines and 填表人/合计 footers around the data, an instruction
sheet beside it, and arrive as Excel workbooks, CSV files in GBK, UTF-8, UTF-16 or Big5, or, from other
systems, YAML/JSON.
This stage finds the sheet and the header row, stops at the footer, drops blank rows and keeps the
row number Excel shows for every record, so that every later message can point at its cell.
Nothing is interpreted here: cell values stay as the file holds them.

A CSV file is never held whole: its encoding is found in one pass over its bytes, and its rows are
read from the file at each pass over them (``CsvRows``), so that the later stages can take a ledger
of a million rows a few thousand rows at a time (:meth:`Table.parts`).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from reportgen.errors import InputUnreadable
from reportgen.intake.fields import HeaderMatcher
from reportgen.intake.text import cell_text, squeeze

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt"}
DATA_SUFFIXES = {".yaml", ".yml", ".json"}
SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES | DATA_SUFFIXES
HEADER_SEARCH_ROWS = 30
FOOTER_WORDS = ("填表人", "填报人", "制表人", "审核人", "负责人", "单位负责人", "合计", "总计")
FOOTER_STARTS = frozenset(word[0] for word in FOOTER_WORDS)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16, whose little-endian mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WIDE_ENCODINGS = ("utf_16_le", "utf_16_be")
"""What a CSV file with zero bytes but no byte-order mark can be."""
NARROW_ENCODINGS = ("gb18030", "big5")
"""What a CSV file that is not UTF-8 can be: GBK (and its superset GB18030) or Big5."""
BLOCK = 1 << 20
"""How much of a CSV file is read at a time."""
PART_ROWS = 20_000
"""How many rows the later stages take at a time: few enough to be small, enough to be fast."""
SNIFF_CHARACTERS = 4096
"""How much of a CSV file's text shows which delimiter it uses."""


@dataclass(frozen=True)
class Column:
    """One column of the ledger: where it is, its header as written, and the field it holds."""

    index: int
    header: str
    field: str | None


class Row(NamedTuple):
    """One record: the number the file shows for it and its cells, aligned with the columns.

    A named tuple, made several times faster than a frozen dataclass: a ledger has a million.
    """

    number: int
    cells: Sequence[Any]


@dataclass(frozen=True)
class Table:
    """A ledger's raw records, with enough of their origin to name any cell in a message."""

    path: Path
    sheet: str
    header_row: int
    columns: list[Column]
    rows: Iterable[Row]
    """Every record in order: a list, or (from a sheet or a CSV file) read again at each pass."""
    row_unit: str = "行"
    """How a position is spoken of: 行 in a spreadsheet, 条记录 in YAML/JSON."""

    def parts(self) -> Iterator[Table]:
        """The table :data:`PART_ROWS` records at a time, each part a table whose rows are a list."""
        rows, size = iter(self.rows), PART_ROWS
        while part := list(islice(rows, size)):
            yield replace(self, rows=part)


class CsvRows:
    """The rows of a CSV file, read from the file again at each pass over them.

    A million-row ledger is 200 MB of text and two gigabytes as lists of cells; read this way it
    is only ever a few thousand rows at a time.
    """

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        """The codec the whole file decodes with (found by :func:`_encoding`)."""
        with self._text() as text:
            try:
                sample = text.read(SNIFF_CHARACTERS)
            except UnicodeDecodeError:
                raise InputUnreadable(_undecodable(path, encoding)) from None
        self.delimiter = max(",\t;", key=sample.count)

    def _text(self) -> io.TextIOWrapper:
        return io.TextIOWrapper(self.path.open("rb"), encoding=self.encoding, newline="")

    def __iter__(self) -> Iterator[list[str]]:
        with self._text() as text:
            try:
                yield from csv.reader(text, delimiter=self.delimiter)
            except UnicodeDecodeError:
                raise InputUnreadable(_undecodable(self.path, self.encoding)) from None


Grid = Sequence[list[Any]] | CsvRows
"""A sheet's rows of cells from A1: a list, or a CSV file's rows read as they are needed."""


@dataclass(frozen=True)
class Source:
    """A ledger file read once: its sheets as grids of cells, or its records (YAML/JSON)."""

    path: Path
    grids: dict[str, Grid]
    records: list[dict[str, Any]] | None = None


def read_source(path: Path) -> Source:
    """Every sheet of a workbook, the rows of a CSV file, or the records of a YAML/JSON file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputUnreadable(f"{path}：找不到文件")
    if suffix not in SUFFIXES:
        raise InputUnreadable(
            f"{path}：不是可读取的台账文件，应为 .xlsx、.xlsm、.xls、.csv、.yaml 或 .json"
        )
    if suffix in DATA_SUFFIXES:
        return Source(path, {}, _load_records(path))
    grids: dict[str, Grid] = {}
    if suffix in WORKBOOK_SUFFIXES:
        grids.update(_read_workbook(path))
    else:
        grids[""] = CsvRows(path, _encoding(path))
    return Source(path, grids)


def read_table(path: Path, matcher: HeaderMatcher, sheet: str | None = None) -> Table:
    """Read the ledger in ``path``: the sheet that holds it (or ``sheet``), from its header row on."""
    return find_table(read_source(path), matcher, sheet)


def find_table(source: Source, matcher: HeaderMatcher, sheet: str | None = None) -> Table:
    """The table of a source that ``matcher`` knows best, or the one in ``sheet``."""
    path, grids = source.path, source.grids
    if source.records is not None:
        return _records_table(path, source.records, matcher)
    if sheet is not None and sheet not in grids:
        raise InputUnreadable(f"{path}：没有名为「{sheet}」的工作表；有：{'、'.join(grids)}")
    candidates = {sheet: grids[sheet]} if sheet is not None else grids
    found = _best_sheet(candidates, matcher)
    if found is None:
        raise InputUnreadable(
            f"{path}：找不到表头行（前 {HEADER_SEARCH_ROWS} 行里没有“姓名”“身份证号”等列名）"
        )
    name, header_index = found
    return _grid_table(path, name, candidates[name], header_index, matcher)


def find_other_table(
    source: Source, matcher: HeaderMatcher, besides: str, needs: frozenset[str]
) -> Table | None:
    """A second table in a workbook, on a sheet other than ``besides``, having every field of ``needs``."""
    grids = {name: grid for name, grid in source.grids.items() if name and name != besides}
    found = _best_sheet(grids, matcher, needs)
    if found is None:
        return None
    name, header_index = found
    return _grid_table(source.path, name, grids[name], header_index, matcher)


def _read_workbook(path: Path) -> dict[str, Grid]:
    """Every worksheet of an Excel workbook as rows of cells, starting from cell A1."""
    with path.open("rb") as handle:
        signature = handle.read(8)
    if signature == OLE_SIGNATURE and path.suffix.lower() != ".xls":
        raise InputUnreadable(
            f"{path}：文件设置了打开密码（已加密），请在 Excel 中取消密码后另存，再读取"
        )
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }
    except Exception as error:  # calamine raises many kinds; all mean the same to the user
        raise InputUnreadable(f"{path}：无法作为 Excel 工作簿读取（{error}）") from None


def _encoding(path: Path) -> str:
    """The encoding of a CSV file: by its byte-order mark, as UTF-8, or as charset-normalizer finds it.

    Excel's "Unicode text" is UTF-16 (with a mark, WPS sometimes without), a Chinese Windows
    saves GBK, a traditional-Chinese one Big5. Those are the only candidates, so that a GBK file
    is never read as Big5 mojibake, nor a binary file as text. The file is read a block at a
    time; only one that is not UTF-8 is read whole, for charset-normalizer to weigh.
    """
    with path.open("rb") as handle:
        start = handle.read(BLOCK)
        if start.startswith((b"PK\x03\x04", OLE_SIGNATURE)):
            raise InputUnreadable(
                f"{path}：这个文件其实是 Excel 工作簿，扩展名却是 .csv；请改为 .xlsx（或 .xls）后再读取"
            )
        for mark, encoding in BYTE_ORDER_MARKS:
            if start.startswith(mark):
                return encoding
        if _utf8(start, handle):
            return "utf-8"
    from charset_normalizer import from_bytes

    data = path.read_bytes()
    candidates = WIDE_ENCODINGS if b"\x00" in data else NARROW_ENCODINGS
    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is None:
        raise InputUnreadable(_undecodable(path, None))
    return best.encoding


def _utf8(start: bytes, handle: io.BufferedReader) -> bool:
    """Whether a file (its first block read, the rest to come) is UTF-8 text without zero bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    block = start
    try:
        while block:
            if b"\x00" in block:
                return False
            decoder.decode(block)
            block = handle.read(BLOCK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(path: Path, encoding: str | None) -> str:
    """What to say of a file that does not decode as its byte-order mark (or nothing) said."""
    name = encoding.removesuffix("-sig").upper() if encoding else None
    if name in {mark.removesuffix("-sig").upper() for _, mark in BYTE_ORDER_MARKS}:
        return (
            f"{path}：文件开头标明是 {name} 编码，但内容无法按 {name} 读取；"
            "请用 Excel 或 WPS 打开后另存为“CSV UTF-8”"
        )
    return (
        f"{path}：不是文本格式的 CSV 文件，或无法识别它的编码（可读 UTF-8、GBK、Big5、UTF-16）；"
        "请用 Excel 或 WPS 打开后另存为“CSV UTF-8”"
    )


def _load_records(path: Path) -> list[dict[str, Any]]:
    """Records of a YAML or JSON file: a list of mappings, or a mapping holding one under ``cases``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise InputUnreadable(f"{path}：无法解析（{error}）") from None
    if isinstance(data, dict):
        data = data.get("cases", data.get("台账"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputUnreadable(
            f"{path}：应为记录列表（每条记录是“列名: 值”的映射），或 cases: 下的列表"
        )
    return data


def _records_table(path: Path, records: list[dict[str, Any]], matcher: HeaderMatcher) -> Table:
    headers: list[str] = list(dict.fromkeys(str(key) for record in records for key in record))
    columns = [Column(index, header, matcher.field(header)) for index, header in enumerate(headers)]
    rows = [
        Row(number, [record.get(header) for header in headers])
        for number, record in enumerate(({str(k): v for k, v in r.items()} for r in records), 1)
    ]
    return Table(path, "", 0, columns, rows, row_unit="条记录")


def _best_sheet(
    grids: dict[str, Grid], matcher: HeaderMatcher, needs: frozenset[str] = frozenset()
) -> tuple[str, int] | None:
    """The sheet and header row index that match the most known fields (at least two, and ``needs``)."""
    best: tuple[int, str, int] | None = None
    for name, grid in grids.items():
        for index, row in enumerate(islice(grid, HEADER_SEARCH_ROWS)):
            known = {matcher.field(cell) for cell in row} - {None}
            score = len(known)
            if score >= 2 and needs <= known and (best is None or score > best[0]):
                best = (score, name, index)
    return (best[1], best[2]) if best else None


def _grid_table(
    path: Path, sheet: str, grid: Grid, header_index: int, matcher: HeaderMatcher
) -> Table:
    header = next(islice(grid, header_index, None))
    headers = [cell.strip() if isinstance(cell, str) else cell_text(cell) for cell in header]
    columns = [
        Column(index, header, matcher.field(header))
        for index, header in enumerate(headers)
        if header
    ]
    content = [column.index for column in columns if column.field not in (None, "seq")]
    return Table(path, sheet, header_index + 1, columns, _Records(grid, header_index, content))


class _Records:
    """The records below a header: blank rows dropped, up to the footer, each with its number."""

    def __init__(self, grid: Grid, header_index: int, content: list[int]) -> None:
        self.grid, self.header_index, self.content = grid, header_index, content

    def __iter__(self) -> Iterator[Row]:
        start, content = self.header_index + 1, self.content
        for index, cells in enumerate(islice(self.grid, start, None), start):
            if _is_footer(cells):
                return
            if _any_filled(cells, content):
                yield Row(index + 1, cells)


def _any_filled(cells: Sequence[Any], positions: list[int]) -> bool:
    """Whether any of the cells at ``positions`` holds something other than white space."""
    width = len(cells)
    for position in positions:
        if position < width:
            cell = cells[position]
            if cell is not None and cell != "" and not (cell.__class__ is str and cell.isspace()):
                return True
    return False


def _is_footer(cells: Sequence[Any]) -> bool:
    """A 填表人/审核人/合计 line that ends the data: its first filled cell starts with one of them.

    A cell that does not begin (past white space) with a footer word's first character is no
    footer, which is all a data row needs checking.
    """
    for cell in cells:
        if cell is None or cell == "":
            continue
        return (
            isinstance(cell, str)
            and cell.lstrip()[:1] in FOOTER_STARTS
            and squeeze(cell_text(cell)).startswith(FOOTER_WORDS)
        )
    return False
