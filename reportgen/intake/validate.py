"""Validation stage: a raw :class:`~reportgen.intake.read.Table` → a typed :class:`~reportgen.casework.cases.Ledger`.

The ledger and every roster (:data:`~reportgen.intake.fields.ROSTERS`) go through the same checks,
each by its :class:`~reportgen.intake.fields.Layout`: the fields it holds and those a row must fill.
Every cell is checked and every problem is kept, so an officer fixes the whole sheet in one pass
instead of one error per run. A row with an error yields no case; a row with warnings does.

Checks run column by column (a county ledger can hold 100,000 rows, and a column loop is several
times cheaper than a row loop that dispatches on every field), on a part of the table at a time
(:meth:`~reportgen.intake.read.Table.parts`), so that a ledger of a million rows is never held
as cells whole; problems are then put back in the order an officer reads the sheet: row by row,
and left to right within a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat, zip_longest
from typing import Any

from reportgen.casework.cases import Case, Ledger
from reportgen.intake import idnumber
from reportgen.intake.characters import Refusal, screen
from reportgen.intake.codes import CountyCodes
from reportgen.intake.fields import (
    FIELDS,
    KNOWN_FIELDS,
    LEDGER,
    HeaderMatcher,
    Layout,
    is_derived,
)
from reportgen.intake.read import Column, Row, Table
from reportgen.intake.text import (
    CellError,
    CellWarning,
    Month,
    cell_text,
    format_date,
    free_text,
)
from reportgen.intake.visits import repeated_column
from reportgen.problems import Problem, Severity
from reportgen.profile import Profile

REPEATING = {
    "gender",
    "township",
    "school",
    "grade",
    "class_name",
    "relation",
    "category",
    "reason",
    "status",
    "officer",
    "stage",
    "boarding",
    "registered",
    "semester",
    "birth_date",
    "left_on",
    "returned_on",
}
"""Fields whose values repeat down the column (codes, places, dates): each distinct value is
parsed once, and its one parsed value shared by every row that holds it."""
NOT_TEXT = {"birth_date", "left_on", "returned_on", "grade"}
"""Fields whose blank is None; every other field's blank is the empty string."""
CASE_FIELDS = Case._fields[1:]
IN_CASE = frozenset(CASE_FIELDS)
INVALID = object()
"""The value of a cell in error: it never reaches a case."""

Outcome = tuple[Severity | None, Any, str]
"""A parsed cell: the severity of its problem (None when clean), its value, the message."""
Order = tuple[int, int, int]
"""Where a problem sorts: row, stage of checking, column."""


def _outcome(parse: Callable[[Any], Any], raw: object, blank: object) -> Outcome:
    if isinstance(raw, str) and raw.isspace():
        return None, blank, ""
    try:
        return None, parse(raw), ""
    except CellWarning as warning:
        return Severity.WARNING, warning.value, str(warning)
    except CellError as error:
        return Severity.ERROR, INVALID, str(error)


@dataclass(frozen=True)
class Checked:
    """A table checked cell by cell: the case of each clean row, and every problem found."""

    cases: list[Case]
    values: list[dict[str, Any]]
    """For each case, the fields a case has no place for (a payment's amount); empty if none."""
    problems: list[Problem]
    rows_read: int = 0


class TableCheck:
    """Checks a table against the profile a part at a time and collects every problem with its place.

    Its headers are checked (and screened) when it is made; :meth:`add` checks each part of its
    rows in turn, and :meth:`checked` gives the outcome, the same as for the table checked whole.
    """

    def __init__(self, table: Table, profile: Profile, today: dt.date, layout: Layout) -> None:
        self.table, refusals = screen(replace(table, rows=[]))
        self.profile = profile
        self.today = today
        self.layout = layout
        self.columns = _field_columns(self.table.columns)
        self.found: list[tuple[Order, Problem]] = []
        self.bad_rows: set[int] = set()
        self.refusals: list[Refusal] = []
        self.report_refusals(refusals)
        self.parsers: dict[str, Callable[[Any], Any]] = {
            key: spec.parse for key, spec in layout.fields.items() if spec.parse
        }
        self.parsers.update(CountyCodes(profile).parsers())
        self.memos: dict[str, dict[str, Outcome]] = {key: {} for key in REPEATING}
        self.id_days: dict[str, dt.date] = {}
        """The birth date of each run of digits 7–14 of an ID number, made once and shared."""
        self.seen: dict[str | tuple[str, str], Case] = {}
        self.cases: list[Case] = []
        self.values: list[dict[str, Any]] = []
        self.rows_read = 0
        self.check_columns()

    def report_refusals(self, refusals: list[Refusal]) -> None:
        """The refused cells (or headers) of a part: errors, their rows kept from the cases."""
        self.refusals = refusals
        for refusal in refusals:
            self.report(Severity.ERROR, refusal.row, refusal.column, refusal.value, refusal.message)

    def add(self, part: Table) -> list[Case]:
        """Check a part of the table's rows (a table of its own); its cases without errors."""
        screened, refusals = screen(replace(part, columns=self.table.columns))
        self.report_refusals(refusals)
        rows = list(screened.rows)
        self.rows_read += len(rows)
        numbers, parsed = self.parse(rows)
        cases = self._cases(numbers, parsed)
        values = self._values(numbers, parsed)
        self.duplicates(cases)
        self.inquiry_fields(cases)
        kept = [position for position, case in enumerate(cases) if case.row not in self.bad_rows]
        if len(kept) < len(cases):
            cases = [cases[position] for position in kept]
            values = [values[position] for position in kept] if values else []
        self.cases += cases
        self.values += values
        return cases

    def checked(self) -> Checked:
        """Every clean case and every problem, in reading order."""
        return Checked(self.cases, self.values, self.problems(), self.rows_read)

    def report(
        self,
        severity: Severity,
        row: int | None,
        column: Column | None,
        value: object,
        message: str,
        *,
        stage: int = 0,
    ) -> None:
        """Record a problem at a place in the table; an error keeps its row from the cases."""
        shown = idnumber.excel_number_text(value) if isinstance(value, float) else cell_text(value)
        header, index = (column.header, column.index) if column else ("", -1)
        problem = Problem(
            severity,
            str(self.table.path),
            self.table.sheet,
            row,
            header,
            shown,
            message,
            self.table.row_unit,
        )
        self.found.append(((row or 0, stage, index), problem))
        if severity is Severity.ERROR and row is not None:
            self.bad_rows.add(row)

    def problems(self) -> list[Problem]:
        """Every problem in reading order: by row, then stage, then column."""
        return [problem for _, problem in sorted(self.found, key=lambda item: item[0])]

    def check_columns(self) -> None:
        """Headers nobody knows, a field given twice, and required fields without a column."""
        header_row = self.table.header_row or None
        fields = self.layout.fields
        matcher = HeaderMatcher(self.profile.columns, fields)
        anywhere = HeaderMatcher(self.profile.columns, KNOWN_FIELDS)
        for column in self.table.columns:
            if column.field is None and (
                is_derived(column.header) or repeated_column(column.header)
            ):
                continue
            elsewhere = anywhere.field(column.header) if column.field is None else None
            if elsewhere is not None:
                title = KNOWN_FIELDS[elsewhere].header
                message = f"“{title}”不是{self.layout.title}的字段，该列不会读入"
                self.report(Severity.WARNING, header_row, column, "", message)
            elif column.field is None:
                closest = matcher.closest(column.header)
                hint = f"最接近的是“{closest.header}”；" if closest else ""
                message = f"不认识的列名，该列不会读入；{hint}如需读入，请在县区配置的 columns 中指定它对应的字段"
                self.report(Severity.WARNING, header_row, column, "", message)
            elif self.columns[column.field] is not column:
                first = self.columns[column.field].header
                message = f"与「{first}」列都是“{fields[column.field].header}”，只读取「{first}」列"
                self.report(Severity.WARNING, header_row, column, "", message)
        for key in self.layout.required:
            if key not in self.columns:
                spec = fields[key]
                variants = "、".join((spec.header, *spec.aliases[:3]))
                message = f"缺少必填列“{spec.header}”（列名可写作：{variants}）"
                self.report(Severity.ERROR, header_row, None, "", message, stage=1)

    def parse(self, rows: list[Row]) -> tuple[list[int], dict[str, list[Any]]]:
        """Every field's values down the rows (their row numbers beside), each cell checked."""
        numbers = [row.number for row in rows]
        width = 1 + max((column.index for column in self.columns.values()), default=0)
        # The part's cells column by column; a row shorter than the header has None beyond its end.
        down = list(zip_longest(*(row.cells[:width] for row in rows), [None] * width))[:width]
        parsed = {
            key: self._column(key, column, down[column.index], numbers)
            for key, column in self.columns.items()
        }
        self._refused(parsed, numbers)
        self._required(parsed, numbers)
        self._against_id(parsed, numbers)
        self._months(parsed, numbers)
        self._dates(parsed, numbers)
        return numbers, parsed

    def _cases(self, numbers: list[int], parsed: Mapping[str, list[Any]]) -> list[Case]:
        """The case of every row without errors, in the order of the file."""
        columns = [parsed.get(key, repeat(None if key in NOT_TEXT else "")) for key in CASE_FIELDS]
        return [
            Case._make(values)
            for values in zip(numbers, *columns, strict=False)  # absent fields repeat
            if values[0] not in self.bad_rows
        ]

    def _values(self, numbers: list[int], parsed: Mapping[str, list[Any]]) -> list[dict[str, Any]]:
        """The fields a case has no place for, for every row without errors; none for a ledger."""
        keys = [key for key in parsed if key not in IN_CASE]
        if not keys:
            return []
        return [
            dict(zip(keys, values, strict=True))
            for number, *values in zip(numbers, *(parsed[key] for key in keys), strict=True)
            if number not in self.bad_rows
        ]

    def _column(
        self, key: str, column: Column, raws: Sequence[Any], numbers: list[int]
    ) -> list[Any]:
        """The clean values of one field down the part, problems reported as they are found."""
        blank = None if key in NOT_TEXT else ""
        parse = self.parsers.get(key, free_text)
        memo = self.memos.get(key)
        values: list[Any] = []
        append = values.append
        for number, raw in zip(numbers, raws, strict=False):  # raws ends with the filler
            if raw is None or raw == "":
                append(blank)
                continue
            if memo is not None and raw.__class__ is str:
                outcome = memo.get(raw)
                if outcome is None:
                    outcome = memo[raw] = _outcome(parse, raw, blank)
            else:
                outcome = _outcome(parse, raw, blank)
            if outcome[0] is not None:
                self.report(outcome[0], number, column, raw, outcome[2])
            append(outcome[1])
        return values

    def _refused(self, parsed: dict[str, list[Any]], numbers: list[int]) -> None:
        """A refused cell was read as blank; it is in error, and never reaches a case."""
        position = {number: place for place, number in enumerate(numbers)} if self.refusals else {}
        for refusal in self.refusals:
            key, number = refusal.column.field, refusal.row
            if key and number in position and self.columns[key] is refusal.column:
                parsed[key][position[number]] = INVALID

    def _required(self, parsed: dict[str, list[Any]], numbers: list[int]) -> None:
        for key in self.layout.required:
            column = self.columns.get(key)
            if column is None:
                continue
            for number, value in zip(numbers, parsed[key], strict=True):
                if value is None or value == "":
                    self.report(Severity.ERROR, number, column, "", "必填项，不能为空", stage=1)

    def _against_id(self, parsed: dict[str, list[Any]], numbers: list[int]) -> None:
        """Gender and birth date must agree with the ID number; blanks are filled from it."""
        ids = parsed.get("id_number")
        if ids is None:
            return
        genders = parsed.setdefault("gender", [""] * len(ids))
        births = parsed.setdefault("birth_date", [None] * len(ids))
        days = self.id_days
        for position, id_number in enumerate(ids):
            if id_number == "" or id_number is INVALID:
                continue
            number = numbers[position]
            genders[position] = self._agree(
                number, "gender", genders[position], idnumber.gender(id_number), str
            )
            digits = id_number[6:14]
            day = days.get(digits)
            if day is None:
                day = days[digits] = idnumber.birth_date(id_number)
            births[position] = self._agree(number, "birth_date", births[position], day, format_date)

    def _agree(
        self, number: int, key: str, value: Any, expected: Any, show: Callable[[Any], str]
    ) -> Any:
        """The value of a field the ID number also gives: filled in when blank, checked when not."""
        column = self.columns.get(key)
        label = FIELDS[key].header
        if value is None or value == "":
            if column is not None:
                message = f"{label}为空，已按身份证号取为{_quote(key, show(expected))}"
                self.report(Severity.WARNING, number, column, "", message, stage=2)
            return expected
        if isinstance(value, Month):
            if value == (expected.year, expected.month):
                return expected
            message = f"与身份证号不符：按身份证号应为 {Month(expected.year, expected.month)}"
            self.report(Severity.ERROR, number, column, str(value), message, stage=2)
            return INVALID
        if value is not INVALID and value != expected:
            message = f"与身份证号不符：按身份证号{_where(key)}应为{_quote(key, show(expected))}"
            self.report(Severity.ERROR, number, column, show(value), message, stage=2)
        return value

    def _months(self, parsed: dict[str, list[Any]], numbers: list[int]) -> None:
        """A birth date written to the month is enough only where the ID number gives the day."""
        births = parsed.get("birth_date", [])
        for position, value in enumerate(births):
            if isinstance(value, Month):
                message = "只写到了月；没有身份证号时要写到日（如 2014年3月5日），才能计算年龄"
                column = self.columns["birth_date"]
                self.report(Severity.ERROR, numbers[position], column, str(value), message, stage=2)
                births[position] = INVALID

    def _dates(self, parsed: dict[str, list[Any]], numbers: list[int]) -> None:
        """Dates in their order of life: born, left school, came back — and none in the future."""
        births = parsed.get("birth_date", [None] * len(numbers))
        lefts = parsed.get("left_on", [None] * len(numbers))
        for key, earlier, label in (
            ("left_on", births, "出生日期"),
            ("returned_on", lefts, "离校日期"),
        ):
            column = self.columns.get(key)
            if column is None:
                continue
            for number, day, before in zip(numbers, parsed[key], earlier, strict=True):
                if not isinstance(day, dt.date):
                    continue
                if day > self.today:
                    message = f"{FIELDS[key].header}在今天（{format_date(self.today)}）之后"
                elif isinstance(before, dt.date) and day <= before:
                    message = f"{FIELDS[key].header}早于{label} {format_date(before)}"
                else:
                    continue
                self.report(Severity.ERROR, number, column, format_date(day), message, stage=3)

    def duplicates(self, cases: list[Case]) -> None:
        """The same child twice: the same ID number, or without one the same name and birth date.

        In a table of several rows a child (payments), the rows of one ID number must name one child.
        """
        seen = self.seen
        unit = self.table.row_unit
        for case in cases:
            key = case.id_number or (case.name, str(case.birth_date))
            earlier = seen.setdefault(key, case)
            first = earlier.row
            if earlier is case:
                continue
            if not self.layout.one_row_each:
                if case.id_number and case.name != earlier.name:
                    message = f"与第 {first} {unit}的身份证号相同，姓名却是“{earlier.name}”：请核对"
                    column = self.columns["name"]
                    self.report(Severity.ERROR, case.row, column, case.name, message, stage=4)
            elif case.id_number:
                message = f"与第 {first} {unit}的身份证号相同：同一个孩子登记了两次"
                column = self.columns["id_number"]
                self.report(Severity.ERROR, case.row, column, case.id_number, message, stage=4)
            else:
                message = f"与第 {first} {unit}姓名、出生日期相同，可能重复登记"
                column = self.columns["name"]
                self.report(Severity.WARNING, case.row, column, case.name, message, stage=4)

    def inquiry_fields(self, cases: list[Case]) -> None:
        """Children said to study elsewhere (C/D) need the place and school for the 协查函."""
        codes = set(self.profile.inquiry.categories)
        for case in cases:
            if case.category not in codes:
                continue
            for key in ("study_place", "study_school"):
                if getattr(case, key):
                    continue
                header = FIELDS[key].header
                message = f"{case.category} 类需要填写“{header}”，才能发协查函核实"
                column = self.columns.get(key)
                if column is None:
                    message += f"（台账中没有“{header}”列）"
                self.report(Severity.WARNING, case.row, column, "", message, stage=5)


def _quote(key: str, text: str) -> str:
    return f"“{text}”" if key == "gender" else f" {text}"


def _where(key: str) -> str:
    return "第 17 位" if key == "gender" else ""


def _field_columns(columns: list[Column]) -> dict[str, Column]:
    """The first column of each field (a second column for the same field is reported, not read)."""
    found: dict[str, Column] = {}
    for column in columns:
        if column.field is not None:
            found.setdefault(column.field, column)
    return found


def check_table(
    table: Table, profile: Profile, layout: Layout, today: dt.date | None = None
) -> Checked:
    """Check every cell of a table laid out as ``layout``; ``today`` bounds every date."""
    check = TableCheck(table, profile, today or dt.date.today(), layout)
    for part in table.parts():
        check.add(part)
    return check.checked()


def ledger_layout(profile: Profile) -> Layout:
    """The ledger's fields, with the county's own required fields."""
    return replace(LEDGER, required=tuple(profile.required_fields))


def ledger_of(table: Table, checked: Checked) -> Ledger:
    """The ledger a checked table gives: its clean cases and all its problems."""
    return Ledger(
        table.path,
        table.sheet,
        table.header_row,
        checked.cases,
        checked.problems,
        checked.rows_read,
    )


def validate_table(table: Table, profile: Profile, today: dt.date | None = None) -> Ledger:
    """Check every cell of a ledger table; the ledger holds the clean cases and all problems."""
    return ledger_of(table, check_table(table, profile, ledger_layout(profile), today))
