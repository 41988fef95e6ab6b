"""学生资助告知单: tells a family what living subsidy its child receives, how much, and how it is paid.

Made from the subsidy roster (资助名单, one row per payment, as the 资助中心 hands it out), not from
the case ledger: one notice per student, listing each semester's payment from the roster, the
standard in force from the profile, how the money is paid and the hotline for questions. Every
bad cell of the roster is reported at once, with its row and column, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from reportgen.casework.cases import Case, Ledger
from reportgen.documents import (
    COMMON_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    Subject,
    common,
    student,
)
from reportgen.intake import idnumber
from reportgen.intake.fields import HeaderMatcher
from reportgen.intake.read import Column, Row, Table, read_table
from reportgen.intake.statsfile import ROSTER_FIELDS, YES
from reportgen.intake.text import CellError, free_text, parse_grade
from reportgen.intake.validate import parse_name
from reportgen.problems import Problem, Severity
from reportgen.profile import Profile

STAGES = ("小学", "初中")


class Payment(NamedTuple):
    """One semester's living subsidy paid to one student."""

    semester: str
    amount: Decimal
    stage: str
    boarding: bool


@dataclass
class _Roster:
    """Reads a roster row by row, keeping every problem and each student's payments."""

    table: Table
    problems: list[Problem] = field(default_factory=list)
    students: dict[str, Case] = field(default_factory=dict)
    payments: dict[str, list[Payment]] = field(default_factory=dict)

    def read(self) -> None:
        columns = {c.field: c for c in self.table.columns if c.field}
        for key in ("name", "id_number", "stage", "boarding", "semester", "amount"):
            if key not in columns:
                message = f"资助名单缺少“{ROSTER_FIELDS[key].header}”列"
                self._problem(self.table.header_row or None, None, "", message)
        if self.problems:
            return
        for row in self.table.rows:
            self._row(row, columns)

    def _problem(self, row: int | None, column: Column | None, value: object, text: str) -> None:
        header = column.header if column else ""
        place = (str(self.table.path), self.table.sheet, row, header)
        self.problems.append(Problem(Severity.ERROR, *place, free_text(value), text))

    def _row(self, row: Row, columns: dict[str, Column]) -> None:
        values = {
            key: row.cells[c.index] if c.index < len(row.cells) else None
            for key, c in columns.items()
        }
        parsed: dict[str, Any] = {}
        failed = False
        for key, parse in PARSERS.items():
            if key not in values:
                continue
            try:
                parsed[key] = parse(values[key])
            except CellError as error:
                self._problem(row.number, columns[key], values[key], str(error))
                failed = True
        if failed:
            return
        id_number = parsed["id_number"]
        self.students.setdefault(
            id_number,
            Case(
                row=row.number,
                seq=str(len(self.students) + 1),
                name=parsed["name"],
                id_number=id_number,
                gender=idnumber.gender(id_number),
                birth_date=idnumber.birth_date(id_number),
                school=parsed.get("school", ""),
                grade=parsed.get("grade"),
            ),
        )
        payment = Payment(parsed["semester"], parsed["amount"], parsed["stage"], parsed["boarding"])
        self.payments.setdefault(id_number, []).append(payment)


def _required(value: object) -> str:
    text = free_text(value)
    if not text:
        raise CellError("必填项，不能为空")
    return text


def _stage(value: object) -> str:
    text = free_text(value)
    if text not in STAGES:
        raise CellError("应为“小学”或“初中”")
    return text


def _boarding(value: object) -> bool:
    text = free_text(value)
    if text not in YES:
        raise CellError("应为“是”或“否”")
    return YES[text]


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(free_text(value))
    except InvalidOperation:
        raise CellError("应为金额（元），如 625 或 625.00") from None
    if amount <= 0:
        raise CellError("金额应大于 0")
    return amount


PARSERS = {
    "name": parse_name,
    "id_number": idnumber.parse_id_number,
    "school": free_text,
    "grade": lambda value: parse_grade(value) if free_text(value) else None,
    "stage": _stage,
    "boarding": _boarding,
    "semester": _required,
    "amount": _amount,
}
"""How each roster column is read; a parser raises CellError with what was expected."""


def load_roster(
    path: Path, profile: Profile, today: dt.date, sheet: str | None
) -> tuple[Ledger, dict[str, tuple[Payment, ...]]]:
    """The students of a subsidy roster as cases, and each one's payments by ID number."""
    table = read_table(path, HeaderMatcher(fields=ROSTER_FIELDS), sheet)
    roster = _Roster(table)
    roster.read()
    cases = list(roster.students.values())
    ledger = Ledger(path, table.sheet, table.header_row, cases, roster.problems, len(table.rows))
    return ledger, {key: tuple(items) for key, items in roster.payments.items()}


def build(subject: Subject) -> dict[str, Any]:
    """The notice's variables for one student."""
    case, profile = subject.case, subject.profile
    assert case is not None
    payments: Sequence[Payment] = subject.records
    first = payments[0]
    yearly = profile.subsidy_standard(subject.issued_on).yearly(first.stage, first.boarding)
    total = sum((payment.amount for payment in payments), Decimal(0))
    return {
        **common(subject),
        "student": student(case),
        "stage": first.stage,
        "boarding": first.boarding,
        "yearly": yearly,
        "per_semester": Decimal(yearly) / 2,
        "payments": [{"semester": p.semester, "amount": p.amount} for p in payments],
        "total": total,
        "payment_method": profile.subsidy_payment,
        "school": case.school,
    }


KIND = DocumentKind(
    key="subsidy",
    title="学生资助告知单",
    template="letters/subsidy",
    variables={
        **COMMON_VARIABLES,
        **STUDENT_VARIABLES,
        "student.grade": "年级（资助名单有“年级”列时）",
        "student.class_name": "班级（资助名单中通常为空）",
        "stage": "学段：小学 或 初中",
        "boarding": "是否寄宿生",
        "yearly": "现行标准，元/生·年（县区配置）",
        "per_semester": "现行标准，元/生·学期",
        "payments": "本名单中的发放记录，每条有 semester（学期）、amount（金额，元）",
        "total": "发放合计（元），可用 |capital_amount 显示大写金额",
        "payment_method": "发放方式（县区配置）",
        "school": "学校",
    },
    required_fields=(),
    numbered=False,
    build=build,
    select=lambda pool: pool.followups,
    selection="资助名单中的每个学生",
    load=load_roster,
)
