"""What the register holds, as Python values: the requests, entries, events and records.

Kept apart from the database code (``register``) so that every stage that only reads entries —
follow-up, reports, the web pages — needs nothing of SQLite; the row readers here are the one
place that knows the order of the register's columns.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.errors import UsageProblem

NUMBER = re.compile(r"^(.+)〔(\d{4})〕(\d+)号$")
_LOOSE_NUMBER = re.compile(
    r"^(?P<issuer>\S.*?)\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*第?\s*(?P<number>\d+)\s*号$"
)
STATES = ("issued", "void", "pending", "placing")
"""Every state a document can be in; pending and placing ones belong to a batch not yet done."""
CORRECTED = "corrected-"
"""What an event's kind is prefixed with once a later record corrects it (``served --again``)."""
COLUMNS = (
    "id, kind, issuer, year, number, case_key, edition, recipient, student, township, "
    "issued_on, deadline, state, batch, void_reason"
)


class NotInRegister(UsageProblem):
    """A 文号 asked for that the register does not hold."""


@dataclass(frozen=True)
class Request:
    """A document to record: who issues it, for which case, to whom; numbered or not."""

    issuer: str
    """The 文号 abbreviation (城政控学) for a numbered kind; the issuing body for others."""
    kind: str
    case_key: str
    recipient: str
    student: str
    township: str
    issued_on: dt.date
    deadline: dt.date | None = None
    numbered: bool = True


@dataclass(frozen=True)
class Event:
    """Something that happened to a document after it was issued: served, answered, stated."""

    kind: str
    on: dt.date
    method: str = ""
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class Entry:
    """A document as the register holds it."""

    issuer: str
    year: int
    number: int | None
    kind: str
    case_key: str
    edition: int
    recipient: str
    student: str
    township: str
    issued_on: dt.date
    deadline: dt.date | None
    state: str = "issued"
    id: int = 0
    void_reason: str = ""
    events: tuple[Event, ...] = ()

    @property
    def document_number(self) -> str:
        """The 文号, e.g. 城政控学〔2026〕3号; empty for a document without one."""
        from reportgen.render.filters import document_number

        return document_number(self.issuer, self.year, self.number) if self.number else ""

    def last(self, kind: str) -> Event | None:
        """The latest event of a kind (served, reply …), if any."""
        found = [event for event in self.events if event.kind == kind]
        return max(found, key=lambda event: event.on) if found else None

    @property
    def served_on(self) -> dt.date | None:
        """The day the document was served on its recipient, once recorded."""
        served = self.last("served")
        return served.on if served else None


@dataclass(frozen=True)
class Logged:
    """An event as the register logged it: what happened, and who recorded it, when."""

    event: Event
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Record:
    """A document with everything the register knows of it: where it came from, its voiding, its events."""

    entry: Entry
    source: str
    """``reportgen`` for a document reportgen made, ``import`` for one numbered by hand before."""
    recorded_at: str
    recorded_by: str
    voided_at: str
    voided_by: str
    log: tuple[Logged, ...]


def parse_document_number(text: str) -> tuple[str, int, int] | None:
    """Issuer, year and number of a 文号 as people type it; None when it is not one.

    城政控学〔2026〕3号, 城政控学[2026]3号, 城政控学（2026）第03号 and full-width digits all name
    the same document; the year has four digits and the number is at least 1.
    """
    match = _LOOSE_NUMBER.match(text.strip())
    if match is None or int(match["number"]) < 1:
        return None
    return re.sub(r"\s+", "", match["issuer"]), int(match["year"]), int(match["number"])


def document_number_text(issuer: str, year: int, number: int) -> str:
    """The 文号 as the register and the documents write it: 城政控学〔2026〕3号."""
    from reportgen.render.filters import document_number

    return document_number(issuer, year, number)


def read_events(connection: sqlite3.Connection) -> dict[int, tuple[Event, ...]]:
    found: dict[int, list[Event]] = {}
    for document, kind, on_day, method, by, note in connection.execute(
        "SELECT document, kind, on_day, method, by_whom, note FROM events ORDER BY on_day, id"
    ):
        event = Event(str(kind), dt.date.fromisoformat(str(on_day)), method, by, note)
        found.setdefault(int(document), []).append(event)
    return {key: tuple(value) for key, value in found.items()}


def entry_of(row: Sequence[object], events: tuple[Event, ...]) -> Entry:
    deadline = row[11]
    return Entry(
        id=int(str(row[0])),
        kind=str(row[1]),
        issuer=str(row[2]),
        year=int(str(row[3])),
        number=int(str(row[4])) if row[4] is not None else None,
        case_key=str(row[5]),
        edition=int(str(row[6])),
        recipient=str(row[7]),
        student=str(row[8]),
        township=str(row[9]),
        issued_on=dt.date.fromisoformat(str(row[10])),
        deadline=dt.date.fromisoformat(str(deadline)) if deadline else None,
        state=str(row[12]),
        void_reason=str(row[14]),
        events=events,
    )


def record_of(row: Sequence[object], log: tuple[Logged, ...]) -> Record:
    source, recorded_at, recorded_by, voided_at, voided_by = map(str, row[15:20])
    entry = entry_of(row, tuple(logged.event for logged in log))
    return Record(entry, source, recorded_at, recorded_by, voided_at, voided_by, log)
