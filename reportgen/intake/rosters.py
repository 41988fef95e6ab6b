"""Rosters: the lists other offices hand over, read exactly as the ledger is read.

The 资助名单 (subsidy roster: one row per payment, from the 资助中心) and the 适龄儿童名册 (children
reaching school age, from the household register or the township) arrive with the same title rows,
footers, header variants and full-width digits as ledgers do. Each is found, read and checked by
the ledger's own stages — the same header variants, the county's ``columns`` mapping, unknown
columns reported with the closest field — by its :class:`~reportgen.intake.fields.Layout`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Case, Ledger
from reportgen.intake.fields import HeaderMatcher, Layout, roster_layout
from reportgen.intake.read import read_table
from reportgen.intake.validate import check_table
from reportgen.problems import Problem, errors
from reportgen.profile import Profile


@dataclass(frozen=True)
class Roster:
    """A roster checked cell by cell: each clean row as a case with its other fields, every problem."""

    path: Path
    sheet: str
    header_row: int
    cases: list[Case]
    values: list[dict[str, Any]]
    """For each case, the roster's fields a case has no place for (a payment's semester and amount)."""
    problems: list[Problem]
    rows_read: int

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop documents from being made."""
        return errors(self.problems)

    def ledger(self, cases: list[Case] | None = None) -> Ledger:
        """The roster as the ledger later stages take: its cases (or those given) and its problems."""
        chosen = self.cases if cases is None else cases
        return Ledger(self.path, self.sheet, self.header_row, chosen, self.problems, self.rows_read)


def load_roster(
    path: Path,
    profile: Profile,
    layout: Layout,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> Roster:
    """Read and check a roster laid out as ``layout`` (a file, or ``sheet`` of a workbook)."""
    table = read_table(path, HeaderMatcher(profile.columns, layout.fields), sheet)
    checked = check_table(table, profile, layout, today)
    return Roster(
        table.path,
        table.sheet,
        table.header_row,
        checked.cases,
        checked.values,
        checked.problems,
        checked.rows_read,
    )


def check_roster(path: Path, profile: Profile, key: str, sheet: str | None = None) -> Ledger:
    """A roster named by its key (``subsidy``, ``enrolment``) checked as ``validate`` shows it."""
    return load_roster(path, profile, roster_layout(key), sheet).ledger()
