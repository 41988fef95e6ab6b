"""Ledgers and rosters written to break documents: control characters, lone surrogates, overrides.

Each file is written the way an attacker (or a careless export) would make it — openpyxl with
Excel's ``_x0001_`` spelling, XlsxWriter with the raw character, CSV, JSON — and read back by the
real commands. Every such cell is refused with its place, nothing half-written is left, and no
command ends in a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter
from conftest import BOY_2014, GIRL_2013, HEADERS, TODAY, ledger_rows, row, save_xlsx
from docx import Document
from openpyxl import load_workbook
from test_followup import EXTRA, PROFILE, RECORDS, case_rows
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.intake.fields import ROSTERS
from reportgen.intake.ledger import load_ledger
from reportgen.intake.rosters import load_roster
from reportgen.profile import Profile

runner = CliRunner()
GUARDIAN = HEADERS.index("监护人")


@pytest.mark.parametrize(
    ("written", "shown", "says"),
    [
        ("_x0001_李四", "\x01李四", "控制字符 U+0001"),  # calamine turns Excel's escape back
        ("李_x001F_四", "李\x1f四", "控制字符 U+001F"),
        ("李_xD800_四", "李_xD800_四", "Excel 对字符 U+D800 的写法"),  # no such character: kept
        ("\u202e四李", "[U+202E]四李", "文字方向控制符 U+202E"),
        ("李\u2066四", "李[U+2066]四", "文字方向控制符 U+2066"),
    ],
)
def test_an_openpyxl_ledger_with_a_character_no_document_holds(
    tmp_path: Path, profile: Profile, written: str, shown: str, says: str
) -> None:
    rows = ledger_rows(row(1, "张三", BOY_2014, "男"), row(2, written, GIRL_2013, "女"))
    path = save_xlsx(tmp_path / "台账.xlsx", rows)
    ledger = load_ledger(path, profile, today=TODAY)
    (problem,) = ledger.errors
    assert (problem.sheet, problem.row, problem.column) == ("台账", 5, "学生姓名")
    assert problem.value == shown.replace("\x01", "[U+0001]").replace("\x1f", "[U+001F]")
    assert says in problem.message and "请" in problem.message
    assert [case.name for case in ledger.cases] == ["张三"]


def test_raw_control_characters_written_by_xlsxwriter(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    lines = [HEADERS, row(1, "张三", BOY_2014, "男"), row(2, "李四", GIRL_2013, "女")]
    lines[1][GUARDIAN] = "王\x0b建国"
    lines[2][HEADERS.index("学校")] = "城关\x07小学"
    for number, line in enumerate(lines):
        sheet.write_row(number, 0, line)
    book.close()
    ledger = load_ledger(path, profile, today=TODAY)
    assert [(p.row, p.column, p.value) for p in ledger.errors] == [
        (2, "监护人", "王[U+000B]建国"),
        (3, "学校", "城关[U+0007]小学"),
    ]
    assert ledger.cases == []


def test_a_header_with_an_override_is_refused_and_printed_safely(
    tmp_path: Path, profile: Profile
) -> None:
    rows = ledger_rows(row(1, "张三", BOY_2014, "男"))
    rows[2] = [*HEADERS, "备注\u202e"]
    rows[3].append("无")
    ledger = load_ledger(save_xlsx(tmp_path / "台账.xlsx", rows), profile, today=TODAY)
    (problem,) = ledger.errors
    assert (problem.row, problem.column) == (3, "备注[U+202E]")
    assert "\u202e" not in str(problem)


def test_a_csv_with_a_control_character_and_its_excel_spelling(
    tmp_path: Path, profile: Profile
) -> None:
    lines = [",".join(HEADERS)]
    lines += [
        ",".join(map(str, r)) for r in (row(1, "张\x01三", BOY_2014), row(2, "李四", GIRL_2013))
    ]
    lines[2] = lines[2].replace("王建国", "王_x0008_建国")
    path = tmp_path / "台账.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_ledger(path, profile, today=TODAY)
    assert [(p.row, p.column, p.value) for p in ledger.errors] == [
        (2, "学生姓名", "张[U+0001]三"),
        (3, "监护人", "王_x0008_建国"),
    ]


def test_a_lone_surrogate_from_json_is_refused_and_the_command_prints(tmp_path: Path) -> None:
    """A real process: printing a lone surrogate to a pipe would end in UnicodeEncodeError."""
    record = dict(zip(HEADERS, row(1, "张三", BOY_2014, "男"), strict=True))
    hostile = {**record, "学生姓名": "李\ud800", "身份证号码": GIRL_2013}
    path = tmp_path / "台账.json"
    path.write_text(json.dumps([record, hostile]), encoding="utf-8")  # ASCII: "\ud800" escaped
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "validate", str(path), "--format", "table"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "第 2 条记录「学生姓名」列：“李[U+D800]” — 含有无效的字符 U+D800" in result.stdout


def test_a_persuasion_record_with_a_control_character(tmp_path: Path, profile: Profile) -> None:
    records = [list(line) for line in RECORDS]
    records[2][6] = "拒绝_x0007_"
    path = save_xlsx(
        tmp_path / "台账.xlsx", [[*HEADERS, *EXTRA], *case_rows()], more={"劝返记录": records}
    )
    ledger = load_ledger(path, profile, today=TODAY)
    (problem,) = ledger.errors
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "劝返记录",
        3,
        "结果",
        "拒绝[U+0007]",
    )
    assert len(ledger.visits) == len(RECORDS) - 2  # the refused visit is not counted


def test_a_roster_with_an_isolate_in_its_school(tmp_path: Path, profile: Profile) -> None:
    headers = ["姓名", "身份证号", "学校", "学段", "是否寄宿", "学期", "金额"]
    line = ["张三", BOY_2014, "城关\u2067小学", "小学", "否", "2025年秋季学期", 625]
    path = save_xlsx(tmp_path / "资助名单.xlsx", [headers, line], sheet="资助名单")
    roster = load_roster(path, profile, ROSTERS["subsidy"], today=TODAY)
    assert [(p.row, p.column, p.value) for p in roster.errors] == [(2, "学校", "城关[U+2067]小学")]
    assert roster.cases == []


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A county whose ledger has a guardian typed with a stray control character."""
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    rows = case_rows()
    rows[1][GUARDIAN] = "王_x0002_建国"
    save_xlsx(tmp_path / "台账.xlsx", [[*HEADERS, *EXTRA], *rows], more={"劝返记录": RECORDS})
    return tmp_path


def run(county: Path, *arguments: str) -> tuple[int, str]:
    result = runner.invoke(app, [*arguments, "-p", str(county / "profile.yaml")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_notices_refuse_the_ledger_and_write_nothing(county: Path) -> None:
    out = county / "通知书"
    code, output = run(county, "notices", str(county / "台账.xlsx"), "--out", str(out), "--merge")
    assert code == 1
    assert "第 3 行「监护人」列：“王[U+0002]建国” — 含有控制字符 U+0002" in output
    assert not out.exists()


def test_skipping_the_refused_row_gives_documents_word_can_open(county: Path) -> None:
    out = county / "通知书"
    code, output = run(
        county,
        "notices",
        str(county / "台账.xlsx"),
        "--out",
        str(out),
        "--format",
        "docx",
        "--merge",
        "--skip-invalid",
        "--date",
        "2026-09-30",
    )
    assert code == 0, output
    assert "已跳过" in output and "U+0002" in output
    files = sorted(out.glob("*.docx"))
    assert len(files) == 3  # two notices and the merged print file
    for path in files:
        assert "\x02" not in "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_the_three_ledgers_are_refused_and_the_work_list_is_written(county: Path) -> None:
    code, output = run(
        county, "ledger", str(county / "台账.xlsx"), "--out", str(county / "三本台账.xlsx")
    )
    assert code == 1 and "U+0002" in output
    assert not (county / "三本台账.xlsx").exists()
    target = county / "待办事项.xlsx"
    code, output = run(county, "due", "--format", "xlsx", "--out", str(target))
    assert code == 0, output
    names = [cell.value for sheet in load_workbook(target) for line in sheet for cell in line]
    assert not any(isinstance(value, str) and "\x02" in value for value in names)
