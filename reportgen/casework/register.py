"""The register of issued documents: 文号 unique per issuer and year, sequential, never reused.

An SQLite database in the county workspace (no server to run). Numbers are given out inside one
``BEGIN IMMEDIATE`` transaction per batch, so two processes numbering at once queue for the lock
and never share a number, and a batch killed half-way either committed all its numbers or none.
Asking again for the same document of the same case gives back its number (idempotent); only a
reissue takes a new one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

REGISTER_FILE = "文号登记.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS issued (
    issuer      TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    case_key    TEXT    NOT NULL,
    edition     INTEGER NOT NULL,
    recipient   TEXT    NOT NULL,
    student     TEXT    NOT NULL,
    township    TEXT    NOT NULL,
    issued_on   TEXT    NOT NULL,
    deadline    TEXT,
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (issuer, year, number),
    UNIQUE (kind, issuer, year, case_key, edition)
);
"""


@dataclass(frozen=True)
class Request:
    """A document that needs a number: who issues it, for which case, to whom."""

    issuer: str
    kind: str
    case_key: str
    recipient: str
    student: str
    township: str
    issued_on: dt.date
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Entry:
    """A numbered document as the register holds it."""

    issuer: str
    year: int
    number: int
    kind: str
    case_key: str
    edition: int
    recipient: str
    student: str
    township: str
    issued_on: dt.date
    deadline: dt.date | None

    @property
    def document_number(self) -> str:
        """The 文号, e.g. 城政控学〔2026〕3号."""
        from reportgen.render.filters import document_number

        return document_number(self.issuer, self.year, self.number)


class Register:
    """The numbering register of one workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.executescript(SCHEMA)
            yield connection

    def number(self, requests: Sequence[Request], reissue: bool = False) -> list[Entry]:
        """The entry of every request, in order: its existing number, or the next free one.

        All numbers of a batch are given in one transaction: all are committed, or none.
        """
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                entries = [self._entry(connection, request, reissue) for request in requests]
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        return entries

    def _entry(self, connection: sqlite3.Connection, request: Request, reissue: bool) -> Entry:
        year = request.issued_on.year
        latest = connection.execute(
            "SELECT * FROM issued WHERE kind=? AND issuer=? AND year=? AND case_key=?"
            " ORDER BY edition DESC LIMIT 1",
            (request.kind, request.issuer, year, request.case_key),
        ).fetchone()
        if latest is not None and not reissue:
            return _entry(latest)
        (number,) = connection.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM issued WHERE issuer=? AND year=?",
            (request.issuer, year),
        ).fetchone()
        row = (
            request.issuer,
            year,
            number,
            request.kind,
            request.case_key,
            (latest[5] + 1) if latest else 1,
            request.recipient,
            request.student,
            request.township,
            request.issued_on.isoformat(),
            request.deadline.isoformat() if request.deadline else None,
            dt.datetime.now().isoformat(timespec="seconds"),
        )
        connection.execute(f"INSERT INTO issued VALUES ({', '.join('?' * len(row))})", row)
        return _entry(row)

    def entries(self, year: int | None = None, township: str | None = None) -> list[Entry]:
        """What was issued, by issuer, year and number; optionally one year or one township."""
        if not self.path.exists():
            return []
        query, arguments = "SELECT * FROM issued WHERE 1=1", list[object]()
        if year is not None:
            query, arguments = query + " AND year=?", [*arguments, year]
        if township is not None:
            query, arguments = query + " AND township=?", [*arguments, township]
        with self._connection() as connection:
            rows = connection.execute(query + " ORDER BY issuer, year, number", arguments)
            return [_entry(row) for row in rows.fetchall()]


def register_beside(profile: Path) -> Register:
    """The register of a county workspace: the file beside its profile."""
    return Register(profile.parent / REGISTER_FILE)


def _entry(row: Sequence[object]) -> Entry:
    deadline = row[10]
    return Entry(
        issuer=str(row[0]),
        year=int(str(row[1])),
        number=int(str(row[2])),
        kind=str(row[3]),
        case_key=str(row[4]),
        edition=int(str(row[5])),
        recipient=str(row[6]),
        student=str(row[7]),
        township=str(row[8]),
        issued_on=dt.date.fromisoformat(str(row[9])),
        deadline=dt.date.fromisoformat(str(deadline)) if deadline else None,
    )
