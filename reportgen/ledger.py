"""Intake of a case ledger: read it, then validate it — the first two stages of every command."""

from __future__ import annotations

import datetime as dt
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
    table = read_table(path, HeaderMatcher(profile.columns), sheet)
    return validate_table(table, profile, today)
