"""The main flow in a real headless Chromium against a real ``reportgen demo --serve``: sign in,
upload a ledger with errors, fix it, generate notices for two ticked cases while the page shows
the progress, download the merged PDF and read it, record service, sign out.

Debian's chromium (installed by scripts/install.sh) is driven through Playwright; Playwright's own
browser download is never used.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from tests.conftest import pdf_text
from tests.web_site import eligible

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="Debian 的 chromium 未安装：请运行 bash scripts/install.sh"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """``reportgen demo --serve`` as a real process: its address, workspace and printed accounts."""
    out = tmp_path_factory.mktemp("demo-serve")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportgen",
            "demo",
            "--serve",
            "--out",
            str(out),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert server.stdout is not None
    said = ""
    while "请用浏览器打开" not in said:
        line = server.stdout.readline()
        assert line, f"the server stopped: {said}"
        said += line
    passwords = dict(re.findall(r"^  (\S+)\t密码 (\S+)\t", said, re.MULTILINE))
    try:
        yield f"http://127.0.0.1:{port}", out / "示范县", passwords
    finally:
        server.send_signal(2)
        server.communicate(timeout=30)


@pytest.fixture
def page() -> Iterator[Page]:
    """A page of Debian's Chromium, headless, with a new empty profile."""
    from playwright.sync_api import sync_playwright

    profile = Path(tempfile.mkdtemp(prefix="chromium-"))
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGUMENTS,
            accept_downloads=True,
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def test_from_a_messy_ledger_to_a_served_notice(
    demo: tuple[str, Path, dict[str, str]], page: Page, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    address, workspace, passwords = demo
    page.goto(f"{address}/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", passwords["admin"])
    page.click("#sign-in")
    expect(page.locator("h1")).to_have_text("示范县控辍保学")
    _upload_with_errors_then_fixed(page, address, workspace, tmp_path)
    _generate_and_print(page, address, workspace, tmp_path)
    _record_service(page, address)
    page.click("#sign-out")
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto(f"{address}/register/")
    expect(page).to_have_url(re.compile(r"/login"))


def _upload_with_errors_then_fixed(page: Page, address: str, workspace: Path, tmp: Path) -> None:
    """The messy ledger: three errors at their Excel rows, the marked copy red; then the fixed one."""
    from playwright.sync_api import expect

    page.goto(f"{address}/ledger/")
    page.set_input_files("#ledger-file", str(workspace / "demo-有错误的台账.xlsx"))
    page.click("#upload")
    expect(page.locator("#summary")).to_contain_text("错误 3 处")
    errors = page.locator("#problems tr.error")
    expect(errors).to_have_count(3)
    assert [errors.nth(i).locator("td").nth(2).inner_text() for i in range(3)] == ["4", "5", "6"]
    with page.expect_download() as download:
        page.click("#marked")
    marked = tmp / "marked.xlsx"
    download.value.save_as(marked)
    sheet = load_workbook(marked)["台账"]
    headers = [cell.value for cell in sheet[3]]
    category = sheet.cell(6, headers.index("核查类别") + 1)
    assert category.value == "Z" and str(category.fill.fgColor.rgb).endswith("FFC7CE")
    page.goto(f"{address}/ledger/")
    page.set_input_files("#ledger-file", str(workspace / "台账.xlsx"))
    page.click("#upload")
    expect(page.locator("#summary")).to_contain_text("错误 0 处")
    page.click("#install")
    expect(page).to_have_url(re.compile(r"/cases/"))


def _generate_and_print(page: Page, address: str, workspace: Path, tmp: Path) -> None:
    """Two ticked cases, the progress page until done, the merged PDF downloaded and read."""
    from playwright.sync_api import expect

    page.goto(f"{address}/cases/?township=城关镇")
    for case in eligible(workspace, "城关镇", 2):
        page.check(f"input[name=case][value='{case}']")
    page.click("#generate-ticked")
    page.select_option("#kind", "deadline")
    page.click("#start")
    expect(page.locator("#done")).to_contain_text("共生成 2 份限期复学通知书", timeout=120_000)
    with page.expect_download() as download:
        page.click("#download-merged-pdf")
    pdf = tmp / "merged.pdf"
    download.value.save_as(pdf)
    assert pdf_text(pdf).count("城政控学〔") >= 2


def _record_service(page: Page, address: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{address}/register/")
    page.locator("#entries a").first.click()
    page.select_option("#method", "邮寄送达")
    page.fill("input[name=by]", "王建军")
    page.click("#record-service")
    expect(page.locator("#events")).to_contain_text("邮寄送达")
    expect(page.locator("#events")).to_contain_text("王建军")
