"""Recovery of the register after a batch died: its documents finished, or their numbers given back.

A batch marks its documents *placing* while it moves their files into place; if it is killed
then, the next connection to the register (any command) looks at what arrived and settles each
document, so the register never holds a number without its files.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from reportgen.running import abandoned


def release(connection: sqlite3.Connection, ids: Sequence[tuple[int]]) -> None:
    """Give the numbers of unfinished documents back: pending again, their files forgotten."""
    connection.executemany(
        "UPDATE documents SET state = 'pending', batch = '' WHERE id = ?"
        " AND state IN ('pending', 'placing')",
        ids,
    )
    connection.executemany("DELETE FROM files WHERE document = ?", ids)


def recover(connection: sqlite3.Connection) -> None:
    """Finish what a batch killed while placing its files left: issued, or taken back.

    When every file it recorded is there as written, its documents were complete and are issued;
    otherwise the files that did arrive are removed (they carry numbers no longer theirs) and the
    numbers go to the next documents.
    """
    placing = connection.execute("SELECT id, batch FROM documents WHERE state = 'placing'")
    interrupted = [int(row[0]) for row in placing.fetchall() if abandoned(str(row[1]))]
    if not interrupted:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        for document in interrupted:
            _complete_or_take_back(connection, document)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _complete_or_take_back(connection: sqlite3.Connection, document: int) -> None:
    """One interrupted document: issued when its files all arrived whole, else taken back."""
    files = connection.execute(
        "SELECT path, sha256 FROM files WHERE document = ?", (document,)
    ).fetchall()
    whole = all(
        Path(str(path)).is_file()
        and hashlib.sha256(Path(str(path)).read_bytes()).hexdigest() == digest
        for path, digest in files
    )
    if whole:
        connection.execute("UPDATE documents SET state = 'issued' WHERE id = ?", (document,))
        return
    for path, _ in files:
        Path(str(path)).unlink(missing_ok=True)
    release(connection, [(document,)])
