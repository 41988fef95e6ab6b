"""A served sample county for the web tests: a workspace copy, accounts of every role, and a client
that signs in the way a browser does (form, session cookie, CSRF token)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from reportgen.casework.register import Register
from reportgen.documents.request import BatchRequest
from reportgen.documents.selection import select
from reportgen.profile import load_profile
from reportgen.web.app import create_app
from reportgen.web.demo import prepare_demo
from reportgen.web.site import case_id
from reportgen.web.users import Role, User, UserStore

PASSWORD = "correct horse battery"
ACCOUNTS = {
    "bureau": User("bureau", Role.county),
    "cg": User("cg", Role.township, township="城关镇"),
    "df": User("df", Role.township, township="东风镇"),
    "school1": User("school1", Role.school, school="城关中心小学"),
    "school2": User("school2", Role.school, school="东风中心小学"),
}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_workspace(folder: Path) -> Path:
    """The sample county as a workspace, with one account of each kind (all one password)."""
    root, _ = prepare_demo(folder)
    store = UserStore(root)
    profile = load_profile(root / "profile.yaml")
    for account in ACCOUNTS.values():
        store.add(account, PASSWORD, profile)
    return root


def copy_workspace(template: Path, folder: Path) -> Path:
    """A fresh copy of a prepared workspace, so a test may change it freely."""
    return Path(shutil.copytree(template, folder / template.name))


@dataclass
class Browser:
    """A test client signed in as one account."""

    client: FlaskClient
    token: str

    def get(self, url: str, **options: object) -> TestResponse:
        """GET a page."""
        return self.client.get(url, buffered=True, **options)  # type: ignore[arg-type]

    def post(
        self, url: str, data: dict[str, object] | None = None, **options: object
    ) -> TestResponse:
        """POST a form with the session's CSRF token, as the page's own form would."""
        form = {"csrf_token": self.token, **(data or {})}
        return self.client.post(url, data=form, buffered=True, **options)  # type: ignore[arg-type]


def sign_in(app: Flask, name: str, password: str = PASSWORD) -> Browser:
    """A client signed in through the sign-in form."""
    client = app.test_client()
    token = csrf(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    assert answer.status_code == 302, answer.text
    return Browser(client, csrf(client.get("/").text))


def csrf(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _TOKEN.search(page)
    assert found, page
    return found.group(1)


def eligible(root: Path, township: str, count: int, kind: str = "deadline") -> list[str]:
    """Ids (as the pages use them) of cases of a township that a batch of ``kind`` would take."""
    profile = load_profile(root / "profile.yaml")
    request = BatchRequest(
        ledger=profile.ledger,
        profile=profile,
        register=Register(root / "文号登记.sqlite"),
        out=root / "unused",
        kind=kind,
        township=township,
    )
    with create_app(root).app_context():  # ids are keyed with the workspace's secret
        return [case_id(item.subject.case) for item in select(request).items[:count]]


def text(page: str) -> str:
    """A page's visible text, tags removed and white space squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def app_for(root: Path) -> Flask:
    """The app serving a workspace, in testing mode."""
    app = create_app(root)
    app.config["TESTING"] = True
    return app
