"""The register's file: its schema, its version, and the upgrade of registers written earlier.

A register is a county's legal record, so its file is never guessed at: a register of an earlier
version is upgraded in one transaction (nothing is renumbered), and a newer, corrupt, locked or
foreign file is refused with a message saying what to do — never a traceback, never a fresh
register laid over it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reportgen.errors import InputUnreadable

VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    issuer      TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER,
    case_key    TEXT    NOT NULL,
    edition     INTEGER NOT NULL,
    recipient   TEXT    NOT NULL,
    student     TEXT    NOT NULL,
    township    TEXT    NOT NULL,
    issued_on   TEXT    NOT NULL,
    deadline    TEXT,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'placing', 'issued', 'void')),
    batch       TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT 'reportgen',
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL DEFAULT '',
    void_reason TEXT    NOT NULL DEFAULT '',
    voided_at   TEXT    NOT NULL DEFAULT '',
    voided_by   TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS document_numbers
    ON documents (issuer, year, number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS document_editions
    ON documents (kind, issuer, year, case_key, edition);
CREATE TABLE IF NOT EXISTS events (
    id          INTEGER PRIMARY KEY,
    document    INTEGER NOT NULL REFERENCES documents (id),
    kind        TEXT    NOT NULL,
    on_day      TEXT    NOT NULL,
    method      TEXT    NOT NULL DEFAULT '',
    by_whom     TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    recorded_at TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_of_documents ON events (document);
CREATE TABLE IF NOT EXISTS files (
    document    INTEGER NOT NULL REFERENCES documents (id),
    path        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    PRIMARY KEY (document, path)
);
"""
"""Every document reportgen made (a 文号, or none for letters and reports) and what happened to it."""

_UPGRADE_FROM_1 = """
INSERT INTO documents (kind, issuer, year, number, case_key, edition, recipient, student,
                       township, issued_on, deadline, state, recorded_at)
SELECT kind, issuer, year, number, case_key, edition, recipient, student, township, issued_on,
       deadline, 'issued', recorded_at FROM issued ORDER BY issuer, year, number;
DROP TABLE issued;
"""


class RegisterUnusable(InputUnreadable):
    """The register file cannot be used as it is; the message says why and what to do."""


def prepare(connection: sqlite3.Connection, path: Path) -> None:
    """Make a new register, upgrade an earlier one, or refuse a file that is not one we can use."""
    tables = _tables(connection, path)
    if "meta" not in tables:
        if tables and not tables & {"issued", "documents", "events"}:
            raise RegisterUnusable(
                f"{path} 是别的程序的数据库，不是文号登记簿；请在配置旁放 reportgen 自己的登记簿，"
                "或把这个文件移走。"
            )
        connection.execute("BEGIN IMMEDIATE")
        try:
            _create(connection, _tables(connection, path))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    _check_version(connection, path)


def _tables(connection: sqlite3.Connection, path: Path) -> set[str]:
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise RegisterUnusable(
                f"{path} 正被另一个程序长时间占用；请等它结束（或关闭打开它的程序）后再试。"
            ) from None
        raise RegisterUnusable(
            f"{path} 不是可读的文号登记簿（文件已损坏或不是 SQLite 数据库）。"
            "请不要删除它：找到最近的备份替换它，或把它交给管理员检查。"
        ) from None


def _create(connection: sqlite3.Connection, tables: set[str]) -> None:
    """The tables of this version, with an earlier register's documents moved into them."""
    if "meta" in tables:  # another process made it while this one waited for the lock
        return
    script = SCHEMA + (_UPGRADE_FROM_1 if "issued" in tables else "")
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(VERSION),))


def _check_version(connection: sqlite3.Connection, path: Path) -> None:
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row and str(row[0]).isdigit() else 0
    if version > VERSION:
        raise RegisterUnusable(
            f"{path} 是较新版本的 reportgen 建立的文号登记簿（第 {version} 版），"
            f"这个版本只认识第 {VERSION} 版：请先升级 reportgen，再使用这个登记簿。"
        )
    if version < 1:
        raise RegisterUnusable(f"{path} 的版本信息已损坏；请从备份恢复登记簿，或交给管理员检查。")
