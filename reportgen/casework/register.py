"""The register of documents: 文号 unique per issuer and year, gapless, never reused, never a lie.

An SQLite database in the county workspace (no server to run). Every document reportgen makes is
recorded — with its 文号 where its kind has one, without for letters and reports — and so is what
happened to it afterwards: service (送达), a reply, a statement, its voiding.

A batch numbers its documents in one ``BEGIN IMMEDIATE`` transaction as *pending*, writes their
files, and only then marks them *issued*: a pending document is not yet an issued one (follow-up
and reports do not count it). A batch killed between the two leaves its numbers pending; running
it again takes the same numbers back and finishes the files, and a number whose batch died and
was not run again is given to the next document of that issuer, so the series has no gap.
Asking again for the same document of the same case gives back its number; only a reissue takes
a new one.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

from reportgen.casework.register_entries import (
    COLUMNS,
    CORRECTED,
    NUMBER,
    STATES,
    Entry,
    Event,
    Logged,
    NotInRegister,
    Record,
    Request,
    document_number_text,
    entry_of,
    parse_document_number,
    read_events,
    record_of,
)
from reportgen.casework.register_recovery import recover, release
from reportgen.casework.register_schema import RegisterUnusable, prepare
from reportgen.errors import ReportgenError
from reportgen.running import abandoned

REGISTER_FILE = "文号登记.sqlite"


def user() -> str:
    """The person at the keyboard, as the register records who numbered or voided a document."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class Register:
    """The register of one workspace."""

    def __init__(self, path: Path, who: str | None = None) -> None:
        self.path = path
        self.who = user() if who is None else who

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise RegisterUnusable(f"无法打开文号登记簿 {self.path}：{error}") from None
        with closing(connection):
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")
            except sqlite3.DatabaseError:
                pass  # a file that is not a database: prepare() names it
            prepare(connection, self.path)
            recover(connection)
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as connection:
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                raise RegisterUnusable(
                    f"{self.path} 正被另一个程序长时间占用；请等它结束后再试。"
                ) from None
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def number(
        self, requests: Sequence[Request], reissue: bool = False, batch: str = ""
    ) -> list[Entry]:
        """The entry of every request, in order: its existing number, or the next free one.

        All of a batch's entries are made in one transaction: all are committed, or none. With a
        ``batch`` they are pending until :meth:`issue`; without, they are issued at once.
        """
        with self._transaction() as connection:
            kept = [self._existing(connection, request, reissue, batch) for request in requests]
            return [
                entry or self._new(connection, request, batch)
                for entry, request in zip(kept, requests, strict=True)
            ]

    def placing(
        self, entries: Iterable[Entry], files: Mapping[int, Sequence[tuple[Path, str]]]
    ) -> None:
        """A batch's files are written and about to be placed: they are recorded with the numbers.

        ``files`` gives each document's files (path and SHA-256) by its id. Should the batch die
        while placing them, the next numbering finds out whether they all arrived (see
        :func:`register_recovery.recover`); voiding a document later marks them wherever they are.
        """
        rows = [
            (document, str(path), digest)
            for document, written in files.items()
            for path, digest in written
        ]
        ids = [(entry.id,) for entry in entries]
        with self._transaction() as connection:
            connection.executemany(
                "UPDATE documents SET state = 'placing' WHERE id = ? AND state = 'pending'", ids
            )
            connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", rows)

    def issue(self, entries: Iterable[Entry]) -> None:
        """Every file of the batch is in place: its documents are issued."""
        ids = [(entry.id,) for entry in entries]
        with self._transaction() as connection:
            connection.executemany(
                "UPDATE documents SET state = 'issued' WHERE id = ? AND state = 'placing'", ids
            )

    def files(self, entry: Entry) -> list[Path]:
        """The files a document was written to."""
        with self._connection() as connection:
            rows = connection.execute("SELECT path FROM files WHERE document = ?", (entry.id,))
            return [Path(str(row[0])) for row in rows.fetchall()]

    def release(self, entries: Iterable[Entry]) -> None:
        """A batch that failed (its files removed) gives its numbers back for the next documents."""
        ids = [(entry.id,) for entry in entries]
        with self._transaction() as connection:
            release(connection, ids)

    def _existing(
        self, connection: sqlite3.Connection, request: Request, reissue: bool, batch: str
    ) -> Entry | None:
        """The case's document already recorded, when it is to be used again (see the module)."""
        latest = self._latest(connection, request)
        if latest is not None and latest[12] == "pending" and _stale_or(str(latest[13]), batch):
            connection.execute("UPDATE documents SET batch = ? WHERE id = ?", (batch, latest[0]))
            return entry_of(latest, ())  # an interrupted batch run again: the same number
        if latest is not None and latest[12] != "void" and not reissue:
            return entry_of(latest, ())
        return None

    def _latest(self, connection: sqlite3.Connection, request: Request) -> Sequence[object] | None:
        row: Sequence[object] | None = connection.execute(
            f"SELECT {COLUMNS} FROM documents WHERE kind=? AND issuer=? AND year=? AND case_key=?"
            " ORDER BY edition DESC LIMIT 1",
            (request.kind, request.issuer, request.issued_on.year, request.case_key),
        ).fetchone()
        return row

    def _new(self, connection: sqlite3.Connection, request: Request, batch: str) -> Entry:
        """A new document (a new edition when the case had one), numbered when its kind is."""
        year = request.issued_on.year
        latest = self._latest(connection, request)
        number = self._free_number(connection, request, year) if request.numbered else None
        state = "pending" if batch else "issued"
        edition = int(str(latest[6])) + 1 if latest else 1
        return self._insert(connection, request, number, edition, state=state, batch=batch)

    def _insert(
        self,
        connection: sqlite3.Connection,
        request: Request,
        number: int | None,
        edition: int,
        *,
        state: str,
        batch: str = "",
        source: str = "reportgen",
    ) -> Entry:
        """Record a document with its number and edition; ``source`` says who numbered it."""
        cursor = connection.execute(
            "INSERT INTO documents (kind, issuer, year, number, case_key, edition, recipient,"
            " student, township, issued_on, deadline, state, batch, source, recorded_at,"
            " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request.kind,
                request.issuer,
                request.issued_on.year,
                number,
                request.case_key,
                edition,
                request.recipient,
                request.student,
                request.township,
                request.issued_on.isoformat(),
                request.deadline.isoformat() if request.deadline else None,
                state,
                batch,
                source,
                dt.datetime.now().isoformat(timespec="seconds"),
                self.who,
            ),
        )
        row = connection.execute(
            f"SELECT {COLUMNS} FROM documents WHERE id = ?", (cursor.lastrowid,)
        ).fetchone()
        return entry_of(row, ())

    def _free_number(self, connection: sqlite3.Connection, request: Request, year: int) -> int:
        """The number for a new document: an interrupted batch's left-over one first, so no gap."""
        for row_id, number, owner in connection.execute(
            "SELECT id, number, batch FROM documents WHERE issuer=? AND year=?"
            " AND state='pending' AND number IS NOT NULL ORDER BY number",
            (request.issuer, year),
        ).fetchall():
            if abandoned(str(owner)):
                connection.execute("DELETE FROM documents WHERE id = ?", (row_id,))
                return int(number)
        (number,) = connection.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM documents WHERE issuer=? AND year=?",
            (request.issuer, year),
        ).fetchone()
        return int(number)

    def entries(
        self,
        year: int | None = None,
        township: str | None = None,
        states: Sequence[str] = ("issued",),
    ) -> list[Entry]:
        """Documents by issuer, year and number; optionally one year or one township's."""
        if not self.path.exists():
            return []
        query = f"SELECT {COLUMNS} FROM documents WHERE state IN ({','.join('?' * len(states))})"
        arguments: list[object] = list(states)
        if year is not None:
            query, arguments = query + " AND year=?", [*arguments, year]
        if township is not None:
            query, arguments = query + " AND township=?", [*arguments, township]
        with self._connection() as connection:
            rows = connection.execute(query + " ORDER BY issuer, year, number, id", arguments)
            found = rows.fetchall()
            events = read_events(connection)
        return [entry_of(row, events.get(int(row[0]), ())) for row in found]

    def find(self, document_number: str) -> Entry:
        """The document a 文号 names, or an error saying the register has no such number."""
        match = NUMBER.match(document_number.strip())
        wanted = match.groups() if match else None
        for entry in self.entries(states=("issued", "void", "pending")):
            if wanted and (entry.issuer, str(entry.year), str(entry.number)) == wanted:
                return entry
        raise NotInRegister(
            f"文号登记簿中没有 {document_number}；可用 reportgen register list 查看"
        )

    def void(self, document_number: str, why: str) -> Entry:
        """Void a document: it stays in the register, marked, and its number is never used again."""
        entry = self.find(document_number)
        if entry.state == "void":
            raise ReportgenError(f"{document_number} 已经作废（{entry.void_reason}）")
        if not why.strip():
            raise ReportgenError("作废文号必须写明原因（--why）")
        with self._transaction() as connection:
            connection.execute(
                "UPDATE documents SET state='void', void_reason=?, voided_at=?, voided_by=?"
                " WHERE id = ?",
                (why.strip(), dt.datetime.now().isoformat(timespec="seconds"), self.who, entry.id),
            )
        return self.find(document_number)

    def record_event(self, entry: Entry, event: Event) -> None:
        """Record what happened to a document (its service, a reply, a statement)."""
        with self._transaction() as connection:
            self._insert_event(connection, entry.id, event)

    def _insert_event(self, connection: sqlite3.Connection, document: int, event: Event) -> None:
        connection.execute(
            "INSERT INTO events (document, kind, on_day, method, by_whom, note, recorded_at,"
            " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document,
                event.kind,
                event.on.isoformat(),
                event.method,
                event.by,
                event.note,
                dt.datetime.now().isoformat(timespec="seconds"),
                self.who,
            ),
        )

    def lookup(self, text: str) -> Entry:
        """The document a 文号 names however it is typed (城政控学[2026]3号), or a register id.

        Few keyboards have 〔〕, so square or round brackets, full-width digits, spaces and a 第
        are read too; a slip's code names a document without a 文号 by its register id.
        """
        parts = parse_document_number(text)
        if parts is not None:
            return self.find(document_number_text(*parts))
        if text.strip().isdigit() and self.path.exists():
            found = self._select("id = ?", [int(text.strip())])
            if found:
                return found[0]
        raise NotInRegister(
            f"“{text}”不是登记簿中的文号（应写作 城政控学〔2026〕3号，方括号也可以）；"
            "可用 reportgen register list 查看"
        )

    def record_events(
        self,
        events: Sequence[tuple[Entry, Event]],
        check: Callable[[list[Entry]], None] | None = None,
        correcting: bool = False,
    ) -> None:
        """Record many events in one transaction: all of them, or none.

        ``check`` sees the documents as the register holds them under the lock (another officer
        may have recorded a service a moment ago) and raises to refuse. With ``correcting``, each
        event replaces the document's earlier ones of its kind: they stay, marked corrected.
        """
        with self._transaction() as connection:
            if check is not None:
                ids = sorted({entry.id for entry, _ in events})
                check(self._select(f"id IN ({','.join('?' * len(ids))})", ids, connection))
            for entry, event in events:
                if correcting:
                    connection.execute(
                        "UPDATE events SET kind = ? WHERE document = ? AND kind = ?",
                        (CORRECTED + event.kind, entry.id, event.kind),
                    )
                self._insert_event(connection, entry.id, event)

    def enter(
        self,
        documents: Sequence[tuple[Request, int, Sequence[Event]]],
        refuse: Callable[[list[tuple[int, Entry]]], None],
        source: str = "import",
    ) -> list[Entry]:
        """Record documents numbered elsewhere (by hand, before reportgen) as issued, all or none.

        ``refuse`` is given every document (by its position) whose number the register already
        holds for the same issuer and year, in any state, void ones too, and raises to refuse.
        """
        with self._transaction() as connection:
            taken = [
                (position, found[0])
                for position, (request, number, _) in enumerate(documents)
                if (
                    found := self._select(
                        "issuer = ? AND year = ? AND number = ?",
                        [request.issuer, request.issued_on.year, number],
                        connection,
                    )
                )
            ]
            refuse(taken)
            return [
                self._enter_one(connection, request, number, events, source)
                for request, number, events in documents
            ]

    def _enter_one(
        self,
        connection: sqlite3.Connection,
        request: Request,
        number: int,
        events: Sequence[Event],
        source: str,
    ) -> Entry:
        latest = self._latest(connection, request)
        edition = int(str(latest[6])) + 1 if latest else 1
        entry = self._insert(connection, request, number, edition, state="issued", source=source)
        for event in events:
            self._insert_event(connection, entry.id, event)
        return self._select("id = ?", [entry.id], connection)[0]

    def _select(
        self,
        where: str,
        arguments: Sequence[object],
        connection: sqlite3.Connection | None = None,
    ) -> list[Entry]:
        """The documents a condition picks, with their events; on ``connection`` inside a transaction."""
        if connection is None:
            with self._connection() as opened:
                return self._select(where, arguments, opened)
        rows = connection.execute(f"SELECT {COLUMNS} FROM documents WHERE {where}", arguments)
        found = rows.fetchall()
        events = read_events(connection)
        return [entry_of(row, events.get(int(row[0]), ())) for row in found]

    def records(
        self, states: Sequence[str] = STATES, year: int | None = None, township: str | None = None
    ) -> list[Record]:
        """Every document with all the register knows of it, for an export an inspector reads."""
        if not self.path.exists():
            return []
        query = f"FROM documents WHERE state IN ({','.join('?' * len(states))})"
        arguments: list[object] = list(states)
        for column, value in (("year", year), ("township", township)):
            if value is not None:
                query, arguments = f"{query} AND {column} = ?", [*arguments, value]
        with self._connection() as connection:
            rows = connection.execute(
                f"SELECT {COLUMNS}, source, recorded_at, recorded_by, voided_at, voided_by"
                f" {query} ORDER BY issuer, year, number, id",
                arguments,
            ).fetchall()
            logs: dict[int, list[Logged]] = {}
            for document, *fields in connection.execute(
                "SELECT document, kind, on_day, method, by_whom, note, recorded_at, recorded_by"
                " FROM events ORDER BY on_day, id"
            ):
                kind, on, method, by, note, at, who = map(str, fields)
                event = Event(kind, dt.date.fromisoformat(on), method, by, note)
                logs.setdefault(int(document), []).append(Logged(event, at, who))
        return [record_of(row, tuple(logs.get(int(row[0]), ()))) for row in rows]


def register_beside(profile: Path) -> Register:
    """The register of a county workspace: the file beside its profile."""
    return Register(profile.parent / REGISTER_FILE)


def _stale_or(owner: str, batch: str) -> bool:
    """Whether a pending document may be taken over: its own batch's, or an abandoned one."""
    return owner == batch or abandoned(owner)
