"""Persuasion records (劝返记录): every call, home visit or letter to bring a child back.

Counties keep them in one of two ways, and both are read:

- a sheet of their own in the ledger workbook, one visit a row (序号, 身份证号, 姓名, 劝返日期, 劝返人,
  方式, 结果), tied to the child by ID number or, without one, by name;
- repeated columns on the child's own row: 第一次劝返日期 / 第一次劝返人 …, or 劝返日期1 / 劝返人1 …

The 方式 column says what kind of record each is; the kinds seed 003 asks for when a child cannot be
found (去函, a visit to the 村委会, a check at the 派出所) are kinds of their own beside 电话 and 家访,
so that an 调查报告 can show each check (see :data:`WAYS`). Other words are kept as typed.

Each visit is checked like a ledger cell (a date that is a date and not in the future, a child that
is in the ledger, no character a document cannot hold) and every problem is reported with its
sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

import cn2an

from reportgen.casework.cases import Case
from reportgen.intake.characters import screen
from reportgen.intake.fields import FieldSpec, HeaderMatcher
from reportgen.intake.read import Column, Source, Table, find_other_table
from reportgen.intake.text import (
    CellError,
    cell_text,
    format_date,
    free_text,
    parse_date,
    squeeze,
)
from reportgen.problems import Problem, Severity

VISIT_FIELDS: dict[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("seq", "序号", ("编号",)),
        FieldSpec("id_number", "身份证号", ("身份证号码", "学生身份证号", "公民身份号码")),
        FieldSpec("name", "姓名", ("学生姓名", "儿童姓名")),
        FieldSpec("on", "劝返日期", ("劝返时间", "家访日期", "家访时间", "日期", "时间")),
        FieldSpec("by", "劝返人", ("劝返人员", "劝返责任人", "家访人", "经办人", "责任人")),
        FieldSpec("how", "方式", ("劝返方式", "家访方式", "形式")),
        FieldSpec("result", "结果", ("劝返结果", "家访结果", "情况", "反馈")),
    )
}
"""The columns of a persuasion record sheet, with the header variants staff use."""

REPEATED = re.compile(
    r"^(?:第(?P<prefix>[一二三四五六七八九十]{1,3}|\d{1,2})次)?"
    r"(?:劝返|家访)(?P<part>日期|时间|人员?|责任人|方式|结果|情况)"
    r"(?:[(]?(?P<suffix>\d{1,2})[)]?)?$"
)
"""A repeated persuasion column: 第二次劝返日期, 劝返日期2, 家访结果（3）."""
PARTS = {
    "日期": "on",
    "时间": "on",
    "人": "by",
    "人员": "by",
    "责任人": "by",
    "方式": "how",
    "结果": "result",
    "情况": "result",
}
WARNING = Severity.WARNING
WAYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("村委会", ("村委会", "居委会", "村（居）委会", "村(居)委会", "社区", "村组")),
    ("派出所", ("派出所", "公安", "户籍")),
    ("去函", ("函", "信件", "寄信")),
    ("约谈", ("约谈", "面谈")),
    ("电话", ("电话", "微信", "短信", "手机")),
    ("家访", ("家访", "入户", "上门", "走访")),
)
"""The kinds of record the 方式 column knows, each with the words that name it, looked for in this
order: 走访村委会 is a visit to the village committee, not a home visit; 协查函 is a letter."""
WAY_NAMES = ("电话", "家访", "约谈", "村委会", "派出所", "去函")
"""The kinds in the order documents list them (and the 方式 drop-down offers them)."""


def way(text: str) -> str:
    """The kind of record a 方式 cell names (电话, 家访, 村委会, 派出所, 去函 …), or the text as typed."""
    plain = unicodedata.normalize("NFKC", text).replace("(", "（").replace(")", "）")
    return next((name for name, words in WAYS if any(word in plain for word in words)), text)


class Visit(NamedTuple):
    """One persuasion contact with a child's family."""

    case_key: str
    on: dt.date
    by: str = ""
    how: str = ""
    result: str = ""
    sheet: str = ""
    row: int = 0


@dataclass(frozen=True)
class Visits:
    """Every visit read from a ledger file, and the problems found in them."""

    visits: list[Visit]
    problems: list[Problem]


def repeated_column(header: object) -> tuple[int, str] | None:
    """The ordinal and part (on/by/how/result) of a repeated persuasion column, or None."""
    text = squeeze(unicodedata.normalize("NFKC", cell_text(header)))
    match = REPEATED.match(text)
    if match is None or (match["prefix"] is None) == (match["suffix"] is None):
        return None
    ordinal = match["prefix"] or match["suffix"]
    return _ordinal(ordinal), PARTS[match["part"]]


def _ordinal(text: str) -> int:
    """第二次 → 2, 第十二次 → 12, 劝返日期3 → 3."""
    return int(cn2an.cn2an(text, "smart"))


def read_visits(source: Source, ledger: Table, cases: Sequence[Case], today: dt.date) -> Visits:
    """The visits of a ledger file: from its record sheet and from repeated columns of its rows."""
    checker = _VisitChecker(cases, today)
    matcher = HeaderMatcher(fields=VISIT_FIELDS)
    sheet = find_other_table(source, matcher, ledger.sheet, frozenset({"on"}))
    if sheet is not None:
        checker.sheet(sheet)
    checker.repeated(ledger)
    return Visits(sorted(checker.visits, key=lambda v: (v.case_key, v.on)), checker.problems)


class _VisitChecker:
    """Turns raw record cells into visits, collecting every problem with its place."""

    def __init__(self, cases: Sequence[Case], today: dt.date) -> None:
        self.today = today
        self.cases = cases
        self.visits: list[Visit] = []
        self.problems: list[Problem] = []

    # The children by ID number, name and row, made only for a ledger that has visits to tie
    # to them (a million-row ledger without any need not hold three more indexes of it).

    @cached_property
    def by_id(self) -> dict[str, Case]:
        return {case.id_number: case for case in self.cases if case.id_number}

    @cached_property
    def by_name(self) -> dict[str, list[Case]]:
        names: dict[str, list[Case]] = defaultdict(list)
        for case in self.cases:
            names[case.name].append(case)
        return names

    @cached_property
    def by_row(self) -> dict[int, Case]:
        return {case.row: case for case in self.cases}

    def report(
        self,
        table: Table,
        row: int | None,
        column: Column | None,
        value: object,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """A problem in a persuasion record, at its sheet, row and column."""
        header = column.header if column else ""
        problem = Problem(
            severity, str(table.path), table.sheet, row, header, cell_text(value), message
        )
        self.problems.append(problem)

    def sheet(self, written: Table) -> None:
        """Visits of a record sheet, one a row, each tied to its child; no row with a refused cell."""
        table, refusals = screen(written)
        for refusal in refusals:
            self.report(table, refusal.row, refusal.column, refusal.value, refusal.message)
        refused = {refusal.row for refusal in refusals}
        columns: dict[str, Column] = {}
        for column in table.columns:
            if column.field is not None:
                columns.setdefault(column.field, column)
        for row in table.rows:
            if row.number in refused:
                continue
            cells = {key: _cell(row.cells, column) for key, column in columns.items()}
            case = self._case_of(table, row.number, columns, cells)
            on = self._date(table, row.number, columns["on"], cells["on"])
            if case is not None and on is not None:
                self.visits.append(_visit(case, on, cells, table.sheet, row.number))

    def repeated(self, table: Table) -> None:
        """Visits written on the child's own row, in numbered groups of columns."""
        groups: dict[int, dict[str, Column]] = defaultdict(dict)
        for column in table.columns:
            found = repeated_column(column.header)
            if found is not None:
                groups[found[0]][found[1]] = column
        dated = [group for _, group in sorted(groups.items()) if "on" in group]
        for row in table.rows if dated else ():
            case = self.by_row.get(row.number)
            for group in dated:
                cells = {key: _cell(row.cells, column) for key, column in group.items()}
                if all(value in (None, "") for value in cells.values()) or case is None:
                    continue
                on = self._date(table, row.number, group["on"], cells["on"])
                if on is not None:
                    self.visits.append(_visit(case, on, cells, table.sheet, row.number))

    def _case_of(
        self, table: Table, number: int, columns: dict[str, Column], cells: dict[str, Any]
    ) -> Case | None:
        id_number = squeeze(cell_text(cells.get("id_number"))).upper()
        name = squeeze(cell_text(cells.get("name")))
        if id_number:
            case = self.by_id.get(id_number)
            if case is None:
                message = "台账的有效记录中没有这个身份证号，该条劝返记录未计入"
                self.report(
                    table, number, columns["id_number"], id_number, message, severity=WARNING
                )
            return case
        matches = self.by_name.get(name, [])
        if len(matches) == 1:
            return matches[0]
        column = columns.get("name")
        if not name:
            self.report(table, number, column, "", "没有身份证号和姓名，不知是哪个孩子的记录")
        elif matches:
            message = f"台账中有 {len(matches)} 个孩子叫这个名字，请填写身份证号"
            self.report(table, number, column, name, message)
        else:
            message = "台账的有效记录中没有这个名字的孩子，该条劝返记录未计入"
            self.report(table, number, column, name, message, severity=WARNING)
        return None

    def _date(self, table: Table, number: int, column: Column, value: object) -> dt.date | None:
        if value is None or value == "":
            self.report(table, number, column, "", "劝返日期不能为空")
            return None
        try:
            day = parse_date(value)
        except CellError as error:
            self.report(table, number, column, value, str(error))
            return None
        if day > self.today:
            message = f"劝返日期在今天（{format_date(self.today)}）之后"
            self.report(table, number, column, format_date(day), message)
            return None
        return day


def _cell(cells: Sequence[Any], column: Column) -> Any:
    return cells[column.index] if column.index < len(cells) else None


def _visit(case: Case, on: dt.date, cells: dict[str, Any], sheet: str, row: int) -> Visit:
    by = squeeze(cell_text(cells.get("by")))
    how, result = (free_text(cells.get(key)) for key in ("how", "result"))
    # The result is the officer's prose: its Chinese punctuation stays as written.
    return Visit(case.key, on, by, way(how) if how else "", result, sheet, row)


def visits_by_case(visits: Iterable[Visit]) -> dict[str, list[Visit]]:
    """Each child's visits in date order, keyed like :attr:`Case.key`."""
    found: dict[str, list[Visit]] = defaultdict(list)
    for visit in sorted(visits, key=lambda v: v.on):
        found[visit.case_key].append(visit)
    return dict(found)
