"""Follow-up end to end: notices numbered in the register, then ``reportgen due`` as the days pass.

The notices of these tests are issued on 2026-09-30 with a deadline of 5 working days: the National
Day holidays (10-01 to 10-07) do not count and the 调休 Saturday 10-10 does, so the deadline is
Tuesday 2026-10-13. Only DOCX is written; the register is the same whatever the format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, row, save_xlsx
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.casework.followup import Stage, due_list, follow_up, load_follow_up
from reportgen.casework.register import REGISTER_FILE, Register, Request
from reportgen.cli import app
from reportgen.intake.ledger import load_ledger
from reportgen.profile import load_profile

runner = CliRunner()
ISSUED = "2026-09-30"
DEADLINE = dt.date(2026, 10, 13)
PROFILE = """\
county: 示范县
townships:
  - name: 城关镇
    abbreviation: 城政控学
  - name: 东风镇
    abbreviation: 东政控学
deadline:
  days: 5
  kind: working
follow_up:
  visit_interval_days: 14
  visits_before_notice: 2
"""
EXTRA = ["复学日期", "劝返责任人"]
GIRL_2015 = "410526201502030049"
RECORDS = [
    ["序号", "身份证号", "姓名", "劝返日期", "劝返人", "方式", "结果"],
    [1, BOY_2014, "张三", "2026-9-10", "王老师", "家访", "拒绝"],
    [2, BOY_2014, "张三", "2026-9-20", "王老师", "家访", "拒绝"],
    [3, GIRL_2013, "李红", "2026-9-12", "赵老师", "电话", "未接"],
]


def case_rows(returned: dict[int, str] | None = None) -> list[list[Any]]:
    """Three open cases; ``returned`` marks rows (by 序号) back at school on a date."""
    returned = returned or {}
    people = [
        (1, "张三", BOY_2014, "城关镇", "王老师"),
        (2, "李红", GIRL_2013, "东风镇", "赵老师"),
        (3, "刘强", BOY_2012, "城关镇", "王老师"),
    ]
    rows = []
    for seq, name, id_number, township, officer in people:
        status = "已复学" if seq in returned else "劝返中"
        cells = row(seq, name, id_number, category="L", status=status, township=township)
        cells[HEADERS.index("离校日期")] = "2026-9-8"
        rows.append([*cells, returned.get(seq), officer])
    return rows


def write_ledger(folder: Path, rows: list[list[Any]]) -> Path:
    """The ledger with its 劝返记录 sheet."""
    return save_xlsx(folder / "台账.xlsx", [[*HEADERS, *EXTRA], *rows], more={"劝返记录": RECORDS})


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A county folder whose three open cases got their notices on 2026-09-30."""
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    ledger = write_ledger(tmp_path, case_rows())
    result = runner.invoke(
        app,
        ["notices", str(ledger), "-p", str(tmp_path / "profile.yaml"), "--out",
         str(tmp_path / "通知书"), "--format", "docx", "--date", ISSUED],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path


def due(county: Path, *options: str) -> str:
    result = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_notice_deadline_skips_the_holidays_and_counts_the_makeup_saturday(
    county: Path,
) -> None:
    entries = Register(county / REGISTER_FILE).entries()
    assert {entry.deadline for entry in entries} == {DEADLINE}
    assert {entry.issued_on for entry in entries} == {dt.date(2026, 9, 30)}


def test_on_the_deadline_itself_nothing_is_overdue(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-13")
    assert "城政控学〔2026〕1号，期限 2026年10月13日 → 期满核查是否复学" in output
    assert "逾期" not in output.replace("逾期 0 件", "")
    assert output.splitlines()[-1] == "截至 2026年10月13日：待办 3 件，其中逾期 0 件"


def test_one_day_after_the_deadline_the_penalty_is_due(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-14")
    lines = [line.strip() for line in output.splitlines()]
    assert lines[0] == "城关镇　王老师（2 件，逾期 2 件）"
    assert lines[1].startswith(
        "逾期 1 天　张三（第 2 行）　已下达限期复学通知书 城政控学〔2026〕1号"
    )
    assert lines[1].endswith("→ 逾期未复学：报乡镇人民政府作出行政处罚决定　［24 天未劝返］")
    assert lines[-1] == "截至 2026年10月14日：待办 3 件，其中逾期 3 件"


def test_a_child_back_before_the_deadline_leaves_the_list(county: Path) -> None:
    write_ledger(county, case_rows(returned={1: "2026-10-9"}))
    profile = load_profile(county / "profile.yaml")
    as_of = dt.date(2026, 10, 20)
    ledger, followups = load_follow_up(profile, Register(county / REGISTER_FILE), as_of)
    back = followups[0]
    assert (back.case.name, back.stage, back.stage_label) == (
        "张三",
        Stage.RETURNED,
        "已复学（期限内）",
    )
    assert not back.is_due
    assert "张三" not in due(county, "--as-of", "2026-10-20")
    assert ledger.ok


def test_a_return_after_the_deadline_says_how_late(county: Path) -> None:
    write_ledger(county, case_rows(returned={2: "2026-10-16"}))
    profile = load_profile(county / "profile.yaml")
    _, followups = load_follow_up(profile, Register(county / REGISTER_FILE), dt.date(2026, 10, 20))
    assert followups[1].stage_label == "已复学（逾期 3 天后）"


def test_the_as_of_day_hides_what_happened_after_it(county: Path) -> None:
    output = due(county, "--as-of", "2026-09-29")
    assert "〔2026〕" not in output
    assert (
        "张三（第 2 行）　劝返 2 次，最近 2026年9月20日 → 已劝返 2 次仍未复学：报请下达限期复学通知书"
        in output
    )
    assert "李红（第 3 行）　劝返 1 次，最近 2026年9月12日 → 再次家访劝返" in output
    assert "刘强（第 4 行）　劝返 → 首次家访劝返" in output


def test_filters_by_township_and_officer(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-14", "--township", "东风镇")
    assert "李红" in output and "张三" not in output
    output = due(county, "--as-of", "2026-10-14", "--officer", "王老师")
    assert "张三" in output and "刘强" in output and "李红" not in output


def test_a_case_not_visited_for_longer_than_the_interval_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows())
    profile = load_profile(tmp_path / "profile.yaml")
    ledger = load_ledger(profile.ledger, profile, today=dt.date(2026, 10, 4))
    on_time = follow_up(ledger, [], profile, dt.date(2026, 10, 4))
    late = follow_up(ledger, [], profile, dt.date(2026, 10, 5))
    assert on_time[0].flags == () and on_time[0].days_overdue == 0
    assert late[0].flags == ("15 天未劝返",) and late[0].days_overdue == 1
    assert late[2].flags == ("离校 27 天，无劝返记录",)
    assert late[2].due == dt.date(2026, 9, 10)  # first visit two days after leaving


def test_after_a_penalty_decision_the_court_is_next(county: Path) -> None:
    register = Register(county / REGISTER_FILE)
    register.number(
        [
            Request(
                "城政控学", "penalty", BOY_2014, "王建国", "张三", "城关镇", dt.date(2026, 10, 20)
            )
        ]
    )
    profile = load_profile(county / "profile.yaml")
    _, followups = load_follow_up(profile, register, dt.date(2027, 4, 19))
    item = followups[0]
    assert item.stage is Stage.PENALTY
    assert item.action == "仍未复学的，催告后申请人民法院强制执行"
    assert (item.due, item.days_overdue) == (dt.date(2027, 4, 18), 1)
    groups = due_list(followups, profile)
    assert [(g.township, g.officer) for g in groups] == [("城关镇", "王老师"), ("东风镇", "赵老师")]
    assert [i.case.name for i in groups[0].items] == ["刘强", "张三"]  # longest overdue first


def test_the_work_list_workbook(county: Path) -> None:
    target = county / "待办.xlsx"
    output = due(county, "--as-of", "2026-10-14", "--format", "xlsx", "--out", str(target))
    assert f"已写入 {target}" in output
    sheet = load_workbook(target)["待办"]
    assert sheet["A1"].value == "示范县控辍保学待办事项（截至2026年10月14日）"
    headers = [cell.value for cell in sheet[2]]
    assert headers[:4] == ["乡镇", "劝返责任人", "姓名", "身份证号"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:T5"
    rows = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=3)]
    assert [r[2] for r in rows] == ["张三", "刘强", "李红"]
    first = dict(zip(headers, rows[0], strict=True))
    assert first["身份证号"] == BOY_2014 and sheet["D3"].data_type == "s"
    assert first["文号"] == "城政控学〔2026〕1号"
    assert first["复学期限"] == dt.datetime(2026, 10, 13)
    assert first["逾期天数"] == 1
    assert first["劝返次数"] == 2
    again = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--format", "xlsx",
                                "--out", str(target)])  # fmt: skip
    assert again.exit_code == 4 and "已存在" in again.output


def test_a_notice_registered_without_its_deadline_gets_the_profiles(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows())
    register = Register(tmp_path / REGISTER_FILE)
    issued = dt.date(2026, 9, 30)
    register.number([Request("城政控学", "deadline", BOY_2014, "王建国", "张三", "城关镇", issued)])
    profile = load_profile(tmp_path / "profile.yaml")
    _, followups = load_follow_up(profile, register, dt.date(2026, 10, 14))
    assert (followups[0].stage, followups[0].deadline) == (Stage.NOTICE, DEADLINE)
    assert followups[0].days_overdue == 1
