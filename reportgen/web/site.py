"""The workspace a server owns, and what a page needs of it for the signed-in user.

The library is called here as the command line calls it: the profile read from the workspace,
the register beside it (recording who numbered, served or voided a document), the county's
ledger followed up against it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g, request

from reportgen.casework.cases import Case, Ledger
from reportgen.casework.followup import FollowUp, load_follow_up
from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.errors import UsageProblem
from reportgen.intake.fields import ROSTERS
from reportgen.profile import Profile, load_profile
from reportgen.web import state_dir
from reportgen.web.access import sees_case
from reportgen.web.audit import AuditLog
from reportgen.web.jobs import Jobs
from reportgen.web.users import User, UserStore
from reportgen.workspace import Workspace

OUTPUTS_DIR = "网页生成"
"""The workspace folder of what the pages made: one folder per batch or report."""


@dataclass
class Site:
    """One county workspace served: its files, accounts, audit log and jobs."""

    root: Path
    users: UserStore
    audit: AuditLog
    jobs: Jobs

    @classmethod
    def open(cls, root: Path) -> Site:
        """The site of a workspace; it must hold a profile."""
        root = root.resolve()
        if not Workspace(root).profile.is_file():
            raise UsageProblem(
                f"{root} 不是县区工作文件夹（没有 profile.yaml）；请用 reportgen init 新建，"
                "或用 --workspace 指定"
            )
        return cls(root, UserStore(root), AuditLog(root), Jobs(root / OUTPUTS_DIR))

    @property
    def workspace(self) -> Workspace:
        """The workspace's files."""
        return Workspace(self.root)

    @property
    def uploads(self) -> Path:
        """Where uploaded files wait: inside the workspace, under names the server chose."""
        folder = state_dir(self.root) / "uploads"
        folder.mkdir(exist_ok=True)
        return folder

    @property
    def exports(self) -> Path:
        """Where exported workbooks are written before they are sent."""
        folder = state_dir(self.root) / "exports"
        folder.mkdir(exist_ok=True)
        return folder

    def keep_history(self, path: Path) -> None:
        """A copy of a workspace file about to be replaced, in the server's history folder."""
        if path.is_file():
            history = state_dir(self.root) / "history"
            history.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            shutil.copy2(path, history / f"{path.stem}-{stamp}{path.suffix}")

    def profile(self) -> Profile:
        """The county profile, read afresh so that a change made on the profile page counts."""
        return load_profile(self.workspace.profile)

    def source(self, kind: str) -> Path:
        """The workspace file a document kind is made from: its roster, or the case ledger."""
        if kind in ROSTERS:
            return self.root / f"{ROSTERS[kind].title}.xlsx"
        return self.profile().ledger

    def register(self) -> Register:
        """The register, recording the signed-in user as who did what."""
        return Register(self.root / REGISTER_FILE, who=user().name)

    def follow_up(self, as_of: dt.date | None = None) -> tuple[Ledger, list[FollowUp]]:
        """The county ledger followed up; only the signed-in user's cases."""
        ledger, followups = load_follow_up(
            self.profile(), self.register(), as_of or dt.date.today()
        )
        return ledger, [item for item in followups if sees_case(user(), item.case)]


def site() -> Site:
    """The site of the running app."""
    found: Site = current_app.extensions["reportgen"]
    return found


def user() -> User:
    """The signed-in user (every page but sign-in has one)."""
    signed_in: User = g.user
    return signed_in


def address() -> str:
    """Where the request came from, for the audit log."""
    return request.remote_addr or ""


def record(action: str, detail: str = "") -> None:
    """Write one line of the audit log for the signed-in user."""
    site().audit.record(user().name, address(), action, detail)


def case_id(case: Case) -> str:
    """A case's id in addresses, so ID numbers never appear in a URL, a history or a log.

    Keyed with the server's secret: a plain digest of an ID number could be reversed by trying
    the few million numbers of a county, a keyed one cannot without the key.
    """
    secret: bytes = current_app.config["SECRET_KEY"]
    return hmac.new(secret, case.key.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def site_of(app: Flask) -> Site:
    """The site an app serves."""
    found: Site = app.extensions["reportgen"]
    return found
