"""The accounts of a workspace's web server: who may sign in, with which role, for which place.

Kept in ``.reportgen/users.sqlite`` inside the workspace. Passwords are stored only as Argon2id
hashes (argon2-cffi, the algorithm the Password Hashing Competition chose); sessions are random
tokens held server-side, so signing out, a new password or a disabled account ends them at once,
and they expire after a while idle and after a working day in any case. Failed sign-ins are
counted per account and per address: after a few, that account or address waits a while.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from reportgen.errors import ReportgenError, UsageProblem
from reportgen.profile import Profile
from reportgen.web import state_dir

USERS_FILE = "users.sqlite"
MIN_PASSWORD = 8
IDLE = dt.timedelta(minutes=30)
"""A session not used for this long has expired."""
LONGEST = dt.timedelta(hours=10)
"""No session lasts longer than a working day."""
FAILURES_ALLOWED = 5
"""Failed sign-ins to one account before it waits."""
ADDRESS_FAILURES_ALLOWED = 20
"""Failed sign-ins from one address before it waits: higher, as an office shares one address."""
THROTTLE = dt.timedelta(minutes=15)
"""The time within which failures count, and how long an account or address then waits."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL,
    township TEXT NOT NULL DEFAULT '', school TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY, name TEXT NOT NULL, started TEXT NOT NULL, seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at TEXT NOT NULL);
"""


class Role(StrEnum):
    """What an account may do: the whole county, one township's cases, or one school's."""

    county = "county"
    township = "township"
    school = "school"

    @property
    def label(self) -> str:
        """The role as staff call it."""
        return {"county": "县级管理员", "township": "乡镇经办人", "school": "学校"}[self.value]


@dataclass(frozen=True)
class User:
    """A signed-in account: its role and the township or school it is for."""

    name: str
    role: Role
    township: str = ""
    school: str = ""
    disabled: bool = False

    @property
    def scope(self) -> str:
        """What the account covers, as the pages show it."""
        return self.township or self.school or "全县"


class SignInRefused(ReportgenError):
    """A sign-in that did not succeed; the message never says which of name or password was wrong."""


class UserStore:
    """The accounts, sessions and failed sign-ins of one workspace."""

    def __init__(self, workspace: Path) -> None:
        self.path = state_dir(workspace) / USERS_FILE
        self._hasher = PasswordHasher()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.executescript(_SCHEMA)
            with connection:
                yield connection

    def add(self, user: User, password: str, profile: Profile) -> User:
        """A new account; its township or school must be one the county has."""
        _check_scope(user, profile)
        _check_password(password)
        with self._db() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (user.name,)).fetchone():
                raise UsageProblem(f"已有名为 {user.name} 的账户；改密码用 reportgen users passwd")
            db.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, 0, ?)",
                (
                    user.name,
                    self._hasher.hash(password),
                    user.role.value,
                    user.township,
                    user.school,
                    _now().isoformat(timespec="seconds"),
                ),
            )
        return user

    def users(self) -> list[User]:
        """Every account, county accounts first."""
        with self._db() as db:
            rows = db.execute("SELECT name, role, township, school, disabled FROM users")
            found = [_user(row) for row in rows.fetchall()]
        order = list(Role)
        return sorted(found, key=lambda u: (order.index(u.role), u.township, u.school, u.name))

    def get(self, name: str) -> User:
        """One account, or an error naming it."""
        with self._db() as db:
            row = db.execute(
                "SELECT name, role, township, school, disabled FROM users WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            raise UsageProblem(f"没有名为 {name} 的账户；可用 reportgen users list 查看")
        return _user(row)

    def set_password(self, name: str, password: str) -> None:
        """A new password; the account's sessions end."""
        self.get(name)
        _check_password(password)
        with self._db() as db:
            db.execute(
                "UPDATE users SET hash = ? WHERE name = ?", (self._hasher.hash(password), name)
            )
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable an account (its sessions end at once) or enable it again."""
        self.get(name)
        with self._db() as db:
            db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def sign_in(self, name: str, password: str, address: str) -> str:
        """A new session token for a correct name and password, unless throttled or disabled.

        A failure is committed before it is reported, so that it counts towards the throttle.
        """
        keys = (f"user:{name}", f"address:{address}")
        with self._db() as db:
            throttled = self._throttled(db, keys)
            row = (
                None
                if throttled
                else db.execute(
                    "SELECT hash, disabled FROM users WHERE name = ?", (name,)
                ).fetchone()
            )
            correct = (
                row is not None and not row[1] and self._verify(str(row[0]), password, name, db)
            )
            if not throttled and not correct:
                now = _now().isoformat()
                db.executemany("INSERT INTO failures VALUES (?, ?)", [(key, now) for key in keys])
            if correct:
                db.execute("DELETE FROM failures WHERE key = ?", (keys[0],))
                token = secrets.token_urlsafe(32)
                now = _now().isoformat()
                db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (token, name, now, now))
        if throttled:
            minutes = int(THROTTLE.total_seconds() // 60)
            raise SignInRefused(f"登录失败次数过多，请 {minutes} 分钟后再试")
        if not correct:
            raise SignInRefused("用户名或密码不对，或账户已停用")
        return token

    @staticmethod
    def _throttled(db: sqlite3.Connection, keys: tuple[str, str]) -> bool:
        """Whether the account or the address has failed too often lately."""
        db.execute("DELETE FROM failures WHERE at < ?", ((_now() - THROTTLE).isoformat(),))
        for key, allowed in zip(keys, (FAILURES_ALLOWED, ADDRESS_FAILURES_ALLOWED), strict=True):
            (count,) = db.execute("SELECT COUNT(*) FROM failures WHERE key = ?", (key,)).fetchone()
            if count >= allowed:
                return True
        return False

    def _verify(self, stored: str, password: str, name: str, db: sqlite3.Connection) -> bool:
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        if self._hasher.check_needs_rehash(stored):
            db.execute(
                "UPDATE users SET hash = ? WHERE name = ?", (self._hasher.hash(password), name)
            )
        return True

    def session_user(self, token: str) -> User | None:
        """The account a session token belongs to, while the session lasts; it is kept alive."""
        now = _now()
        with self._db() as db:
            row = db.execute(
                "SELECT u.name, u.role, u.township, u.school, u.disabled, s.started, s.seen"
                " FROM sessions s JOIN users u ON u.name = s.name WHERE s.token = ?",
                (token,),
            ).fetchone()
            if row is None:
                return None
            started, seen = dt.datetime.fromisoformat(row[5]), dt.datetime.fromisoformat(row[6])
            if row[4] or now - seen > IDLE or now - started > LONGEST:
                db.execute("DELETE FROM sessions WHERE token = ?", (token,))
                return None
            db.execute("UPDATE sessions SET seen = ? WHERE token = ?", (now.isoformat(), token))
        return _user(row[:5])

    def sign_out(self, token: str) -> None:
        """End a session."""
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE token = ?", (token,))


def _check_scope(user: User, profile: Profile) -> None:
    """A township account names a township of the county; a school account names a school."""
    if user.role is Role.township:
        if profile.township(user.township) is None:
            known = "、".join(t.name for t in profile.townships) or "（县区配置中没有乡镇）"
            raise UsageProblem(f"乡镇经办人要用 --township 指定本县的乡镇：{known}")
        if user.school:
            raise UsageProblem("乡镇经办人不指定学校（--school 只用于学校账户）")
    elif user.role is Role.school:
        if not user.school.strip():
            raise UsageProblem("学校账户要用 --school 指定学校（与台账“学校”列的写法一致）")
    elif user.township or user.school:
        raise UsageProblem("县级管理员管理全县，不指定乡镇或学校")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageProblem(f"密码至少要 {MIN_PASSWORD} 个字符")


def _user(row: tuple[object, ...]) -> User:
    return User(str(row[0]), Role(str(row[1])), str(row[2]), str(row[3]), bool(row[4]))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
