"""Every role against every route: the server refuses what a role may not open, and a township or
school account gets 404 for another township's or school's case, document, download and entry."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from reportgen.web.access import ROLES_ATTRIBUTE
from reportgen.web.users import Role
from tests.web_site import ACCOUNTS, Browser, app_for, eligible, make_workspace, sign_in

COUNTY, TOWNSHIP, SCHOOL = (Role.county,), (Role.county, Role.township), tuple(Role)
ROUTES = {
    "auth.home": SCHOOL,
    "auth.sign_out": SCHOOL,
    "auth.password": SCHOOL,
    "ledger.upload_form": SCHOOL,
    "ledger.upload": SCHOOL,
    "ledger.check": SCHOOL,
    "ledger.marked": SCHOOL,
    "ledger.install": COUNTY,
    "cases.listing": SCHOOL,
    "cases.case_file": SCHOOL,
    "cases.due": SCHOOL,
    "cases.due_workbook": TOWNSHIP,
    "documents.form": SCHOOL,
    "documents.start": SCHOOL,
    "documents.jobs": SCHOOL,
    "documents.job_page": SCHOOL,
    "documents.progress": SCHOOL,
    "documents.download": SCHOOL,
    "register.listing": SCHOOL,
    "register.entry_page": SCHOOL,
    "register.entry_file": SCHOOL,
    "register.served": TOWNSHIP,
    "register.void": TOWNSHIP,
    "register.scan": TOWNSHIP,
    "register.export": SCHOOL,
    "reports.form": COUNTY,
    "reports.save_content": COUNTY,
    "reports.start": COUNTY,
    "reports.ledgers": TOWNSHIP,
    "admin.profile": COUNTY,
    "admin.templates": COUNTY,
    "admin.upload_template": COUNTY,
    "admin.remove_template": COUNTY,
    "admin.users": COUNTY,
    "admin.add_user": COUNTY,
    "admin.change_user": COUNTY,
    "admin.audit": COUNTY,
}
"""Who may open each route. A route missing here fails the first test: say who it is for."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, str]]]:
    """A workspace with a batch of 城关镇 numbered and a 城关镇 officer's upload: their ids."""
    root = make_workspace(tmp_path_factory.mktemp("access"))
    app = app_for(root)
    officer = sign_in(app, "cg")
    case = eligible(root, "城关镇", 1)[0]
    started = officer.post(
        "/documents/", {"kind": "deadline", "case": [case], "format-docx": "1", "format-pdf": "1"}
    )
    job = started.headers["Location"].rsplit("/", 1)[1]
    wait(officer, job)
    entry = re.findall(r'href="/register/(\d+)"', officer.get("/register/").text)[0]
    uploaded = officer.post(
        "/ledger/",
        {"file": ((root / "台账.xlsx").open("rb"), "城关镇台账.xlsx")},
        content_type="multipart/form-data",
    )
    token = uploaded.headers["Location"].rsplit("/", 1)[1]
    yield app, {"identifier": case, "entry_id": entry, "job_id": job, "token": token}


def wait(browser: Browser, job: str) -> str:
    """The job's progress part once it has finished."""
    for _ in range(600):
        part = browser.get(f"/documents/jobs/{job}/progress").text
        if 'id="done"' in part or 'id="failed"' in part:
            return part
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def test_every_route_declares_its_roles(served: tuple[Flask, dict[str, str]]) -> None:
    app, _ = served
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints == set(ROUTES) | {"auth.sign_in"}
    for endpoint, roles in ROUTES.items():
        declared = getattr(app.view_functions[endpoint], ROLES_ATTRIBUTE)
        assert set(declared) == set(roles), endpoint


def _urls(app: Flask, ids: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    values = {**ids, "number": "0", "name": "nobody", "change": "nothing"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ROUTES:
            url = rule.rule
            for argument in rule.arguments:
                url = re.sub(rf"<(?:\w+:)?{argument}>", values[argument], url)
            method = (
                "POST"
                if "POST" in (rule.methods or ()) and "GET" not in (rule.methods or ())
                else "GET"
            )
            yield rule.endpoint, method, url


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_every_role_against_every_route(served: tuple[Flask, dict[str, str]], account: str) -> None:
    """A role outside a route's roles gets 403; inside, never 403 (its own objects' routes open)."""
    app, ids = served
    role = ACCOUNTS[account].role
    browser = sign_in(app, account)
    for endpoint, method, url in _urls(app, ids):
        if endpoint == "auth.sign_out":
            continue  # signs the client out; tested with the session tests
        answer = browser.post(url) if method == "POST" else browser.get(url)
        if role not in ROUTES[endpoint]:
            assert answer.status_code == 403, (account, url)
        else:
            assert answer.status_code != 403, (account, url, answer.status_code)


def test_signed_out_every_route_goes_to_sign_in(served: tuple[Flask, dict[str, str]]) -> None:
    app, ids = served
    client = app.test_client()
    for _, method, url in _urls(app, ids):
        answer = client.open(url, method=method)
        assert answer.status_code in (302, 400), url  # 400: a POST without a CSRF token
        if answer.status_code == 302:
            assert answer.headers["Location"].startswith("/login")


OTHERS = ("df", "school2")


@pytest.mark.parametrize("account", OTHERS)
def test_another_township_or_school_gets_404(
    served: tuple[Flask, dict[str, str]], account: str
) -> None:
    """The 城关镇 case, its document, its files, its batch and its upload are not there for them."""
    app, ids = served
    browser = sign_in(app, account)
    entry, job, case = ids["entry_id"], ids["job_id"], ids["identifier"]
    pages = [
        f"/cases/{case}",
        f"/register/{entry}",
        f"/register/{entry}/files/0",
        f"/documents/jobs/{job}",
        f"/documents/jobs/{job}/progress",
        f"/documents/jobs/{job}/merged-pdf",
        f"/documents/jobs/{job}/zip",
        f"/ledger/{ids['token']}",
        f"/ledger/{ids['token']}/marked.xlsx",
    ]
    for url in pages:
        assert browser.get(url).status_code == 404, url
    if account == "df":
        for url in (f"/register/{entry}/served", f"/register/{entry}/void"):
            answer = browser.post(url, {"method": "直接送达", "why": "试"})
            assert answer.status_code == 404, url


def test_the_officer_and_the_county_see_the_same_objects(
    served: tuple[Flask, dict[str, str]],
) -> None:
    app, ids = served
    for account in ("cg", "bureau"):
        browser = sign_in(app, account)
        for url in (
            f"/cases/{ids['identifier']}",
            f"/register/{ids['entry_id']}",
            f"/register/{ids['entry_id']}/files/0",
            f"/documents/jobs/{ids['job_id']}/merged-pdf",
        ):
            assert browser.get(url).status_code == 200, (account, url)


def test_lists_hold_only_the_accounts_own(served: tuple[Flask, dict[str, str]]) -> None:
    """Case list, due list, register and its export of 东风镇 name no 城关镇 child, and the reverse."""
    app, _ = served
    county = sign_in(app, "bureau")
    every = json.loads(county.get("/register/export.json").data)
    assert {entry["township"] for entry in every} == {"城关镇"}
    dongfeng = sign_in(app, "df")
    assert json.loads(dongfeng.get("/register/export.json").data) == []
    assert every[0]["student"] not in dongfeng.get("/register/").text
    cases = dongfeng.get("/cases/").text
    assert "东风镇" in cases and "城关镇" not in cases.split('id="cases"')[1]
    assert "城关镇" not in dongfeng.get("/cases/due").text.split("</header>")[1]
    asked = dongfeng.get("/cases/?township=城关镇").text  # the filter cannot widen the scope
    assert "城关镇" not in asked.split('id="cases"')[1]
    school = sign_in(app, "school1").get("/cases/").text.split('id="cases"')[1]
    assert "城关中心小学" in school and "东风中心小学" not in school


def test_a_township_batch_is_cut_to_its_township(
    served: tuple[Flask, dict[str, str]], tmp_path: Path
) -> None:
    """Ticking another township's case is refused; asking for another township gives one's own."""
    app, ids = served
    dongfeng = sign_in(app, "df")
    answer = dongfeng.post("/documents/", {"kind": "deadline", "case": [ids["identifier"]]})
    assert answer.status_code == 422
    assert "不在本账户可见的台账中" in answer.text
    assert dongfeng.post("/documents/", {"kind": "inquiry"}).status_code == 403
    school = sign_in(app, "school1")
    assert school.post("/documents/", {"kind": "deadline"}).status_code == 403


def test_a_page_that_does_not_exist_is_404_for_everyone(
    served: tuple[Flask, dict[str, str]],
) -> None:
    app, _ = served
    assert sign_in(app, "cg").get("/favicon.ico").status_code == 404
    assert app.test_client().get("/favicon.ico").status_code == 302
