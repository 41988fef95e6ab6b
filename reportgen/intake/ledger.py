"""Intake of a case ledger: read it, then validate it — the first two stages of every command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Ledger
from reportgen.intake.fields import HeaderMatcher, is_derived
from reportgen.intake.read import Column, Table, find_table, read_source
from reportgen.intake.validate import TableCheck, ledger_layout, ledger_of
from reportgen.intake.visits import read_visits, repeated_column
from reportgen.profile import Profile


def load_ledger(
    path: Path, profile: Profile, sheet: str | None = None, today: dt.date | None = None
) -> Ledger:
    """The validated ledger of a file with its persuasion records; ``today`` bounds every date.

    The table is read and checked a part at a time, the cells of columns reportgen does not know
    kept on the way, so that a large CSV ledger is read from its file once and never held whole.
    """
    today = today or dt.date.today()
    with _collector_paused():
        source = read_source(path)
        table = find_table(source, HeaderMatcher(profile.columns), sheet)
        check = TableCheck(table, profile, today, ledger_layout(profile))
        unknown = [column for column in table.columns if is_unknown(column)]
        extras: dict[int, list[Any]] = {}
        for part in table.parts():
            check.add(part)
            extras.update(_extras(part, unknown))
        ledger = ledger_of(table, check.checked())
        del check  # its indexes of every row, before the visits make theirs
        visits = read_visits(source, table, ledger.cases, today)
        return dataclasses.replace(
            ledger,
            problems=ledger.problems + visits.problems,
            visits=visits.visits,
            columns=table.columns,
            extras=extras,
        )


def is_unknown(column: Column) -> bool:
    """A column that is none of reportgen's: neither a field, a visit, nor one reportgen adds.

    Its cells are kept as they are (``Ledger.extras``) so that an exported ledger loses nothing.
    """
    return (
        column.field is None
        and not repeated_column(column.header)
        and not is_derived(column.header)
    )


def _extras(table: Table, columns: list[Column]) -> dict[int, list[Any]]:
    if not columns:
        return {}
    return {
        row.number: [row.cells[c.index] if c.index < len(row.cells) else None for c in columns]
        for row in table.rows
    }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a ledger is built.

    A ledger of 100,000 rows is millions of small acyclic objects (cells, strings, dates, cases);
    each allocation burst makes the collector walk all of them again, which took over a third of
    the intake time. Nothing built here forms a cycle, so nothing is left for it to find.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
