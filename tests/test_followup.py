"""Follow-up end to end: notices numbered and served, then ``reportgen due`` as the days pass.

The notices of these tests are issued and served on 2026-09-30 with a deadline of 5 working days:
the National Day holidays (10-01 to 10-07) do not count and the 调休 Saturday 10-10 does, so the
deadline is Tuesday 2026-10-13. Periods run from service: a notice not yet served is its own
stage, and one served late runs later. Only DOCX is written; the register is the same whatever
the format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, row, save_xlsx
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.casework import measures
from reportgen.casework.followup import Stage, due_list, follow_up, load_follow_up
from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import Event
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
    [4, GIRL_2013, "李红", "2026-9-22", "赵老师", "家访", "拒绝"],
    [5, BOY_2012, "刘强", "2026-9-18", "王老师", "家访", "不在家"],
    [6, BOY_2012, "刘强", "2026-9-26", "王老师", "家访", "拒绝"],
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


def write_ledger(folder: Path, rows: list[list[Any]], records: list[list[Any]] = RECORDS) -> Path:
    """The ledger with its 劝返记录 sheet."""
    return save_xlsx(folder / "台账.xlsx", [[*HEADERS, *EXTRA], *rows], more={"劝返记录": records})


def serve(folder: Path, on: dt.date, kind: str = "deadline") -> None:
    """Record the service of every document of a kind, as the signed 送达回证 come back."""
    register = Register(folder / REGISTER_FILE)
    for entry in register.entries():
        if entry.kind == kind and entry.served_on is None:
            register.record_event(entry, Event("served", on, "直接送达", "王老师"))


def notify(folder: Path, day: str = ISSUED) -> None:
    result = runner.invoke(
        app,
        ["notices", str(folder / "台账.xlsx"), "-p", str(folder / "profile.yaml"), "--out",
         str(folder / "通知书"), "--format", "docx", "--date", day],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.fixture
def unserved(tmp_path: Path) -> Path:
    """A county folder whose three open cases got their notices on 2026-09-30, none served yet."""
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows())
    notify(tmp_path)
    return tmp_path


@pytest.fixture
def county(unserved: Path) -> Path:
    """The same, every notice served on the day it was issued."""
    serve(unserved, dt.date(2026, 9, 30))
    return unserved


def due(county: Path, *options: str) -> str:
    result = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), *options])
    assert result.exit_code == 0, result.output
    return result.output


def followed(county: Path, day: dt.date) -> list[Any]:
    profile = load_profile(county / "profile.yaml")
    return load_follow_up(profile, Register(county / REGISTER_FILE), day)[1]


def test_the_deadline_runs_from_service_over_the_holidays(county: Path) -> None:
    assert {item.deadline for item in followed(county, dt.date(2026, 10, 2))} == {DEADLINE}
    entries = Register(county / REGISTER_FILE).entries()
    assert {entry.issued_on for entry in entries} == {dt.date(2026, 9, 30)}
    assert {entry.deadline for entry in entries} == {None}  # nothing counted from the issue date


def test_a_notice_not_served_is_waiting_for_service_never_silently_overdue(
    unserved: Path,
) -> None:
    output = due(unserved, "--as-of", "2026-10-14")
    assert "限期复学通知书待送达（已下达 14 天） 城政控学〔2026〕1号 → 送达限期复学通知书" in output
    item = followed(unserved, dt.date(2026, 10, 14))[0]
    assert (item.stage, item.deadline, item.due) == (
        Stage.NOTICE_UNSERVED,
        None,
        dt.date(2026, 10, 7),  # to be served within seven days
    )
    assert not measures.overdue(item) and "逾期未复学" not in output


def test_service_recorded_late_moves_the_deadline(unserved: Path) -> None:
    serve(unserved, dt.date(2026, 10, 8))
    item = followed(unserved, dt.date(2026, 10, 14))[0]
    assert (item.stage, item.deadline, item.days_overdue) == (
        Stage.NOTICE,
        dt.date(2026, 10, 14),
        0,
    )


def test_on_the_deadline_itself_nothing_is_overdue(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-13")
    assert "城政控学〔2026〕1号，期限 2026年10月13日 → 期满核查是否复学" in output
    assert "逾期" not in output.replace("逾期 0 件", "")
    assert output.splitlines()[-1] == "截至 2026年10月13日：待办 3 件，其中逾期 0 件"


def test_one_day_after_the_deadline_the_prior_notice_is_due(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-14")
    lines = [line.strip() for line in output.splitlines()]
    assert lines[0] == "城关镇　王老师（2 件，逾期 2 件）"
    assert lines[1].startswith(
        "逾期 1 天　张三（第 2 行）　已送达限期复学通知书 城政控学〔2026〕1号"
    )
    assert lines[1].endswith(
        "→ 逾期未复学：由城关镇人民政府下达行政处罚事先告知书　［24 天未劝返］"
    )
    assert lines[-1] == "截至 2026年10月14日：待办 3 件，其中逾期 3 件"


def test_the_bureau_takes_the_steps_when_it_issues_the_notices(county: Path) -> None:
    profile = county / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "notice_issuer: bureau\n", encoding="utf-8"
    )
    assert "→ 逾期未复学：由示范县教育局下达行政处罚事先告知书" in due(
        county, "--as-of", "2026-10-14"
    )


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
    assert followed(county, dt.date(2026, 10, 20))[1].stage_label == "已复学（逾期 3 天后）"


def test_no_notice_before_the_visits_the_profile_asks_for(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows(), records=RECORDS[:2])  # 张三 visited once
    result = runner.invoke(
        app,
        ["notices", str(tmp_path / "台账.xlsx"), "-p", str(tmp_path / "profile.yaml"), "--out",
         str(tmp_path / "通知书"), "--format", "docx", "--date", ISSUED],
    )  # fmt: skip
    assert (
        result.exit_code == 1
        and "没有符合条件的案件（仍计为失学、状态未办结、劝返次数已够" in result.output
    )
    output = due(tmp_path, "--as-of", ISSUED)
    assert "张三（第 2 行）　劝返 1 次，最近 2026年9月10日 → 再次家访劝返" in output
    assert "刘强（第 4 行）　劝返 → 首次家访劝返" in output


def test_the_as_of_day_hides_what_happened_after_it(county: Path) -> None:
    output = due(county, "--as-of", "2026-09-15")
    assert "〔2026〕" not in output
    assert "张三（第 2 行）　劝返 1 次，最近 2026年9月10日 → 再次家访劝返" in output
    assert "李红（第 3 行）　劝返 1 次，最近 2026年9月12日 → 再次家访劝返" in output
    assert "刘强（第 4 行）　劝返 → 首次家访劝返" in output
    assert (
        "张三（第 2 行）　劝返 2 次，最近 2026年9月20日 → 已劝返 2 次仍未复学："
        "报请城关镇人民政府下达限期复学通知书" in due(county, "--as-of", "2026-09-29")
    )


def test_filters_by_township_and_officer(county: Path) -> None:
    output = due(county, "--as-of", "2026-10-14", "--township", "东风镇")
    assert "李红" in output and "张三" not in output
    output = due(county, "--as-of", "2026-10-14", "--officer", "王老师")
    assert "张三" in output and "刘强" in output and "李红" not in output


def test_a_case_not_visited_for_longer_than_the_interval_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows(), records=RECORDS[:3])
    profile = load_profile(tmp_path / "profile.yaml")
    ledger = load_ledger(profile.ledger, profile, today=dt.date(2026, 10, 5))
    on_time = follow_up(ledger, [], profile, dt.date(2026, 10, 4))
    late = follow_up(ledger, [], profile, dt.date(2026, 10, 5))
    assert on_time[0].flags == ()
    assert late[0].flags == ("15 天未劝返",)
    assert late[2].flags == ("离校 27 天，无劝返记录",)
    assert late[2].due == dt.date(2026, 9, 10)  # first visit two days after leaving


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
    groups = due_list(
        followed(county, dt.date(2026, 10, 14)), load_profile(county / "profile.yaml")
    )
    assert [(g.township, g.officer) for g in groups] == [("城关镇", "王老师"), ("东风镇", "赵老师")]
