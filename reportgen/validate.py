"""Validation stage: a raw :class:`~reportgen.read.Table` → a typed :class:`~reportgen.cases.Ledger`.

Every cell is checked and every problem is kept, so an officer fixes the whole sheet in one pass
instead of one error per run. A row with an error yields no case; a row with warnings does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from reportgen.cases import Case, Ledger
from reportgen.fields import FIELDS, HeaderMatcher
from reportgen.problems import Problem, Severity
from reportgen.profile import Profile
from reportgen.read import Column, Row, Table
from reportgen.text import (
    CellError,
    cell_text,
    format_date,
    parse_code,
    parse_date,
    parse_gender,
    parse_grade,
    parse_phone,
    squeeze,
)

ID_FORM = re.compile(r"\d{17}[\dX]")
NAME_DOTS = re.compile(r"[.．・•‧･∙⋅]")
DIGIT = re.compile(r"\d")
ID_AS_NUMBER = (
    "身份证号被 Excel 存成了数字，末尾几位已经丢失（Excel 只保留 15 位有效数字）。"
    "请把该列单元格格式设为“文本”，再按户口簿重新录入这些号码；只改格式找不回丢失的数字"
)
ID_AS_NUMBER_KEPT = "身份证号存成了数字，这次号码还完整；请把该列设为“文本”格式，以免丢失末尾数字"


class CaseWarning(Exception):
    """A value was accepted but deserves a word to the user (it carries the clean value)."""

    def __init__(self, value: object, message: str) -> None:
        super().__init__(message)
        self.value = value


def parse_name(value: object) -> str:
    """A child's or guardian's name; minority names keep their middle dot as ·."""
    name = NAME_DOTS.sub("·", squeeze(cell_text(value)))
    if DIGIT.search(name):
        raise CellError("姓名中不应有数字")
    return name


def parse_id_number(value: object) -> str:
    """An 18-character resident ID number (GB 11643) with a valid birth date and check digit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = excel_number_text(value)
        if len(digits) == 18 and ric.is_valid(digits):
            raise CaseWarning(digits, ID_AS_NUMBER_KEPT)
        raise CellError(ID_AS_NUMBER)
    number = squeeze(cell_text(value)).upper()
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", number):
        raise CellError(ID_AS_NUMBER)
    if len(number) != 18:
        raise CellError(f"应为 18 位，这里是 {len(number)} 位")
    if not ID_FORM.fullmatch(number):
        raise CellError("前 17 位应全是数字，最后一位是数字或 X")
    try:
        id_birth_date(number)
    except ValueError:
        raise CellError(f"第 7–14 位的出生日期 {number[6:14]} 不是有效日期") from None
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise CellError(f"校验位不对：按前 17 位，最后一位应为 {expected}；请核对号码")
    if not _region_exists(number):
        raise CellError(f"前 6 位地区代码 {number[:6]} 不存在")
    return number


def excel_number_text(value: float) -> str:
    """A number as Excel shows it in a 0-format cell: 15 significant digits, then zeros."""
    shown = Decimal(f"{value:.15g}")
    if not shown.is_finite():
        return str(value)
    return str(int(shown)) if shown == shown.to_integral_value() else str(shown)


def id_birth_date(number: str) -> dt.date:
    """The birth date in digits 7–14 of an ID number; ValueError when there is no such day."""
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _region_exists(number: str) -> bool:
    """Whether python-stdnum's register knows the region code in the number's birth year.

    Cached by region and year: the register lookup is slow and a ledger holds few of them.
    """
    key = number[:10]
    known = _REGIONS.get(key)
    if known is None:
        try:
            ric.get_birth_place(number)
            known = True
        except InvalidComponent:
            known = False
        _REGIONS[key] = known
    return known


_REGIONS: dict[str, bool] = {}


def id_gender(number: str) -> str:
    """The gender the 17th digit of an ID number gives: odd for 男, even for 女."""
    return "男" if int(number[16]) % 2 else "女"


class _RowChecker:
    """Checks one row at a time against the profile; collects problems as it goes."""

    def __init__(self, table: Table, profile: Profile, today: dt.date) -> None:
        self.table = table
        self.profile = profile
        self.today = today
        self.problems: list[Problem] = []
        self.memo: dict[tuple[str, str], tuple[Severity | None, Any, str]] = {}
        self.columns = _field_columns(table.columns)
        self.plan = [(key, column, key in REPEATING) for key, column in self.columns.items()]
        self.parsers: dict[str, Callable[[Any], Any]] = {
            "name": parse_name,
            "guardian": parse_name,
            "gender": parse_gender,
            "id_number": parse_id_number,
            "birth_date": parse_date,
            "left_on": parse_date,
            "grade": parse_grade,
            "phone": parse_phone,
            "category": self._category,
            "reason": self._reason,
            "status": self._status,
            "township": self._township,
        }

    def report(
        self, severity: Severity, row: int | None, column: str, value: object, message: str
    ) -> None:
        """Record a problem at a place in the table."""
        self.problems.append(
            Problem(
                severity,
                str(self.table.path),
                self.table.sheet,
                row,
                column,
                excel_number_text(value) if isinstance(value, float) else cell_text(value),
                message,
                self.table.row_unit,
            )
        )

    def check(self, row: Row) -> Case | None:
        """The case of a row, or None when any of its cells is in error.

        This runs once per row of ledgers of 100,000 rows, so the loop is kept flat.
        """
        before = len(self.problems)
        cells, width, memo = row.cells, len(row.cells), self.memo
        values: dict[str, Any] = {}
        for key, column, repeating in self.plan:
            raw = cells[column.index] if column.index < width else None
            if raw is None or raw == "":
                values[key] = None
                continue
            if repeating and isinstance(raw, str):
                outcome = memo.get((key, raw))
                if outcome is None:
                    outcome = memo[(key, raw)] = self._outcome(key, raw)
            else:
                outcome = self._outcome(key, raw)
            if outcome[0] is not None:
                self.report(outcome[0], row.number, column.header, raw, outcome[2])
            values[key] = outcome[1]
        self._required(row.number, values)
        self._against_id(row.number, values)
        self._dates(row.number, values)
        if len(self.problems) > before and any(
            p.severity is Severity.ERROR for p in self.problems[before:]
        ):
            return None
        return Case(
            row.number, **{key: value for key, value in values.items() if value is not None}
        )

    def _outcome(self, key: str, raw: object) -> tuple[Severity | None, Any, str]:
        """Parse a cell: its severity (None when clean), its value and the message."""
        value = cell_text(raw) if isinstance(raw, str) else raw
        if value == "":
            return None, None, ""
        try:
            return None, self.parsers.get(key, _plain_text)(value), ""
        except CaseWarning as warning:
            return Severity.WARNING, warning.value, str(warning)
        except CellError as error:
            return Severity.ERROR, _INVALID, str(error)

    def _required(self, number: int, values: dict[str, Any]) -> None:
        for key in self.profile.required_fields:
            if key in self.columns and values.get(key) is None:
                self.report(
                    Severity.ERROR, number, self.columns[key].header, "", "必填项，不能为空"
                )

    def _against_id(self, number: int, values: dict[str, Any]) -> None:
        """Gender and birth date must agree with the ID number; blanks are filled from it."""
        id_number = values.get("id_number")
        if not isinstance(id_number, str):
            return
        expected_gender = id_gender(id_number)
        expected_birth = id_birth_date(id_number)
        id_header = self.columns["id_number"].header
        gender = values.get("gender")
        if gender is None:
            values["gender"] = expected_gender
            self.report(
                Severity.WARNING,
                number,
                self._header("gender", id_header),
                "",
                f"性别为空，已按身份证号取为“{expected_gender}”",
            )
        elif gender is not _INVALID and gender != expected_gender:
            self.report(
                Severity.ERROR,
                number,
                self.columns["gender"].header,
                gender,
                f"与身份证号不符：按身份证号第 17 位应为“{expected_gender}”",
            )
        birth = values.get("birth_date")
        if birth is None:
            values["birth_date"] = expected_birth
            if "birth_date" in self.columns:
                self.report(
                    Severity.WARNING,
                    number,
                    self.columns["birth_date"].header,
                    "",
                    f"出生日期为空，已按身份证号取为 {format_date(expected_birth)}",
                )
        elif birth is not _INVALID and birth != expected_birth:
            self.report(
                Severity.ERROR,
                number,
                self.columns["birth_date"].header,
                format_date(birth),
                f"与身份证号不符：按身份证号应为 {format_date(expected_birth)}",
            )

    def _dates(self, number: int, values: dict[str, Any]) -> None:
        left_on, birth = values.get("left_on"), values.get("birth_date")
        if not isinstance(left_on, dt.date):
            return
        header = self.columns["left_on"].header
        if left_on > self.today:
            self.report(
                Severity.ERROR,
                number,
                header,
                format_date(left_on),
                f"离校日期在今天（{format_date(self.today)}）之后",
            )
        elif isinstance(birth, dt.date) and left_on <= birth:
            self.report(
                Severity.ERROR,
                number,
                header,
                format_date(left_on),
                f"离校日期早于出生日期 {format_date(birth)}",
            )

    def _header(self, key: str, fallback: str) -> str:
        column = self.columns.get(key)
        return column.header if column else fallback

    def _category(self, value: object) -> str:
        code = parse_code(value)
        category = self.profile.category(code)
        if category is None:
            known = "、".join(f"{item.code}（{item.name}）" for item in self.profile.categories)
            raise CellError(f"类别代码 {code} 不在本县代码表中；可用：{known}")
        written = re.search(r"[(（](.+)[)）]", cell_text(value))
        if written and squeeze(written.group(1)) != category.name:
            raise CaseWarning(code, f"括号里的名称与代码不符：{code} 类是“{category.name}”")
        return code

    def _reason(self, value: object) -> str:
        text = cell_text(value)
        try:
            code = parse_code(text)
        except CellError:
            return text
        return code if any(reason.code == code for reason in self.profile.reasons) else text

    def _status(self, value: object) -> str:
        name = squeeze(cell_text(value))
        if self.profile.status(name) is None:
            known = "、".join(status.name for status in self.profile.statuses)
            raise CellError(f"状态不在本县状态表中；可用：{known}")
        return name

    def _township(self, value: object) -> str:
        name = squeeze(cell_text(value))
        if not self.profile.townships:
            return name
        township = self.profile.township(name)
        if township is None:
            known = "、".join(t.name for t in self.profile.townships)
            raise CellError(f"不是本县的乡镇（街道）；县区配置里有：{known}")
        return township.name


_INVALID = object()
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
}
"""Fields whose few distinct values repeat down the column: each distinct value is parsed once."""


def _plain_text(value: object) -> str:
    return cell_text(value)


def _field_columns(columns: list[Column]) -> dict[str, Column]:
    """The first column of each field (a second column for the same field is reported, not read)."""
    found: dict[str, Column] = {}
    for column in columns:
        if column.field is not None:
            found.setdefault(column.field, column)
    return found


def validate_table(table: Table, profile: Profile, today: dt.date | None = None) -> Ledger:
    """Check every cell of a ledger table; the ledger holds the clean cases and all problems."""
    checker = _RowChecker(table, profile, today or dt.date.today())
    _check_columns(checker, HeaderMatcher(profile.columns))
    cases = [case for row in table.rows if (case := checker.check(row)) is not None]
    _check_duplicates(checker, cases)
    cases = [case for case in cases if case.row not in _rows_in_error(checker.problems)]
    return Ledger(
        table.path, table.sheet, table.header_row, cases, checker.problems, len(table.rows)
    )


def _check_columns(checker: _RowChecker, matcher: HeaderMatcher) -> None:
    table, header_row = checker.table, checker.table.header_row or None
    for column in table.columns:
        if column.field is None:
            closest = matcher.closest(column.header)
            hint = f"最接近的是“{closest.header}”；" if closest else ""
            checker.report(
                Severity.WARNING,
                header_row,
                column.header,
                "",
                f"不认识的列名，该列不会读入；{hint}如需读入，请在县区配置的 columns 中指定它对应的字段",
            )
        elif checker.columns[column.field] is not column:
            first = checker.columns[column.field].header
            checker.report(
                Severity.WARNING,
                header_row,
                column.header,
                "",
                f"与「{first}」列都是“{FIELDS[column.field].header}”，只读取「{first}」列",
            )
    for key in checker.profile.required_fields:
        if key not in checker.columns:
            spec = FIELDS[key]
            variants = "、".join((spec.header, *spec.aliases[:3]))
            checker.report(
                Severity.ERROR,
                header_row,
                "",
                "",
                f"缺少必填列“{spec.header}”（列名可写作：{variants}）",
            )


def _check_duplicates(checker: _RowChecker, cases: list[Case]) -> None:
    """The same child twice: the same ID number, or without one the same name and birth date."""
    seen: dict[tuple[str, ...], int] = {}
    for case in cases:
        key = (case.id_number,) if case.id_number else (case.name, str(case.birth_date))
        first = seen.setdefault(key, case.row)
        if first == case.row:
            continue
        if case.id_number:
            header = checker.columns["id_number"].header
            message = f"与第 {first} {checker.table.row_unit}的身份证号相同：同一个孩子登记了两次"
            checker.report(Severity.ERROR, case.row, header, case.id_number, message)
        else:
            header = checker.columns["name"].header
            message = f"与第 {first} {checker.table.row_unit}姓名、出生日期相同，可能重复登记"
            checker.report(Severity.WARNING, case.row, header, case.name, message)


def _rows_in_error(problems: list[Problem]) -> set[int | None]:
    return {problem.row for problem in problems if problem.severity is Severity.ERROR}
