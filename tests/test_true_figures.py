"""Every figure from the data: the same number wherever it is printed, no sentence it cannot support.

The demo's reports are read back (PDF with pdftotext) and their figures compared with ``stats``,
the register, the 三本台账 and the work list that ``due`` writes. Small counties then show the
rules one by one: a child back at school is not still out; counts of what was done come from the
register, not from the 状态 column; "无一人失学" only when both sources say so; a statistics file
that contradicts the ledger stops the report; county text naming a child stops it too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import BOY_2012, BOY_2014, DEMO_DAY, GIRL_2013, HEADERS, pdf_text, row, save_xlsx
from openpyxl import load_workbook
from test_ledger_export import table
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import Request
from reportgen.cli import app
from reportgen.demo import (
    FOLLOW_UP_FOLDER,
    LEDGERS_FILE,
    REPORTS_FOLDER,
    sample_workspace,
)
from reportgen.profile import load_profile
from reportgen.render.filters import mask_name
from reportgen.reports.inputs import ReportInputs, load_statistics

runner = CliRunner()
DAY = dt.date.fromisoformat(DEMO_DAY)


def flat(path: Path) -> str:
    return re.sub(r"\s+", "", pdf_text(path))


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, pattern
    return int(found.group(1))


def summary_row(path: Path) -> dict[str, int]:
    """The 合计 line of the 三本台账's 汇总, by column."""
    book = load_workbook(path, read_only=True)
    rows = list(book["汇总"].iter_rows(values_only=True))
    book.close()  # a read-only workbook keeps its file open until closed
    headers, total = rows[0], next(r for r in rows if r[0] == "合计")
    return {str(h): int(v) for h, v in zip(headers[1:], total[1:], strict=False) if v is not None}


def test_each_figure_is_the_same_in_every_document(demo_output: Path) -> None:
    reports = demo_output / REPORTS_FOLDER
    (inspection,) = reports.glob("*自查报告.pdf")
    (summary,) = reports.glob("*工作总结.pdf")
    inspection_text, summary_text = flat(inspection), flat(summary)
    register = Register(demo_output / REGISTER_FILE)
    inputs = ReportInputs(
        sample_workspace() / "台账.xlsx",
        demo_output / "统计.yaml",
        load_profile(sample_workspace() / "profile.yaml"),
        roster=demo_output / "资助名单.xlsx",
        register=register,
    )
    stats = {f.key: f.shown for f in load_statistics(inputs, given=DAY).statistics.figures}
    ledgers = summary_row(demo_output / FOLLOW_UP_FOLDER / LEDGERS_FILE)
    dropout_sheet = load_workbook(demo_output / FOLLOW_UP_FOLDER / LEDGERS_FILE)["辍学学生"]

    still = number(r"仍为疑似失学(\d+)人。", inspection_text)
    assert still > 0
    assert number(r"仍有(\d+)名疑似失学儿童未到校", summary_text) == still
    assert stats["cases.still_suspected"] == f"{still}人"
    assert ledgers["仍为疑似失学"] == still

    year = [e for e in register.entries() if dt.date(2026, 9, 1) <= e.issued_on <= DAY]
    notices = number(r"依法下达限期复学通知书(\d+)份", inspection_text)
    assert notices == len([e for e in year if e.kind == "deadline"]) > 0
    assert stats["work.notices"] == f"{notices}份"
    notified = {e.case_key for e in register.entries() if e.kind == "deadline"}
    assert ledgers["已下达通知书"] == len(notified)
    for kind, pattern in (
        ("prior-notice", r"下达行政处罚事先告知书(\d+)份"),
        ("demand", r"下达催告书(\d+)份"),
        ("enforcement", r"申请人民法院强制执行(\d+)件"),
    ):
        assert number(pattern, inspection_text) == len([e for e in year if e.kind == kind]) > 0
    assert "作出行政处罚决定" not in inspection_text  # the decisions were of the year before
    assert not [e for e in year if e.kind == "penalty"]

    dropouts = int(stats["cases.dropouts"].removesuffix("人"))
    assert dropouts == ledgers["辍学（缺课超过30天）"] == dropout_sheet.max_row - 2
    assert f"dropouts: {dropouts}" in (demo_output / "统计.yaml").read_text(encoding="utf-8")

    children = table(load_workbook(demo_output / FOLLOW_UP_FOLDER / LEDGERS_FILE)["适龄儿童"])
    late = [
        c
        for c in children
        if c["复学期限"]
        and c["复学期限"].date() < DAY
        and not c["办理阶段"].startswith(("已复学", "已办结"))
    ]
    assert ledgers["逾期未复学"] == len(late) == int(stats["cases.overdue"].removesuffix("人")) > 0

    persons = number(r"生活补助(\d+)人次", summary_text)
    assert number(r"累计资助义务教育家庭经济困难学生(\d+)人次", inspection_text) == persons
    assert stats["subsidies.义务教育"].startswith(f"{persons}人次")
    # the other stages' aid from the statistics file, stage by stage (seed 004)
    for stage, words in (
        ("学前", "学前教育家庭经济困难幼儿资助"),
        ("普通高中", "普通高中家庭经济困难学生资助"),
        ("中职", "中等职业教育家庭经济困难学生资助"),
    ):
        persons, yuan = re.findall(r"[\d.]+", stats[f"subsidies.{stage}"])[:2]
        assert f"{words}{persons}人次，共发放资助资金{yuan}万元" in summary_text


PROFILE = """\
county: 示范县
townships:
  - name: 城关镇
    abbreviation: 城政控学
  - name: 东风镇
    abbreviation: 东政控学
"""
STATS = """\
years:
  - school_year: 2026
    students: {小学: 1000, 初中: 500}
"""


def county(
    folder: Path, *, returned: bool = False, status: str = "劝返中", stats: str = STATS
) -> Path:
    """Three children kept at home (L); the second back at school on 2026-10-9 when ``returned``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    people = [
        (1, "张三", BOY_2014, "男"),
        (2, "李红", GIRL_2013, "女"),
        (3, "刘强", BOY_2012, "男"),
    ]
    rows = []
    for seq, name, id_number, gender in people:
        back = returned and seq == 2
        cells = row(seq, name, id_number, gender, category="L", status="已复学" if back else status)
        cells[HEADERS.index("离校日期")] = "2026-9-8"
        rows.append([*cells, "2026-10-9" if back else ""])
    save_xlsx(folder / "台账.xlsx", [[*HEADERS, "复学日期"], *rows])
    (folder / "统计.yaml").write_text(stats, encoding="utf-8")
    return folder


def report(folder: Path, kind: str, *options: str) -> tuple[int, str]:
    arguments = [
        "report",
        kind,
        "--cases",
        str(folder / "台账.xlsx"),
        "--stats",
        str(folder / "统计.yaml"),
        "-p",
        str(folder / "profile.yaml"),
        "--out",
        str(folder / "报告"),
        "--format",
        "pdf",
        *options,
    ]
    result = runner.invoke(app, arguments)
    return result.exit_code, result.output


def made(folder: Path, kind: str) -> str:
    (path,) = (folder / "报告").glob(f"*{kind}.pdf")
    return flat(path)


def test_a_child_back_at_school_is_counted_there_only(tmp_path: Path) -> None:
    folder = county(tmp_path, returned=True)
    code, output = report(folder, "self-inspection", "--date", "2026-11-23")
    assert code == 0, output
    text = made(folder, "自查报告")
    assert "仍计为疑似失学的3人中，已劝返复学1人，仍为疑似失学2人。" in text
    assert (
        "L类（在家上学）3人中，已劝返复学1人，仍为疑似失学2人：张*" in text
        and mask_name("李红") not in text.split("仍为疑似失学2人：")[1].split("。")[0]
    )


def test_what_was_done_is_counted_from_the_register_not_the_status_column(tmp_path: Path) -> None:
    folder = county(tmp_path, status="已下达通知")
    register = Register(folder / REGISTER_FILE)
    register.number(
        [
            Request(
                "城政控学", "deadline", BOY_2014, "王建国", "张三", "城关镇", dt.date(2026, 10, 9)
            )
        ]
    )
    code, output = report(folder, "self-inspection", "--date", "2026-11-23")
    assert code == 0, output
    text = made(folder, "自查报告")
    assert "依法下达限期复学通知书1份" in text  # three rows say 已下达通知; the register holds one
    assert "已下达通知3人" not in text


def test_nobody_out_is_said_only_when_ledger_and_statistics_both_say_so(tmp_path: Path) -> None:
    everyone_back = STATS + "    not_back: []\n"
    folder = county(tmp_path / "both", status="已复学", stats=everyone_back)
    code, output = report(folder, "summary", "--date", "2026-11-23")
    assert code == 0, output
    assert "经开学核查无一人失学。" in made(folder, "工作总结")
    unstated = county(tmp_path / "ledger", status="已复学")
    assert report(unstated, "summary", "--date", "2026-11-23")[0] == 0
    assert "无一人失学" not in made(unstated, "工作总结")  # the statistics file does not say so
    out = county(tmp_path / "out")
    assert report(out, "summary", "--date", "2026-11-23")[0] == 0
    text = made(out, "工作总结")
    assert "无一人失学" not in text and "仍有3名疑似失学儿童未到校" in text


def test_statistics_that_contradict_the_ledger_stop_the_report(tmp_path: Path) -> None:
    one_named = STATS + (
        "    dropouts: 1\n    not_back:\n"
        "      - {name: 王某某, school: 城关中心小学, reason: 随父母外出}\n"
    )
    folder = county(tmp_path, stats=one_named)
    code, output = report(folder, "self-inspection", "--date", "2026-11-23")
    assert code == 1
    assert "统计文件和台账的数字不一致，报告未生成" in output
    assert (
        "统计.yaml（2026 学年 not_back）列了 1 人，台账.xlsx（截至2026年11月23日仍为疑似失学）为 3 人"
        in output
    )
    assert (
        "统计.yaml（2026 学年 dropouts）为 1 人，台账.xlsx（截至2026年11月23日的辍学学生台账）为 3 人"
        in output
    )
    assert not (folder / "报告").exists()


def test_one_school_year_one_label_and_the_plan_dated_at_its_start(tmp_path: Path) -> None:
    folder = county(tmp_path, stats=STATS.replace("2026", "2025") + STATS.split("years:\n")[1])
    code, output = report(folder, "self-inspection", "--date", "2026-11-23")
    assert code == 0, output
    text = made(folder, "自查报告")
    assert "示范县2026—2027学年控辍保学工作自查报告" in text and "2026年11月23日" in text
    assert "2025—2026学年" not in text
    code, output = report(folder, "work-plan", "--year", "2026")
    assert code == 0, output
    plan = made(folder, "工作方案")
    assert "示范县2026—2027学年进一步加强控辍保学" in plan and "2026年9月1日" in plan
    assert report(folder, "summary", "--date", "2027-9-1")[0] == 3  # outside the school year


def test_county_text_that_names_a_child_stops_the_public_report(tmp_path: Path) -> None:
    folder = county(tmp_path)
    content = folder / "内容.yaml"
    content.write_text(
        "self_inspection:\n  basis: 根据通知要求开展自查。\n  measures:\n"
        "    - title: 入户劝返\n      text: 镇村干部多次到张三家中做工作，监护人电话13912345678。\n"
        "  problems: 无。\n  next_steps: []\n  closing: 特此报告。\n",
        encoding="utf-8",
    )
    code, output = report(
        folder, "self-inspection", "--date", "2026-11-23", "--content", str(content)
    )
    assert code == 1
    assert "内容.yaml 第 5 行：张三、13912345678" in output
    assert not (folder / "报告").exists()
    profile = folder / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "public_text: mask\n", encoding="utf-8"
    )
    code, output = report(
        folder, "self-inspection", "--date", "2026-11-23", "--content", str(content)
    )
    assert code == 0, output
    text = made(folder, "自查报告")
    assert "镇村干部多次到张*家中做工作，监护人电话139****5678。" in text
    assert "张三" not in text and "13912345678" not in text


@pytest.mark.parametrize(("name", "shown"), [("李", "*"), ("张三", "张*"), ("欧阳小明", "欧*明")])
def test_public_names_are_masked_whatever_their_length(name: str, shown: str) -> None:
    assert mask_name(name) == shown
