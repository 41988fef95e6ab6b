"""``reportgen ledger``: the three ledgers inspectors ask for, written from the county's own ledger.

Domain §1 requires an 适龄儿童台账, a 疑似辍学学生台账 and a 辍学学生台账. From one case ledger they
are, as far as its data allows:

- 适龄儿童: every child of the ledger, with the age at the school year's cutoff and whether that
  is school age (6–15); the sheet is the whole ledger, so nothing is lost on the way;
- 疑似辍学学生: the children the verification still counts as out of school (category counted);
- 辍学学生: those of them absent longer than the profile's dropout threshold (from 离校日期 to the
  return or the as-of day);

each with the ledger's own columns first, under the county's own headers, then the computed ones
(age, category name, counted or 核减, days absent, and the follow-up: stage, 文号, deadline, days
overdue, visits, next step). A 劝返记录 sheet and a 汇总 sheet by township follow. The workbook
reads back through ``reportgen validate`` like any ledger: the computed headers are known and
skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.casework import measures
from reportgen.casework.ages import SCHOOL_AGES, age_cutoff, age_on
from reportgen.casework.cases import Case, Ledger
from reportgen.casework.followup import FollowUp, load_follow_up
from reportgen.casework.register import Register
from reportgen.documents import grade_name
from reportgen.errors import LedgerInvalid
from reportgen.intake.ledger import is_unknown
from reportgen.intake.read import Column
from reportgen.intake.text import format_date
from reportgen.output.sheets import (
    Book,
    SheetColumn,
    add_sheet,
    cell,
    header_cell,
    workbook_at,
    write_table,
)
from reportgen.output.workbooks import RECORDS_SHEET, ledger_columns, write_records
from reportgen.output.worklist import PROGRESS_COLUMNS, progress_cells
from reportgen.profile import Profile

SUMMARY_SHEET = "汇总"


@dataclass(frozen=True)
class Ledgers:
    """The three ledgers: row counts per sheet, and where the workbook went."""

    path: Path
    counts: dict[str, int]


class _Sheets:
    """Lays out the ledger sheets: the county's columns, then the computed ones."""

    def __init__(self, ledger: Ledger, profile: Profile, as_of: dt.date) -> None:
        self.ledger, self.profile, self.as_of = ledger, profile, as_of
        self.cutoff = age_cutoff(as_of, profile.age_cutoff)
        self.own = _own_columns(ledger.columns)
        known = [c.field for c in self.own if c.field is not None]
        headers = {c.field: c.header for c in self.own if c.field is not None}
        typed = iter(ledger_columns(profile, known, headers))
        self.columns = [
            next(typed) if c.field is not None else SheetColumn(c.header) for c in self.own
        ]
        self.columns += [
            SheetColumn(f"年龄（截至{format_date(self.cutoff)}）", 10),
            SheetColumn("是否适龄", 10),
            SheetColumn("类别名称", 14),
            SheetColumn("统计口径", 12),
            SheetColumn("缺课天数", 9),
            *PROGRESS_COLUMNS,
        ]

    def row(self, item: FollowUp) -> list[Any]:
        """One child's row: its own cells as the county wrote them (cleaned), then computed ones."""
        case = item.case
        extras = iter(self.ledger.extras.get(case.row, ()))
        own = [
            _value(case, column.field) if column.field is not None else next(extras, None)
            for column in self.own
        ]
        category = self.profile.category(case.category)
        age = age_on(case.birth_date, self.cutoff) if case.birth_date else None
        computed = [
            age,
            None if age is None else _school_age(age),
            category.name if category else None,
            None if category is None else ("计为疑似失学" if category.counted else "核减"),
            measures.days_absent(item, self.profile, self.as_of),
        ]
        return [*own, *computed, *progress_cells(item)]

    def table(self, workbook: Book, title: str, items: Sequence[FollowUp], heading: str) -> int:
        write_table(
            workbook,
            title,
            self.columns,
            map(self.row, items),
            heading=f"{self.profile.county}{heading}（截至{format_date(self.as_of)}）",
            count=len(items),
        )
        return len(items)


def _own_columns(columns: Iterable[Column]) -> list[Column]:
    """The ledger's columns worth writing back: each field once, and the county's own columns.

    Persuasion columns go to the record sheet, and computed columns of an earlier export are
    computed afresh.
    """
    seen: set[str] = set()
    own = []
    for column in columns:
        if column.field is None:
            if is_unknown(column):
                own.append(column)
        elif column.field not in seen:
            seen.add(column.field)
            own.append(column)
    return own


def _value(case: Case, field: str) -> Any:
    value = getattr(case, field)
    if field == "seq" and value.isdigit():
        return int(value)
    if field == "grade":
        return grade_name(value) or None
    return None if value == "" else value


def _school_age(age: int) -> str:
    if age in SCHOOL_AGES:
        return "是"
    return "未到入学年龄" if age < SCHOOL_AGES.start else "超龄"


def make_ledgers(
    profile: Profile,
    register: Register,
    target: Path,
    *,
    as_of: dt.date,
    ledger: Path | None = None,
    force: bool = False,
    township: str | None = None,
) -> Ledgers:
    """Read the county's ledger (or ``ledger``), follow its cases up and write the three ledgers,
    of one township's children only when ``township`` is given.

    A ledger with errors is refused: an inspector's ledger must not silently miss a child.
    """
    cases, followups = load_follow_up(profile, register, as_of, ledger)
    if not cases.ok:
        raise LedgerInvalid(cases.errors)
    if township is not None:
        cases, followups = _of_township(cases, followups, township)
    return export_ledgers(cases, followups, profile, target, as_of=as_of, force=force)


def _of_township(
    ledger: Ledger, followups: Sequence[FollowUp], township: str
) -> tuple[Ledger, list[FollowUp]]:
    """The ledger cut to one township's children, their visits and their follow-up."""
    cases = [case for case in ledger.cases if case.township == township]
    keys = {case.key for case in cases}
    visits = [visit for visit in ledger.visits if visit.case_key in keys]
    kept = [item for item in followups if item.case.key in keys]
    return dataclasses.replace(ledger, cases=cases, visits=visits), kept


def export_ledgers(
    ledger: Ledger,
    followups: Sequence[FollowUp],
    profile: Profile,
    target: Path,
    *,
    as_of: dt.date,
    force: bool = False,
) -> Ledgers:
    """Write the three ledgers, the persuasion records and the summary as one workbook."""
    sheets = _Sheets(ledger, profile, as_of)
    counted = [item for item in followups if measures.counted(item.case, profile)]
    dropouts = [item for item in counted if measures.dropped_out(item, profile, as_of)]
    with workbook_at(target, force) as workbook:
        counts = {
            "适龄儿童": sheets.table(workbook, "适龄儿童", followups, "适龄儿童台账"),
            "疑似辍学学生": sheets.table(workbook, "疑似辍学学生", counted, "疑似辍学学生台账"),
            "辍学学生": sheets.table(workbook, "辍学学生", dropouts, "辍学学生台账"),
        }
        counts[RECORDS_SHEET] = _records(workbook, ledger)
        _summary(workbook, followups, profile, as_of)
    return Ledgers(target, counts)


def _records(workbook: Book, ledger: Ledger) -> int:
    children = {case.key: case for case in ledger.cases}
    visits = sorted(ledger.visits, key=lambda visit: (visit.on, visit.case_key))
    rows = [
        [number, children[visit.case_key].id_number, children[visit.case_key].name, *visit[1:5]]
        for number, visit in enumerate(visits, 1)
    ]
    write_records(add_sheet(workbook, RECORDS_SHEET), rows)
    return len(rows)


def _is_school_age(case: Case, cutoff: dt.date) -> bool:
    return case.birth_date is not None and age_on(case.birth_date, cutoff) in SCHOOL_AGES


def _measures(profile: Profile, as_of: dt.date) -> list[tuple[str, Callable[[FollowUp], bool]]]:
    """The summary's columns: a header and whether a case counts in it (``casework.measures``)."""
    cutoff = age_cutoff(as_of, profile.age_cutoff)
    dropout = profile.absence.dropout_after_days
    return [
        ("案件数", lambda item: True),
        ("适龄", lambda item: _is_school_age(item.case, cutoff)),
        ("核减", lambda item: not measures.counted(item.case, profile)),
        ("计为疑似失学", lambda item: measures.counted(item.case, profile)),
        ("仍为疑似失学", lambda item: measures.still_out(item, profile)),
        ("已复学", lambda item: measures.back(item, profile)),
        ("已安置或核实", lambda item: measures.settled(item, profile)),
        (f"辍学（缺课超过{dropout}天）", lambda item: measures.dropped_out(item, profile, as_of)),
        ("未办结", lambda item: item.is_due),
        ("已下达通知书", measures.notified),
        ("逾期未复学", measures.overdue),
        ("久未劝返", lambda item: item.unvisited),
    ]


def _summary(
    workbook: Book, followups: Sequence[FollowUp], profile: Profile, as_of: dt.date
) -> None:
    """Counts by township, a 合计 line, and what each column means."""
    measures = _measures(profile, as_of)
    order = {t.name: index for index, t in enumerate(profile.townships)}
    townships = sorted(
        {item.case.township for item in followups}, key=lambda t: (order.get(t, len(order)), t)
    )
    rows: list[list[Any]] = []
    for township in townships:
        items = [item for item in followups if item.case.township == township]
        counts = [sum(1 for item in items if measure(item)) for _, measure in measures]
        rows.append([township, *counts, sum(len(item.visits) for item in items)])
    headers = ["乡镇", *(name for name, _ in measures), "劝返次数"]
    columns = [SheetColumn(header, 12) for header in headers]
    sheet = write_table(workbook, SUMMARY_SHEET, columns, rows, count=len(rows))
    total = [sum(row[index] for row in rows) for index in range(1, len(headers))]
    sheet.append([header_cell(sheet, "合计"), *total])
    sheet.append([])
    cutoff = age_cutoff(as_of, profile.age_cutoff)
    dropout = profile.absence.dropout_after_days
    for note in (
        f"适龄：截至{format_date(cutoff)}年满 6 周岁、未满 16 周岁。",
        f"辍学：计为疑似失学，且自离校日期起缺课超过 {dropout} 天（至复学或截至{format_date(as_of)}）。",
        "计为疑似失学 = 仍为疑似失学 + 已复学 + 已安置或核实（送教上门、已核实等），每个孩子只计一处。",
        "逾期未复学：限期复学通知书的期限已过仍未复学；久未劝返：超过县区配置的劝返间隔没有劝返记录。",
    ):
        sheet.append([cell(sheet, note)])
