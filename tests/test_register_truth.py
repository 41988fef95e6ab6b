"""The register never lies: no number without its documents, no document without its number.

A batch is killed (SIGKILL, by a real process) at several moments, fails in a template half-way,
and meets registers it cannot use; afterwards every 文号 the register holds has all of its files,
nothing else was numbered, no worker process lives on, and running the same batch again
completes it with the numbers an uninterrupted run gives.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import Request
from reportgen.casework.register_schema import RegisterUnusable
from reportgen.documents.batch import run_batch
from reportgen.documents.request import BatchRequest
from reportgen.errors import ReportgenError
from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook
from reportgen.profile import load_profile
from reportgen.render.templating import TemplateProblem
from reportgen.synthetic import SyntheticCounty

CASES = 16
"""Enough PDFs for the batch to start its worker process."""
DAY = "2026-10-24"
PROFILE = """\
county: 示范县
townships:
  - name: 城关镇
    abbreviation: 城政控学
  - name: 东风镇
    abbreviation: 东政控学
  - name: 河口乡
    abbreviation: 河政控学
  - name: 柳林镇
    abbreviation: 柳政控学
  - name: 白马乡
    abbreviation: 白政控学
  - name: 新华街道
    government: 示范县新华街道办事处
    abbreviation: 新办控学
hotline: 0372-5551234
"""


def county(folder: Path) -> Path:
    """A workspace of ``CASES`` children kept at home (L), all still open."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    synthetic = SyntheticCounty(seed=7)
    rows = []
    for case in synthetic.many_cases(CASES):
        case.update(category="L", status="劝返中", reason="", returned_on=None)
        rows.append(case)
    profile = load_profile(folder / "profile.yaml")
    records = synthetic.persuasion_records(rows)
    write_ledger_workbook(folder / "台账.xlsx", LedgerSheet(profile, rows, records))
    return folder


def command(folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "reportgen",
        "notices",
        str(folder / "台账.xlsx"),
        "-p",
        str(folder / "profile.yaml"),
        "--out",
        str(folder / "通知书"),
        "--format",
        "docx,pdf",
        "--merge",
        "--date",
        DAY,
    ]


def documents(folder: Path) -> list[str]:
    """The documents an output folder shows: visible files other than the manifest."""
    out = folder / "通知书"
    return sorted(
        p.name for p in out.iterdir() if not p.name.startswith(".") and p.name != "manifest.json"
    )


def assert_true_register(folder: Path) -> None:
    """Every issued 文号 has every file, as written; every document file has an issued 文号."""
    register = Register(folder / REGISTER_FILE)
    issued = register.entries()
    numbers = {entry.document_number for entry in issued}
    for entry in issued:
        files = register.files(entry)
        assert {f.suffix for f in files} == {".docx", ".pdf"}, entry.document_number
        assert all(f.is_file() for f in files), entry.document_number
    for name in documents(folder):
        if "合并打印" not in name:
            assert any(number in name for number in numbers), name
    pending = register.entries(states=("pending", "placing"))
    assert not ({e.document_number for e in pending} & numbers)


def alive(folder: Path) -> list[str]:
    """Processes still running on this folder's batch (the batch or its worker)."""
    found = subprocess.run(
        ["pgrep", "-f", str(folder / "通知书")], capture_output=True, text=True, check=False
    ).stdout
    return found.split()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The documents an uninterrupted batch makes."""
    folder = county(tmp_path_factory.mktemp("reference"))
    subprocess.run(command(folder), check=True, capture_output=True)
    return documents(folder)


def staged(folder: Path, name: str = "*") -> int:
    return len(list((folder / "通知书").glob(f".reportgen-*/{name}")))


MOMENTS = {
    "while checking": lambda folder: True,
    "while writing PDFs": lambda folder: staged(folder, "*.pdf") >= 3,
}
"""When to kill the batch: at once, or half-way through its PDFs."""
KILLED_WHILE_PLACING = """
import os, signal, sys
from reportgen.output import staging
from reportgen.cli import main
place, moved = staging._place, []
def place_then_die(*arguments):
    place(*arguments)
    moved.append(arguments)
    if len(moved) == int(os.environ.get("KILL_AT", "5")):
        os.kill(os.getpid(), signal.SIGKILL)
staging._place = place_then_die
sys.argv = ["reportgen", *sys.argv[1:]]
main()
"""
"""The batch itself, killed (SIGKILL) by the machine the moment its fifth file is in place."""


@pytest.mark.parametrize("moment", [*MOMENTS, "while placing files"])
def test_a_batch_killed_at_any_moment_is_completed_by_running_it_again(
    tmp_path: Path, reference: list[str], moment: str
) -> None:
    folder = county(tmp_path)
    if moment in MOMENTS:
        batch = subprocess.Popen(
            command(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while not MOMENTS[moment](folder) and batch.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        batch.kill()
        batch.wait()
    else:
        driven = [sys.executable, "-c", KILLED_WHILE_PLACING, *command(folder)[3:]]
        assert subprocess.run(driven, capture_output=True, check=False).returncode == -9
        assert len([p for p in documents(folder) if "合并打印" not in p]) == 5
    time.sleep(1.5)
    assert alive(folder) == []  # the PDF worker died with its parent
    if (folder / "通知书").is_dir():
        assert_true_register(folder)
    again = subprocess.run(command(folder), capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stdout + again.stderr
    assert documents(folder) == reference  # the same numbers, every file there
    assert_true_register(folder)
    assert not list((folder / "通知书").glob(".reportgen-*"))  # no staging left: children's data
    assert not list((folder / "通知书").glob(".*.part"))


def test_a_template_failing_half_way_numbers_nothing(tmp_path: Path) -> None:
    folder = county(tmp_path)
    templates = folder / "templates" / "notices"
    templates.mkdir(parents=True)
    (templates / "deadline.html").write_text(
        '{% extends "builtin:notices/deadline.html" %}{% block facts %}'
        '{% if doc_number.endswith("〕5号") %}{{ 1 // 0 }}{% endif %}{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    profile = load_profile(folder / "profile.yaml")
    register = Register(folder / REGISTER_FILE)
    request = BatchRequest(
        folder / "台账.xlsx", profile, register, folder / "通知书", formats=("docx",)
    )
    with pytest.raises(TemplateProblem, match=r"deadline.html 第 1 行：模板运行时出错"):
        run_batch(request)
    assert register.entries() == []
    assert not (folder / "通知书").exists() or documents(folder) == []
    (templates / "deadline.html").unlink()
    done = run_batch(request)
    assert done.numbers[0].endswith("〕1号")  # the numbers the failed batch held came back


def test_an_earlier_register_is_upgraded_without_renumbering(tmp_path: Path) -> None:
    path = tmp_path / REGISTER_FILE
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE issued (issuer TEXT, year INTEGER, number INTEGER, kind TEXT,"
            " case_key TEXT, edition INTEGER, recipient TEXT, student TEXT, township TEXT,"
            " issued_on TEXT, deadline TEXT, recorded_at TEXT)"
        )
        connection.execute(
            "INSERT INTO issued VALUES ('城政控学', 2026, 7, 'deadline', 'k', 1, '王', '张',"
            " '城关镇', '2026-09-30', '2026-10-13', '2026-09-30T10:00:00')"
        )
    register = Register(path)
    (entry,) = register.entries()
    assert (entry.document_number, entry.deadline) == ("城政控学〔2026〕7号", dt.date(2026, 10, 13))
    new = register.number(
        [Request("城政控学", "deadline", "x", "王", "李", "城关镇", dt.date(2026, 11, 1))]
    )
    assert new[0].document_number == "城政控学〔2026〕8号"


def test_registers_it_cannot_use_are_refused_with_what_to_do(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RegisterUnusable, match="已损坏"):
        Register(corrupt).entries()
    assert corrupt.read_bytes().startswith(b"this is not")  # left as it was
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER)")
    with pytest.raises(RegisterUnusable, match="别的程序的数据库"):
        Register(foreign).entries()
    newer = tmp_path / "newer.sqlite"
    Register(newer).entries()
    Register(newer).number(
        [Request("城政控学", "deadline", "k", "王", "张", "城关镇", dt.date(2026, 1, 5))]
    )
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(RegisterUnusable, match="较新版本"):
        Register(newer).entries()
    assert issubclass(RegisterUnusable, ReportgenError)
