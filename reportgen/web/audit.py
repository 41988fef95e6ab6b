"""The audit log: every change made through the web pages, who made it, when, and from where.

Kept in ``.reportgen/audit.sqlite`` in the workspace. Rows are only ever added: an upload, a batch,
a service recorded, a number voided, a profile, template or account change each leave one line
before the page answers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from reportgen.web import state_dir

AUDIT_FILE = "audit.sqlite"


@dataclass(frozen=True)
class Action:
    """One line of the log."""

    at: str
    who: str
    address: str
    action: str
    detail: str


class AuditLog:
    """The audit log of one workspace."""

    def __init__(self, workspace: Path) -> None:
        self.path = state_dir(workspace) / AUDIT_FILE

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
            " who TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)"
        )
        return connection

    def record(self, who: str, address: str, action: str, detail: str = "") -> None:
        """Add one line: now, by whom, from which address, what."""
        at = dt.datetime.now().isoformat(timespec="seconds")
        with closing(self._connect()) as connection, connection:
            connection.execute(
                "INSERT INTO actions (at, who, address, action, detail) VALUES (?, ?, ?, ?, ?)",
                (at, who, address, action, detail),
            )

    def recent(self, limit: int = 200) -> list[Action]:
        """The latest lines, newest first."""
        with closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT at, who, address, action, detail FROM actions ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Action(*map(str, row)) for row in rows]
