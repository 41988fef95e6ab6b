"""Intake of a case ledger: read it, then validate it — the first two stages of every command."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportgen.cases import Ledger
from reportgen.fields import HeaderMatcher
from reportgen.profile import Profile
from reportgen.read import read_table
from reportgen.validate import validate_table


def load_ledger(
    path: Path, profile: Profile, sheet: str | None = None, today: dt.date | None = None
) -> Ledger:
    """The validated ledger of a file; ``today`` bounds dates that cannot lie in the future."""
    with _collector_paused():
        table = read_table(path, HeaderMatcher(profile.columns), sheet)
        return validate_table(table, profile, today)


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
