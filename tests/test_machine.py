"""What scripts and other systems use: --version, JSON output, and finding the county's profile."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import chinese_calendar
import pytest
from openpyxl import load_workbook
from test_followup import county, unserved  # the fixtures: a county with notices issued
from typer.testing import CliRunner

from reportgen import __version__
from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app
from reportgen.doctor import healthy, holiday_calendar, run_checks
from reportgen.errors import ExitCode

runner = CliRunner()
DISTRIBUTION = "kongchuo"


def test_version_is_the_installed_distributions() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"reportgen {__version__}"
    assert version(DISTRIBUTION) == __version__


def test_due_as_json_says_what_the_work_list_workbook_says(county: Path) -> None:
    profile = ["-p", str(county / "profile.yaml"), "--as-of", "2026-10-14"]
    listed = runner.invoke(app, ["due", *profile, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.output)
    target = county / "待办.xlsx"
    assert (
        runner.invoke(app, ["due", *profile, "--format", "xlsx", "--out", str(target)]).exit_code
        == 0
    )
    sheet = load_workbook(target)["待办"]
    headers = [cell.value for cell in sheet[2]]
    rows = [
        dict(zip(headers, line, strict=True))
        for line in sheet.iter_rows(min_row=3, values_only=True)
    ]
    items = [item for group in document["groups"] for item in group["items"]]
    assert document["as_of"] == "2026-10-14" and document["items"] == len(rows) > 0
    for item, line in zip(items, rows, strict=True):
        assert (item["name"], item["id_number"], item["row"]) == (
            line["姓名"],
            line["身份证号"],
            line["台账行号"],
        )
        assert item["document_number"] == line["文号"]
        assert item["deadline"] == (
            line["复学期限"].date().isoformat() if line["复学期限"] else None
        )
        assert item["days_overdue"] == line["逾期天数"]
        assert item["action"] == line["下一步"]
    assert document["overdue"] == sum(1 for line in rows if line["逾期天数"])


def test_register_list_as_json_is_the_register(county: Path) -> None:
    listed = runner.invoke(
        app, ["register", "list", "-p", str(county / "profile.yaml"), "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    entries = Register(county / REGISTER_FILE).entries()
    assert entries
    assert [
        (e["document_number"], e["kind"], e["student"], e["issued_on"], e["deadline"])
        for e in json.loads(listed.output)
    ] == [
        (
            e.document_number,
            e.kind,
            e.student,
            e.issued_on.isoformat(),
            e.deadline and e.deadline.isoformat(),
        )
        for e in entries
    ]


def test_doctor_as_json() -> None:
    done = runner.invoke(app, ["doctor", "--format", "json"])
    document = json.loads(done.output)
    checks = run_checks()
    assert [(c["name"], c["passed"]) for c in document["checks"]] == [
        (c.name, c.passed) for c in checks
    ]
    assert document["healthy"] == healthy(checks)
    assert done.exit_code == (0 if healthy(checks) else ExitCode.ENVIRONMENT)


def last_announced_year() -> int:
    """The last year chinesecalendar has, asked of the package itself."""
    year = dt.date.today().year
    while True:
        try:
            chinese_calendar.is_workday(dt.date(year + 1, 1, 1))
        except NotImplementedError:
            return year
        year += 1


def test_doctor_warns_when_next_years_holidays_are_not_in_the_calendar() -> None:
    last = last_announced_year()
    ahead = holiday_calendar(dt.date(last, 6, 1))
    assert not ahead.passed and not ahead.required
    assert ahead.detail.startswith(
        f"只收录到 {last} 年：落在 {last + 1} 年的工作日期限暂按周六、周日休息计算"
    )
    assert "chinesecalendar" in ahead.fix
    covered = holiday_calendar(dt.date(last - 1, 6, 1))
    assert covered.passed and covered.detail == f"已收录到 {last} 年"
    shown = runner.invoke(app, ["doctor"]).output
    mark = "✓" if last > dt.date.today().year else "!"
    assert f"{mark} 法定节假日安排（按工作日计算期限）" in shown


def test_the_profile_comes_from_the_environment(county: Path) -> None:
    given = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--as-of", "2026-10-14"])
    assert given.exit_code == 0, given.output
    by_variable = runner.invoke(
        app,
        ["due", "--as-of", "2026-10-14"],
        env={"REPORTGEN_PROFILE": str(county / "profile.yaml")},
    )
    assert (by_variable.exit_code, by_variable.output) == (0, given.output)


def test_the_profile_of_the_folder_or_a_folder_above(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--as-of", "2026-10-14"])
    below = county / "通知书" / "下一层"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    found = runner.invoke(app, ["due", "--as-of", "2026-10-14"])
    assert (found.exit_code, found.output) == (0, given.output)
    listed = runner.invoke(app, ["register", "list"])
    assert listed.exit_code == 0 and listed.output.endswith(
        f"共 {len(Register(county / REGISTER_FILE).entries())} 条\n"
    )


def test_no_profile_anywhere_says_the_three_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_PROFILE", raising=False)
    result = runner.invoke(app, ["due"])
    assert result.exit_code == ExitCode.USAGE
    assert (
        "没有指定县区配置：请用 --profile 给出 profile.yaml，或设置环境变量 REPORTGEN_PROFILE"
        in result.output
    )
