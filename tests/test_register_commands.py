"""The ``reportgen register`` commands as an officer runs them, every output read back.

list, void, export (xlsx read with openpyxl, json), import (real xlsx and csv files with title rows,
header variants, bad cells and conflicts), served (typed, --from a sheet, --scan photos, asked at a
real terminal).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013
from openpyxl import Workbook, load_workbook
from test_service import LI, LIU, ZHANG, batch, make_county, photo, receipts
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import STATES, Event, Request
from reportgen.cli import app
from reportgen.errors import ExitCode
from reportgen.output.manifest import read_manifest

runner = CliRunner()
GIRL_2015 = "410526201502030049"
BOY_2014_B = "410526201406060010"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    return make_county(tmp_path / "示范县")


def run(county: Path, *arguments: str) -> Any:
    """``reportgen register …`` with the county's profile."""
    return runner.invoke(app, ["register", *arguments, "-p", str(county / "profile.yaml")])


def lines(result: Any) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


def test_served_typed_then_listed_with_its_day_and_method(county: Path) -> None:
    done = run(
        county,
        "served",
        "城政控学[2026]1号",
        "--on",
        "2026年10月8日",
        "--method",
        "直接",
        "--by",
        "李干事",
    )
    assert done.exit_code == 0, done.output
    assert f"已登记 {ZHANG}：送达 2026-10-08 直接送达" in done.output
    twice = run(county, "served", ZHANG, "--on", "2026-10-09", "--method", "留置送达")
    assert twice.exit_code == ExitCode.REFUSED
    assert "已于 2026年10月8日 登记过送达" in twice.output
    again = run(county, "served", ZHANG, "--on", "2026-10-09", "--method", "留置送达", "--again")
    assert again.exit_code == 0, again.output
    listed = run(county, "list")
    assert listed.exit_code == 0
    assert (
        f"{ZHANG}\t限期复学通知书\t城关镇\t受送达 王建国\t学生 张三\t2026-09-30\t送达 2026-10-09 留置送达"
        in listed.output
    )
    assert (
        f"{LI}\t限期复学通知书\t东风镇\t受送达 王建国\t学生 李红\t2026-09-30\t未送达"
        in listed.output
    )


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["城政控学〔2026〕9号", "--on", "2026-10-8", "--method", "直接送达"],
            ExitCode.USAGE,
            "文号登记簿中没有 城政控学〔2026〕9号",
        ),
        (
            [ZHANG, "--on", "2026-10-8", "--method", "当面"],
            ExitCode.USAGE,
            "--method 的值不对：应为送达方式",
        ),
        (
            [ZHANG, "--on", "2026-10-8"],
            ExitCode.USAGE,
            "reportgen register served 文号 --on 送达日期 --method 送达方式",
        ),
        (
            [ZHANG, "--on", "2026-9-29", "--method", "直接送达"],
            ExitCode.REFUSED,
            "早于城政控学〔2026〕1号的下达日期",
        ),
        (
            [
                ZHANG,
                "--on",
                (dt.date.today() + dt.timedelta(days=1)).isoformat(),
                "--method",
                "直接送达",
            ],
            ExitCode.REFUSED,
            "在今天",
        ),
        (
            [ZHANG, "--on", "2026-10-8", "--method", "直接送达", "--from", "x.xlsx"],
            ExitCode.USAGE,
            "用 --from 登记时不再写文号",
        ),
    ],
)
def test_served_refusals_say_why_with_their_exit_code(
    county: Path, arguments: list[str], code: int, message: str
) -> None:
    result = run(county, "served", *arguments)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert all(not entry.events for entry in Register(county / REGISTER_FILE).entries())


def test_served_from_a_sheet_of_returned_receipts(county: Path) -> None:
    sheet = receipts(
        county / "回证.xlsx",
        [
            [1, ZHANG, "2026-10-8", "直接送达", "李干事", ""],
            [2, LI, "2026-10-9", "邮寄", "", "挂号"],
        ],
        headers=("序号", "发文字号", "签收日期", "送达方式", "送达人员", "备注"),
    )
    done = run(county, "served", "--from", str(sheet))
    assert done.exit_code == 0, done.output
    assert lines(done)[-1] == "共 2 份"
    register = Register(county / REGISTER_FILE)
    assert [(e.document_number, e.served_on) for e in register.entries() if e.served_on] == [
        (LI, dt.date(2026, 10, 9)),
        (ZHANG, dt.date(2026, 10, 8)),
    ]
    bad = receipts(
        county / "坏.xlsx",
        [[1, LIU, "2026-10-8", "直接送达", "", ""], [2, "乱写", "昨天", "直接送达", "", ""]],
    )
    refused = run(county, "served", "--from", str(bad))
    assert refused.exit_code == ExitCode.INVALID_DATA
    assert "坏.xlsx 工作表「送达回证」第 4 行「文号」列：“乱写” — 应为文号" in refused.output
    assert "第 4 行「送达时间」列：“昨天”" in refused.output
    assert register.find(LIU).events == ()


def test_served_by_scanning_photos_needs_the_day_it_cannot_read(county: Path) -> None:
    images = [
        photo(county / "a.jpg", [("送达回证", ZHANG)]),
        photo(county / "b.jpg", [("送达回证", LI)], -5),
    ]
    asked = run(county, "served", "--scan", *map(str, images))
    assert asked.exit_code == ExitCode.USAGE
    assert (
        f"  a.jpg（送达回证 {ZHANG}）：需要 送达日期（--on）、送达方式（--method）" in asked.output
    )
    assert f"  b.jpg（送达回证 {LI}）：需要 送达日期（--on）、送达方式（--method）" in asked.output
    half = run(county, "served", "--scan", *map(str, images), "--on", "2026-10-08")
    assert "需要 送达方式（--method）" in half.output
    done = run(
        county, "served", "--scan", *map(str, images), "--on", "2026-10-08", "--method", "直接送达"
    )
    assert done.exit_code == 0, done.output
    assert [line for line in lines(done) if line.startswith("已登记")] == [
        f"已登记 {ZHANG}：送达 2026-10-08 直接送达",
        f"已登记 {LI}：送达 2026-10-08 直接送达",
    ]
    blank = county / "白纸.jpg"
    photo(blank, [])
    none = run(county, "served", "--scan", str(blank), "--on", "2026-10-08", "--method", "直接送达")
    assert none.exit_code == ExitCode.UNREADABLE
    assert f"{blank}：没有找到 reportgen 回单上的二维码" in none.output


def _read(master: int, until: str, seen: bytearray, timeout: float = 60) -> None:
    """Read a terminal's output until ``until`` shows (or the process ends)."""
    end = time.monotonic() + timeout
    while until.encode() not in seen and time.monotonic() < end:
        try:
            seen += os.read(master, 4096)
        except OSError:
            return


def test_served_by_scanning_asks_at_a_real_terminal(county: Path) -> None:
    image = photo(county / "回证.jpg", [("送达回证", ZHANG)])
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "reportgen", "register", "served", "--scan", str(image)]
    process = subprocess.Popen(
        [*command, "-p", str(county / "profile.yaml")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    os.close(slave)
    seen = bytearray()
    try:
        _read(master, "送达日期", seen)
        os.write(master, b"2026-13-40\n")
        _read(master, "请重新输入", seen)
        os.write(master, "2026年10月8日\n".encode())
        _read(master, "送达方式（", seen)
        os.write(master, "留置\n".encode())
        _read(master, "共 1 份", seen)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        os.close(master)
    shown = seen.decode("utf-8", "replace")
    assert f"回证.jpg（送达回证 {ZHANG}）" in shown
    assert "日期不存在" in shown
    entry = Register(county / REGISTER_FILE).find(ZHANG)
    assert (entry.served_on, entry.last("served").method) == (dt.date(2026, 10, 8), "留置送达")


def test_void_marks_the_register_and_the_manifest_of_the_batch(county: Path) -> None:
    done = run(county, "void", "城政控学[2026]2号", "--why", "学生姓名写错")
    assert done.exit_code == 0, done.output
    assert f"已作废 {LIU}（学生姓名写错）" in done.output
    assert f"清单已注明作废：{county / '通知书' / 'manifest.json'}" in done.output
    states = {
        line["doc_number"]: line["state"] for line in read_manifest(county / "通知书")["files"]
    }
    assert states == {ZHANG: "issued", LI: "issued", LIU: "void"}
    listed = run(county, "list")
    assert (
        f"{LIU}\t限期复学通知书\t城关镇\t受送达 王建国\t学生 刘强\t2026-09-30\t已作废：学生姓名写错"
        in listed.output
    )
    again = run(county, "void", LIU, "--why", "又一次")
    assert (again.exit_code, "已经作废（学生姓名写错）" in again.output) == (ExitCode.REFUSED, True)
    unknown = run(county, "void", "城政控学〔2026〕8号", "--why", "x")
    assert (unknown.exit_code, "文号登记簿中没有 城政控学〔2026〕8号" in unknown.output) == (
        ExitCode.USAGE,
        True,
    )
    missing = run(county, "void", ZHANG)
    assert (missing.exit_code, "缺少 --why" in missing.output) == (ExitCode.USAGE, True)
    blank = run(county, "void", ZHANG, "--why", " ")
    assert (blank.exit_code, "作废文号必须写明原因" in blank.output) == (ExitCode.USAGE, True)
    served = run(county, "served", LIU, "--on", "2026-10-8", "--method", "直接送达")
    assert served.exit_code == ExitCode.REFUSED and "已作废" in served.output


def test_export_holds_every_entry_its_service_and_voiding_as_data(county: Path) -> None:
    register = Register(county / REGISTER_FILE)
    register.number(
        [
            Request(
                "城政控学",
                "deadline",
                "=HYPERLINK(1)",
                "=王",
                "+赵",
                "城关镇",
                dt.date(2026, 10, 9),
            )
        ],
        batch="gone:1:1",
    )
    assert (
        run(
            county, "served", ZHANG, "--on", "2026-10-8", "--method", "直接送达", "--by", "李干事"
        ).exit_code
        == 0
    )
    assert (
        run(
            county, "served", ZHANG, "--on", "2026-10-7", "--method", "留置送达", "--again"
        ).exit_code
        == 0
    )
    assert run(county, "void", LIU, "--why", "学生姓名写错").exit_code == 0
    target = county / "登记簿.xlsx"
    done = run(county, "export", "--out", str(target))
    assert done.exit_code == 0, done.output
    workbook = load_workbook(target)
    documents = workbook["文书"]
    header = [cell.value for cell in documents[2]]
    rows = [
        dict(zip(header, (c.value for c in line), strict=True))
        for line in documents.iter_rows(min_row=3)
    ]
    entries = register.entries(states=STATES)
    assert [row["文号"] for row in rows] == [e.document_number for e in entries]
    by_number = {row["文号"]: row for row in rows}
    assert by_number[LIU]["状态"] == "已作废"
    assert by_number[LIU]["作废原因"] == "学生姓名写错"
    assert by_number[LIU]["作废时间"].startswith(dt.date.today().isoformat())
    assert by_number[ZHANG]["送达日期"].date() == dt.date(2026, 10, 7)
    assert by_number[ZHANG]["送达方式"] == "留置送达"
    assert by_number[LI]["送达日期"] is None
    pending = by_number["城政控学〔2026〕3号"]
    assert (pending["状态"], pending["身份证号"], pending["受送达人"], pending["学生姓名"]) == (
        "生成中断",
        "=HYPERLINK(1)",
        "=王",
        "+赵",
    )
    id_column = header.index("身份证号") + 1
    for line in documents.iter_rows(min_row=3, min_col=id_column, max_col=id_column):
        assert (line[0].data_type, line[0].number_format) == ("s", "@")  # text, never a number
    assert all(cell.data_type != "f" for line in documents.iter_rows() for cell in line)
    events = workbook["送达和回复"]
    logged = [[c.value for c in line] for line in events.iter_rows(min_row=2)]
    assert [(line[0], line[3], line[4].date(), line[5], line[6]) for line in logged] == [
        (ZHANG, "送达", dt.date(2026, 10, 7), "留置送达", None),
        (ZHANG, "送达（已更正）", dt.date(2026, 10, 8), "直接送达", "李干事"),
    ]
    assert logged[0][7] == "更正（原登记 2026年10月8日，直接送达）"
    refused = run(county, "export", "--out", str(target))
    assert refused.exit_code == ExitCode.REFUSED
    as_json = run(county, "export", "--format", "json")
    document = json.loads(as_json.output)
    assert [item["document_number"] for item in document] == [row["文号"] for row in rows]
    voided = next(item for item in document if item["document_number"] == LIU)
    assert (voided["state"], voided["void"]["reason"]) == ("void", "学生姓名写错")
    zhang = next(item for item in document if item["document_number"] == ZHANG)
    assert [(e["kind"], e["on"]) for e in zhang["events"]] == [
        ("served", "2026-10-07"),
        ("corrected-served", "2026-10-08"),
    ]


HAND_HEADER = "序号,文号,文书名称,身份证号码,姓名,监护人,乡镇,成文日期,期限,送达日期,送达方式"


def hand_numbers(path: Path, *lines: str) -> Path:
    """The 文号 a township gave by hand, as its clerk kept them: a title, the header, a footer.

    Each line is the cells of a row in :data:`HAND_HEADER` order, comma-separated; blank is empty.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "发文登记"
    sheet.append(["城关镇人民政府 控辍保学文书发文登记"])
    for line in (HAND_HEADER, *lines):
        sheet.append([cell or None for cell in line.split(",")])
    sheet.append(["填表人：李干事"])
    workbook.save(path)
    return path


def test_import_takes_hand_numbers_and_the_series_continues_after_them(tmp_path: Path) -> None:
    county = make_county(tmp_path / "县", issued=False)
    source = hand_numbers(
        county / "手工文号.xlsx",
        f"1,城政控学[2026]5号,限期复学通知书,{BOY_2014},张三,王建国,城关,2026-3-1,,2026.3.2,直接",
        f"2,城政控学（2026）第06号,deadline,{BOY_2014_B},李四,李大,城关镇,2026年3月5日,2026-3-12,,",
        f"3,东政控学〔2026〕3号,限期复学通知书,{GIRL_2015},赵六,赵大,东风镇,2026-4-1,,,",
    )
    done = run(county, "import", str(source))
    assert done.exit_code == 0, done.output
    assert "已导入 3 个文号，记为已下达" in done.output
    assert "以后的编号接着往下：东政控学〔2026〕4号、城政控学〔2026〕7号" in done.output
    register = Register(county / REGISTER_FILE)
    imported = {e.document_number: e for e in register.entries()}
    five = imported["城政控学〔2026〕5号"]
    assert (five.case_key, five.student, five.recipient, five.township, five.issued_on) == (
        BOY_2014,
        "张三",
        "王建国",
        "城关镇",
        dt.date(2026, 3, 1),
    )
    assert five.served_on == dt.date(2026, 3, 2)
    assert five.last("served") == Event("served", dt.date(2026, 3, 2), "直接送达")
    assert imported["城政控学〔2026〕6号"].deadline == dt.date(2026, 3, 12)
    assert {r.source for r in register.records()} == {"import"}
    numbers = batch(county, issued_on=dt.date(2026, 9, 30))
    assert numbers == ["东政控学〔2026〕4号", "城政控学〔2026〕7号"]  # 张三 has his notice already
    students = {e.student for e in register.entries() if e.document_number in numbers}
    assert students == {"李红", "刘强"}


def test_import_lists_every_bad_cell_and_imports_nothing(tmp_path: Path) -> None:
    county = make_county(tmp_path / "县", issued=False)
    source = hand_numbers(
        county / "手工.xlsx",
        "1,城政控学2026-3号,通知,41052620140305001,张三,王建国,西湖镇,2026-13-1,,,",
        f"2,东政控学〔2025〕8号,限期复学通知书,{GIRL_2013},李红,王,城关镇,2026-4-1,2026-3-1,2026-3-1,直接送达",
        f"3,城政控学〔2026〕4号,限期复学通知书,{BOY_2012},刘强,王建国,城关镇,2026-4-1,,2026-4-2,",
        f"4,城政控学〔2026〕4号,行政处罚决定书,{BOY_2012},刘强,王建国,城关镇,2026-5-1,,,",
        f"5,城政控学〔2026〕5号,限期复学通知书,{BOY_2012},刘,王建国,城关镇,2026-5-1,,,",
    )
    refused = run(county, "import", str(source))
    assert refused.exit_code == ExitCode.INVALID_DATA
    at = "  手工.xlsx 工作表「发文登记」第 "
    expected = [
        f"{at}3 行「文号」列：“城政控学2026-3号” — 应为文号，如 城政控学〔2026〕3号（方括号、圆括号也可以）",
        f"{at}3 行「文书名称」列：“通知” — 应为有文号的文书种类：限期复学通知书（deadline）、"
        "行政处罚事先告知书（prior-notice）、行政处罚决定书（penalty）、催告书（demand）",
        f"{at}3 行「身份证号码」列：“41052620140305001” — ",
        f"{at}3 行「乡镇」列：“西湖镇” — 不是本县的乡镇（街道）",
        f"{at}3 行「成文日期」列：“2026-13-1” — 日期不存在",
        f"{at}4 行「文号」列 — 东政控学〔2025〕8号 的年份与下达日期 2026年4月1日 不是同一年",
        f"{at}4 行「文号」列 — 东政控学〔2025〕8号：按县区配置，这份文书的机关代字应为“城政控学”",
        f"{at}4 行「期限」列 — 期限 2026年3月1日 早于下达日期",
        f"{at}4 行「送达日期」列 — 送达日期 2026年3月1日 应在下达日期和今天之间",
        f"{at}5 行「送达方式」列 — 有送达记录时，送达方式也要填",
        f"{at}6 行「文号」列 — 城政控学〔2026〕4号 与第 5 行的文号相同",
        f"{at}7 行「姓名」列：“刘” — 与第 5 行的身份证号相同，姓名却是“刘强”：请核对",
    ]
    shown = refused.output.splitlines()
    for line in expected:
        assert any(text.startswith(line) for text in shown), (line, refused.output)
    assert "未导入任何文号" in shown[0]
    assert not Register(county / REGISTER_FILE).entries(states=STATES)


def test_import_refuses_numbers_already_held_and_lists_them_all(county: Path) -> None:
    assert run(county, "void", LIU, "--why", "作废").exit_code == 0
    source = county / "手工.csv"
    source.write_text(
        "文号,文书种类,身份证号,学生姓名,受送达人,乡镇,下达日期\n"
        f"城政控学〔2026〕1号,限期复学通知书,{BOY_2014_B},李四,李大,城关镇,2026-3-1\n"
        f"城政控学〔2026〕2号,限期复学通知书,{GIRL_2015},赵六,赵大,城关镇,2026-3-2\n"
        f"城政控学〔2026〕3号,限期复学通知书,{BOY_2012},刘强,王建国,城关镇,2026-3-3\n",
        encoding="gbk",
    )
    refused = run(county, "import", str(source))
    assert refused.exit_code == ExitCode.REFUSED
    assert "手工.csv 未导入任何文号：有 2 个文号登记簿中已有" in refused.output
    assert (
        "第 2 行「文号」列：“城政控学〔2026〕1号” — 登记簿中已有（限期复学通知书，学生 张三，2026年9月30日 下达，已下达）"
        in refused.output
    )
    assert (
        "第 3 行「文号」列：“城政控学〔2026〕2号” — 登记簿中已有（限期复学通知书，学生 刘强，2026年9月30日 下达，已作废）"
        in refused.output
    )
    register = Register(county / REGISTER_FILE)
    assert [e.document_number for e in register.entries(states=STATES)] == [
        LI,
        ZHANG,
        LIU,
    ]  # no 3号


def test_list_as_json_shows_state_and_service(county: Path) -> None:
    assert run(county, "served", LI, "--on", "2026-10-8", "--method", "邮寄送达").exit_code == 0
    assert run(county, "void", LIU, "--why", "重复").exit_code == 0
    listed = run(county, "list", "--format", "json")
    document = json.loads(listed.output)
    assert [
        (d["document_number"], d["state"], d["served_on"], d["service_method"]) for d in document
    ] == [
        (LI, "issued", "2026-10-08", "邮寄送达"),
        (ZHANG, "issued", None, None),
        (LIU, "void", None, None),
    ]
    only = json.loads(run(county, "list", "--format", "json", "--township", "东风镇").output)
    assert [d["document_number"] for d in only] == [LI]
