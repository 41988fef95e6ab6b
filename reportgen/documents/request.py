"""What a batch is asked to do; the CLI and the web page each build one from their own inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.casework.register import Register
from reportgen.profile import Profile


@dataclass(frozen=True)
class BatchRequest:
    """Everything a batch needs to know."""

    ledger: Path
    profile: Profile
    register: Register
    out: Path
    kind: str = "deadline"
    formats: tuple[str, ...] = ("docx", "pdf")
    township: str | None = None
    school: str | None = None
    merge: bool = False
    force: bool = False
    reissue: bool = False
    skip_invalid: bool = False
    issued_on: dt.date = field(default_factory=dt.date.today)
    sheet: str | None = None
    cases: tuple[str, ...] = ()
    """ID numbers or Excel rows of the only cases to make documents for (``--case``)."""
