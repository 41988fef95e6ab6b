"""Every input reportgen reads has an empty form from ``reportgen init`` and a sample that reads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import TODAY
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.casework.ages import age_on
from reportgen.cli import app
from reportgen.demo import sample_workspace
from reportgen.intake.fields import ROSTERS
from reportgen.intake.rosters import load_roster
from reportgen.intake.statsfile import documented_stats_settings, load_stats
from reportgen.profile import Profile
from reportgen.workspace import starter_stats

runner = CliRunner()


def test_init_writes_an_empty_form_of_every_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--county", "我县"])
    assert result.exit_code == 0, result.output
    for name in ("资助名单.xlsx", "适龄儿童名册.xlsx", "统计.yaml", "内容.yaml", "台账.xlsx"):
        assert f"已写入 {tmp_path / name}" in result.output
    for layout in ROSTERS.values():
        workbook = load_workbook(tmp_path / f"{layout.title}.xlsx")
        assert workbook.sheetnames == [layout.title, "填表说明"]
        sheet = workbook[layout.title]
        assert sheet["A1"].value == f"我县{layout.title}"
        headers = [cell.value for cell in sheet[3]]
        assert headers == [spec.header for spec in layout.fields.values()]
        assert sheet.cell(4, headers.index("身份证号") + 1).number_format == "@"
        required = "".join(f"“{layout.fields[key].header}”" for key in layout.required)
        assert f"{required}为必填项" in str(workbook["填表说明"]["A2"].value)
        check = runner.invoke(
            app,
            ["validate", str(tmp_path / f"{layout.title}.xlsx"), "--roster", layout.key,
             "-p", str(tmp_path / "profile.yaml")],
        )  # fmt: skip
        assert check.exit_code == 0, check.output
        assert check.output.strip().endswith("读取 0 条记录，0 条可用；错误 0 处，警告 0 处")


def test_the_subsidy_form_offers_its_choices(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--county", "我县"])
    sheet = load_workbook(tmp_path / "资助名单.xlsx")["资助名单"]
    formulas = {str(v.formula1) for v in sheet.data_validations.dataValidation}
    assert {'"小学,初中"', '"是,否"', '"男,女"'} <= formulas


def test_the_empty_statistics_file_invents_no_figure(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--county", "我县"])
    stats = load_stats(tmp_path / "统计.yaml")
    assert stats.county == "我县"
    (year,) = stats.years
    today = dt.date.today()
    assert year.school_year == (today.year if today.month >= 9 else today.year - 1)
    assert (year.students, year.cohort, year.disabled, year.subsidies, year.not_back) == (
        {},
        None,
        None,
        [],
        None,
    )  # not_back unwritten: the report takes the children still out from the ledger


def test_the_empty_statistics_file_shows_every_item_it_can_hold(tmp_path: Path) -> None:
    text = starter_stats("我县", dt.date(2026, 3, 1))
    assert "school_year: 2025" in text
    filled = re.sub(r"^(\s*)# ", r"\1", text.split("years:\n", 1)[1], flags=re.MULTILINE)
    (tmp_path / "统计.yaml").write_text("years:\n" + filled, encoding="utf-8")
    year = load_stats(tmp_path / "统计.yaml").years[0]
    assert year.cohort is not None and year.disabled is not None
    assert year.not_back and year.not_back[0].school == "城关中心小学"
    assert year.subsidies[0].stage == "小学"
    keys = {key.split(".")[1] for key in documented_stats_settings()}
    keys -= {"county", "years"}
    assert {key for key in keys if f"{key}:" not in filled} == set()


def test_the_sample_roster_is_the_intake_of_autumn_2026(sample_profile: Profile) -> None:
    path = sample_workspace() / "适龄儿童名册.xlsx"
    roster = load_roster(path, sample_profile, ROSTERS["enrolment"], today=TODAY)
    assert roster.problems == []
    assert len(roster.cases) >= 20
    ages = [
        age_on(case.birth_date, dt.date(2026, 8, 31)) for case in roster.cases if case.birth_date
    ]
    assert set(ages) == {5, 6}
    assert all(case.guardian and case.school for case in roster.cases)


def test_the_sample_statistics_leave_the_children_not_back_to_the_ledger() -> None:
    stats = load_stats(sample_workspace() / "统计.yaml")
    assert all(year.not_back is None for year in stats.years)
