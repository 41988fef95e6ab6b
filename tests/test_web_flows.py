"""The web pages' main flows through the framework's client, each file read back as a user gets it:
the ledger's validation and its red cells, a batch and its downloads, service and voiding in the
register (recorded under the signed-in user), the audit log, and what the pages refuse."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from flask import Flask
from openpyxl import load_workbook

from reportgen.web.demo import MESSY_LEDGER
from tests.conftest import pdf_text
from tests.test_web_access import wait
from tests.web_site import Browser, app_for, copy_workspace, eligible, make_workspace, sign_in, text


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace with its accounts, made once; each test works on a copy."""
    return make_workspace(tmp_path_factory.mktemp("prepared"))


@pytest.fixture
def root(prepared: Path, tmp_path: Path) -> Path:
    """A copy of the workspace for one test."""
    return copy_workspace(prepared, tmp_path)


@pytest.fixture
def app(root: Path) -> Flask:
    """The app serving the test's workspace."""
    return app_for(root)


def upload(browser: Browser, path: Path, name: str | None = None, purpose: str = "ledger") -> str:
    """Upload a file to the ledger page; the page it leads to."""
    answer = browser.post(
        "/ledger/",
        {"file": (io.BytesIO(path.read_bytes()), name or path.name), "purpose": purpose},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def test_a_messy_ledger_is_tabled_and_comes_back_marked_red(app: Flask, root: Path) -> None:
    browser = sign_in(app, "cg")
    page = upload(browser, root / MESSY_LEDGER, "../../有错误的台账.xlsx")
    shown = browser.get(page).text
    rows = re.findall(r'<tr class="error">(.*?)</tr>', shown, re.DOTALL)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    assert [(c[2], c[3]) for c in cells] == [
        ("4", "身份证号码"),
        ("5", "离校日期"),
        ("6", "核查类别"),
    ]
    assert "校验位不对" in cells[0][5] and cells[2][4] == "Z"
    assert "错误 3 处" in text(shown) and 'id="install"' not in shown
    marked = browser.get(f"{page}/marked.xlsx")
    sheet = load_workbook(io.BytesIO(marked.data))["台账"]
    headers = [c.value for c in sheet[3]]
    for row, header in ((4, "身份证号码"), (5, "离校日期"), (6, "核查类别")):
        cell = sheet.cell(row, headers.index(header) + 1)
        assert cell.fill.fgColor.rgb.endswith("FFC7CE")
        assert cell.comment is not None and cell.comment.text.startswith("错误：")
    assert sheet.cell(7, 2).fill.fgColor.rgb in (None, "00000000")
    uploads = root / ".reportgen" / "uploads"
    assert not list(root.parent.glob("*.xlsx")) and len(list(uploads.glob("*.xlsx"))) == 2


def test_markup_in_a_ledger_is_shown_as_text(app: Flask, root: Path, tmp_path: Path) -> None:
    """A cell that holds HTML is a value like any other: the page shows it, never runs it."""
    workbook = load_workbook(root / "台账.xlsx")
    sheet = workbook["台账"]
    headers = [cell.value for cell in sheet[3]]
    sheet.cell(4, headers.index("核查类别") + 1, "<script>alert(1)</script>")
    hostile = tmp_path / "hostile.xlsx"
    workbook.save(hostile)
    browser = sign_in(app, "cg")
    page = browser.get(upload(browser, hostile)).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_clean_ledger_becomes_the_county_ledger(app: Flask, root: Path, tmp_path: Path) -> None:
    ledger = root / "台账.xlsx"
    workbook = load_workbook(ledger)
    workbook["台账"].cell(4, 2, "改过的名字")
    corrected = tmp_path / "改正后.xlsx"
    workbook.save(corrected)
    county = sign_in(app, "bureau")
    page = upload(county, corrected)
    assert "错误 0 处" in text(county.get(page).text)
    assert sign_in(app, "cg").post(f"{page}/install").status_code == 403
    assert county.post(f"{page}/install").status_code == 302
    assert load_workbook(ledger)["台账"].cell(4, 2).value == "改过的名字"
    assert len(list((root / ".reportgen" / "history").glob("台账-*.xlsx"))) == 1
    assert "改过的名字" in county.get("/cases/").text


def test_a_roster_is_checked_as_a_roster(app: Flask, root: Path) -> None:
    """A school checks its subsidy roster; as the case ledger the same file is wrong."""
    school = sign_in(app, "school1")
    roster = root / "资助名单.xlsx"
    page = school.get(upload(school, roster, purpose="subsidy")).text
    assert "资助名单校验" in page and "错误 0 处" in text(page) and 'id="install"' not in page
    as_ledger = text(school.get(upload(school, roster)).text)
    assert "台账校验" in as_ledger and "错误 0 处" not in as_ledger
    county = sign_in(app, "bureau")
    installed = county.post(f"{upload(county, roster, '新资助名单.xlsx', 'subsidy')}/install")
    assert installed.status_code == 302
    assert list((root / ".reportgen" / "history").glob("资助名单-*.xlsx"))


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("台账.xlsx", b"MZ\x90\x00 not a workbook", 422),
        ("台账.exe", b"PK\x03\x04", 422),
        ("台账.csv", b"\x00\x01\x02binary", 422),
        ("台账.xlsx", b"", 422),
    ],
)
def test_uploads_are_refused_by_type_and_size(
    app: Flask, root: Path, name: str, content: bytes, status: int
) -> None:
    browser = sign_in(app, "cg")
    answer = browser.post(
        "/ledger/", {"file": (io.BytesIO(content), name)}, content_type="multipart/form-data"
    )
    assert answer.status_code == status
    assert not list((root / ".reportgen" / "uploads").glob("*.*"))


def test_an_upload_larger_than_allowed_is_refused_unread(app: Flask, root: Path) -> None:
    browser = sign_in(app, "cg")
    boundary = "reportgen-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{browser.token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file";'
            ' filename="big.xlsx"\r\n\r\nPK\x03\x04'
        ).encode()
        + b"0" * (21 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    answer = browser.client.post(
        "/ledger/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert answer.status_code == 413 and "最大 20 MB" in answer.text
    assert not list((root / ".reportgen" / "uploads").glob("*.*"))


def test_a_batch_numbers_writes_and_downloads(app: Flask, root: Path) -> None:
    """Two ticked cases: the merged PDF, the merged DOCX and the zip, each read back."""
    officer = sign_in(app, "cg")
    ticked = eligible(root, "城关镇", 2)
    form = officer.get("/documents/new", query_string=[("case", c) for c in ticked]).text
    names = re.findall(r"checked> (\S+)（城关镇", form)
    assert len(names) == 2
    started = officer.post(
        "/documents/", {"kind": "deadline", "case": ticked, "format-pdf": "1", "format-docx": "1"}
    )
    job = started.headers["Location"].rsplit("/", 1)[1]
    done = text(wait(officer, job))
    assert "共生成 2 份限期复学通知书" in done and "城政控学〔" in done
    pdf = root / "merged.pdf"
    pdf.write_bytes(officer.get(f"/documents/jobs/{job}/merged-pdf").data)
    printed = pdf_text(pdf)
    assert all(name in printed for name in names) and "城政控学" in printed
    docx = Document(io.BytesIO(officer.get(f"/documents/jobs/{job}/merged-docx").data))
    assert all(name in "\n".join(p.text for p in docx.paragraphs) for name in names)
    bundle = zipfile.ZipFile(io.BytesIO(officer.get(f"/documents/jobs/{job}/zip").data))
    assert sorted(Path(n).suffix for n in bundle.namelist()) == [".docx", ".docx", ".pdf", ".pdf"]
    with sqlite3.connect(root / "文号登记.sqlite") as db:
        recorded = db.execute("SELECT recorded_by, state FROM documents").fetchall()
    assert recorded == [("cg", "issued"), ("cg", "issued")]


def test_service_and_voiding_are_recorded_under_the_user(app: Flask, root: Path) -> None:
    officer = sign_in(app, "cg")
    started = officer.post(
        "/documents/", {"kind": "deadline", "case": eligible(root, "城关镇", 1), "format-docx": "1"}
    )
    wait(officer, started.headers["Location"].rsplit("/", 1)[1])
    entry = re.findall(r'href="/register/(\d+)"', officer.get("/register/").text)[0]
    issued = re.search(r"成文日期 (\S+)", text(officer.get(f"/register/{entry}").text))
    assert issued
    served = officer.post(
        f"/register/{entry}/served",
        {"on": issued.group(1), "method": "留置送达", "by": "王建军", "note": "拒收，村干部见证"},
    )
    assert served.status_code == 302
    page = text(officer.get(f"/register/{entry}").text)
    assert "留置送达 王建军 拒收，村干部见证" in page
    assert (
        officer.post(
            f"/register/{entry}/served", {"on": "2099-1-1", "method": "直接送达"}
        ).status_code
        == 422
    )
    assert officer.post(f"/register/{entry}/served", {"method": "托人带话"}).status_code == 422
    assert officer.post(f"/register/{entry}/void", {"why": ""}).status_code == 422
    assert officer.post(f"/register/{entry}/void", {"why": "受送达人写错"}).status_code == 302
    assert "已作废：受送达人写错" in text(officer.get(f"/register/{entry}").text)
    with sqlite3.connect(root / "文号登记.sqlite") as db:
        assert db.execute("SELECT recorded_by FROM events").fetchall() == [("cg",)]
        assert db.execute("SELECT voided_by, void_reason FROM documents").fetchall() == [
            ("cg", "受送达人写错")
        ]
    log = text(sign_in(app, "bureau").get("/admin/audit").text)
    for action in ("生成文书", "登记送达", "作废文号"):
        assert re.search(rf"cg 127\.0\.0\.1 {action}", log), action


def test_due_list_exports_and_register_json(app: Flask, root: Path) -> None:
    county = sign_in(app, "bureau")
    assert "逾期" in county.get("/cases/due").text
    ledgers = load_workbook(io.BytesIO(county.get("/reports/ledgers.xlsx").data))
    assert ledgers.sheetnames[:3] == ["适龄儿童", "疑似辍学学生", "辍学学生"]
    officer = sign_in(app, "cg")
    worklist = load_workbook(io.BytesIO(officer.get("/cases/due.xlsx").data))
    townships = {
        row[0]
        for sheet in worklist
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if row[0]
    }
    assert townships and all(
        "城关镇" in str(value) or "东风" not in str(value) for value in townships
    )
    assert json.loads(officer.get("/register/export.json").data) == []
    own = load_workbook(io.BytesIO(officer.get("/reports/ledgers.xlsx").data))
    assert _townships(own["适龄儿童"]) == {"城关镇"} and _townships(ledgers["适龄儿童"]) > {
        "城关镇"
    }
    summary = [row[0] for row in own["汇总"].iter_rows(values_only=True) if row[0]]
    assert "东风镇" not in summary and "城关镇" in summary


def _townships(sheet: Any) -> set[str]:
    """The townships a ledger sheet's children belong to."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if "乡镇（街道）" in row)
    column = rows[header].index("乡镇（街道）")
    return {str(row[column]) for row in rows[header + 1 :] if row[column]}


def test_sessions_end_on_sign_out_expire_and_throttle(app: Flask, root: Path) -> None:
    browser = sign_in(app, "cg")
    cookie = browser.client.get_cookie("reportgen_session")
    assert cookie is not None
    browser.post("/logout")
    stolen = app.test_client()
    stolen.set_cookie("reportgen_session", cookie.value)
    assert stolen.get("/cases/").status_code == 302
    second = sign_in(app, "cg")
    with sqlite3.connect(root / ".reportgen" / "users.sqlite") as db:
        db.execute("UPDATE sessions SET seen = '2000-01-01T00:00:00'")
    assert second.get("/cases/").headers["Location"].startswith("/login")
    client = app.test_client()
    token = re.search(r'value="([^"]+)"', client.get("/login").text)
    assert token
    for _ in range(5):
        wrong = client.post(
            "/login",
            data={"name": "cg", "password": "wrong password", "csrf_token": token.group(1)},
        )
        assert "用户名或密码不对" in wrong.text
    refused = client.post(
        "/login",
        data={"name": "cg", "password": "correct horse battery", "csrf_token": token.group(1)},
    )
    assert refused.status_code == 200 and "登录失败次数过多" in refused.text


def test_forms_need_their_token_and_pages_carry_security_headers(app: Flask) -> None:
    browser = sign_in(app, "cg")
    assert browser.client.post("/logout").status_code == 400
    headers = browser.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    cookie = browser.client.get_cookie("reportgen_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert browser.get("/login?next=//evil.example/").status_code in (200, 302)
    landing = app.test_client()
    token = re.search(r'value="([^"]+)"', landing.get("/login").text)
    assert token
    answer = landing.post(
        "/login?next=//evil.example/x",
        data={"name": "cg", "password": "correct horse battery", "csrf_token": token.group(1)},
    )
    assert answer.headers["Location"] == "/"


def _photo(code: str | None) -> bytes:
    """A phone-like JPEG of a slip: white paper, the slip's QR code small in a corner, turned."""
    from PIL import Image

    from reportgen.render.codes import slip_code
    from reportgen.render.images import from_data_uri

    paper = Image.new("RGB", (1600, 1200), "white")
    if code is not None:
        qr = Image.open(io.BytesIO(from_data_uri(slip_code("送达回证", code)).data))
        paper.paste(qr.convert("RGB").resize((qr.width * 2, qr.height * 2)), (1200, 80))
    buffer = io.BytesIO()
    paper.rotate(90, expand=True).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def test_a_photo_of_the_signed_slip_opens_its_service_form(app: Flask, root: Path) -> None:
    officer = sign_in(app, "cg")
    started = officer.post(
        "/documents/", {"kind": "deadline", "case": eligible(root, "城关镇", 1), "format-docx": "1"}
    )
    wait(officer, started.headers["Location"].rsplit("/", 1)[1])
    listed = text(officer.get("/register/").text)
    number = re.search(r"城政控学〔\d{4}〕\d+号", listed)
    assert number
    photo = {"file": (io.BytesIO(_photo(number.group(0))), "IMG_0001.jpg")}
    scanned = officer.post("/register/scan", photo, content_type="multipart/form-data")
    assert scanned.status_code == 302, text(scanned.text)
    page = officer.get(scanned.headers["Location"]).text
    assert 'id="scanned"' in page and 'value="回证照片 IMG_0001.jpg"' in page
    other = sign_in(app, "df")
    photo = {"file": (io.BytesIO(_photo(number.group(0))), "IMG_0002.jpg")}
    assert (
        other.post("/register/scan", photo, content_type="multipart/form-data").status_code == 404
    )
    blank = {"file": (io.BytesIO(_photo(None)), "IMG_0003.jpg")}
    refused = officer.post("/register/scan", blank, content_type="multipart/form-data")
    assert refused.status_code == 422 and "没有找到 reportgen 回单上的二维码" in refused.text
