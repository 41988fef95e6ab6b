"""The county's pages (profile, templates, report content, reports, accounts) and the commands that
start the server and manage its accounts, run as a county's staff would run them."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.cli import app as cli
from reportgen.render.template_tools import export
from reportgen.web.users import UserStore
from tests.conftest import BOY_2014, HEADERS, ledger_rows, pdf_text, row
from tests.test_web_access import wait
from tests.test_web_flows import app, prepared, root  # noqa: F401  the workspace fixtures
from tests.web_site import sign_in, text


def test_the_profile_is_saved_only_when_it_reads(app: Flask, root: Path) -> None:  # noqa: F811
    county = sign_in(app, "bureau")
    profile = root / "profile.yaml"
    original = profile.read_text(encoding="utf-8")
    broken = county.post(
        "/admin/profile", {"text": original.replace("county: 示范县", "county: [")}
    )
    assert broken.status_code == 200 and 'id="message"' in broken.text
    assert ".trial" not in broken.text and profile.read_text(encoding="utf-8") == original
    changed = original.replace("0372-5551234", "0372-5550000")
    assert county.post("/admin/profile", {"text": changed}).status_code == 302
    assert "0372-5550000" in profile.read_text(encoding="utf-8")
    assert list((root / ".reportgen" / "history").glob("profile-*.yaml"))
    assert "修改县区配置" in county.get("/admin/audit").text


def test_a_word_template_is_checked_before_it_is_used(
    app: Flask,  # noqa: F811
    root: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    county = sign_in(app, "bureau")
    exported = export("letter", tmp_path / "exported")[0]
    source = exported.read_bytes()
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(exported) as package, zipfile.ZipFile(broken, "w") as changed:
        for item in package.infolist():
            data = package.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ township }}", b"{{ nickname }}")
            changed.writestr(item, data)
    findings = county.post(
        "/admin/templates",
        {"kind": "letter", "file": (io.BytesIO(broken.read_bytes()), "家长信.docx")},
        content_type="multipart/form-data",
    )
    assert "未启用" in findings.text and "变量 nickname 不是" in findings.text
    installed = root / "templates" / "letters" / "letter.docx"
    assert not installed.exists()
    good = county.post(
        "/admin/templates",
        {"kind": "letter", "file": (io.BytesIO(source), "家长信.docx")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302, text(good.text)
    assert installed.read_bytes() == source
    assert "letters/letter.docx" in county.get("/admin/templates").text
    county.post("/admin/templates/remove", {"kind": "letter", "suffix": ".docx"})
    assert not installed.exists()


def test_report_content_is_edited_and_the_report_made(app: Flask, root: Path) -> None:  # noqa: F811
    county = sign_in(app, "bureau")
    content = county.get("/reports/").text
    current = re.search(r'<textarea name="content"[^>]*>(.*?)</textarea>', content, re.DOTALL)
    assert current
    import html

    original = html.unescape(current.group(1))
    refused = county.post("/reports/content", {"content": "unknown_section: 1\n"})
    assert 'id="message"' in refused.text and "unknown_section" in refused.text
    assert "unknown_section" not in (root / "内容.yaml").read_text(encoding="utf-8")
    assert county.post("/reports/content", {"content": original}).status_code == 302
    started = county.post("/reports/", {"kind": "self-inspection"})
    job = started.headers["Location"].rsplit("/", 1)[1]
    assert "已生成" in wait(county, job)
    pdf = root / "report.pdf"
    pdf.write_bytes(county.get(f"/documents/jobs/{job}/pdf").data)
    assert "自查报告" in pdf_text(pdf)


def test_accounts_are_managed_on_the_page(app: Flask) -> None:  # noqa: F811
    county = sign_in(app, "bureau")
    unknown = county.post(
        "/admin/users",
        {"name": "x", "role": "township", "township": "火星乡", "password": "long enough pw"},
    )
    assert unknown.status_code == 422 and "城关镇" in unknown.text
    short = county.post("/admin/users", {"name": "x", "role": "county", "password": "short"})
    assert short.status_code == 422
    made = county.post(
        "/admin/users",
        {"name": "河口", "role": "township", "township": "河口乡", "password": "long enough pw"},
    )
    assert made.status_code == 302
    sign_in(app, "河口", "long enough pw")
    county.post("/admin/users/河口/disable")
    client = app.test_client()
    token = re.search(r'value="([^"]+)"', client.get("/login").text)
    assert token
    refused = client.post(
        "/login", data={"name": "河口", "password": "long enough pw", "csrf_token": token.group(1)}
    )
    assert "账户已停用" in refused.text


def test_users_commands(root: Path) -> None:  # noqa: F811
    runner = CliRunner()
    workspace = ["--workspace", str(root)]
    added = runner.invoke(
        cli,
        ["users", "add", "李明", "--role", "school", "--school", "河口中心小学", *workspace],
        input="a good password\na good password\n",
    )
    assert added.exit_code == 0, added.output
    assert "已新建账户 李明：学校，河口中心小学" in added.output
    again = runner.invoke(
        cli,
        ["users", "add", "李明", "--role", "county", *workspace, "--password-stdin"],
        input="a good password\n",
    )
    assert again.exit_code == 3 and "已有名为 李明 的账户" in again.output
    bad = runner.invoke(
        cli,
        ["users", "add", "王", "--role", "township", *workspace, "--password-stdin"],
        input="a good password\n",
    )
    assert bad.exit_code == 3 and "--township" in bad.output
    assert (
        runner.invoke(
            cli,
            ["users", "passwd", "李明", *workspace, "--password-stdin"],
            input="another password\n",
        ).exit_code
        == 0
    )
    assert runner.invoke(cli, ["users", "disable", "李明", *workspace]).exit_code == 0
    listed = runner.invoke(cli, ["users", "list", *workspace])
    assert "李明\t学校\t河口中心小学（已停用）" in listed.output
    assert UserStore(root).get("李明").disabled


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_runs_until_stopped_and_says_what_it_exposes(tmp_path: Path) -> None:
    """A real ``reportgen serve`` on a new workspace: first-administrator hint, the exposure line,
    the sign-in page with its headers, then Ctrl-C."""
    workspace = tmp_path / "我县"
    assert CliRunner().invoke(cli, ["init", str(workspace), "--county", "我县"]).exit_code == 0
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportgen",
            "serve",
            "--workspace",
            str(workspace),
            "--port",
            str(port),
            "--host",
            "0.0.0.0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(5)]
        said = "".join(lines)
        assert "reportgen users add 管理员 --role county" in said
        assert "局域网中能连到本机的任何电脑都能打开登录页" in said
        assert f"http://127.0.0.1:{port}/" in said
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=30) as page:
            assert page.status == 200
            assert page.headers["X-Frame-Options"] == "DENY"
            assert "登录" in page.read().decode("utf-8")
        assert (workspace / ".reportgen" / "users.sqlite").is_file()
    finally:
        server.send_signal(2)
        output, _ = server.communicate(timeout=30)
    assert "已停止" in output


def test_only_loopback_addresses_go_without_the_exposure_line() -> None:
    from reportgen.cli_web import _loopback

    assert _loopback("127.0.0.1") and _loopback("localhost") and _loopback("::1")
    assert not _loopback("0.0.0.0") and not _loopback("192.168.1.5")


def test_validate_marks_the_cells_of_a_csv_ledger(tmp_path: Path) -> None:
    """The marked ledger is the library's: ``validate --mark`` writes the one the page offers."""
    ledger = tmp_path / "台账.csv"
    rows = ledger_rows(row(1, "张三", BOY_2014), row(2, "李四", "410526201311200026"))
    ledger.write_text(
        "\n".join(",".join("" if v is None else str(v) for v in line) for line in rows),
        encoding="gbk",
    )
    marked = tmp_path / "标出.xlsx"
    result = CliRunner().invoke(cli, ["validate", str(ledger), "--mark", str(marked)])
    assert result.exit_code == 1, result.output
    sheet = load_workbook(marked).active
    assert sheet is not None
    column = HEADERS.index("身份证号码") + 1
    bad, good = sheet.cell(5, column), sheet.cell(4, column)
    assert bad.value == "410526201311200026" and str(bad.fill.fgColor.rgb).endswith("FFC7CE")
    assert bad.comment is not None and "校验位" in bad.comment.text
    assert good.comment is None
    again = CliRunner().invoke(cli, ["validate", str(ledger), "--mark", str(marked)])
    assert again.exit_code == 4


def test_ones_own_password_is_changed_with_the_old_one(app: Flask) -> None:  # noqa: F811
    officer = sign_in(app, "cg")
    wrong = officer.post(
        "/password", {"old": "not it at all", "new": "a new password", "again": "a new password"}
    )
    assert wrong.status_code == 422 and "原密码不对" in wrong.text
    differ = officer.post(
        "/password",
        {"old": "correct horse battery", "new": "a new password", "again": "another one"},
    )
    assert differ.status_code == 422
    changed = officer.post(
        "/password",
        {"old": "correct horse battery", "new": "a new password", "again": "a new password"},
    )
    assert changed.headers["Location"] == "/login"
    assert officer.get("/").status_code == 302
    sign_in(app, "cg", "a new password")
