"""``reportgen ledger``: the three ledgers written, read back with openpyxl, and validated again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, drop_downs, save_xlsx
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from test_followup import EXTRA, ISSUED, PROFILE, RECORDS, case_rows, serve, write_ledger
from typer.testing import CliRunner

from reportgen.casework.ages import age_cutoff, age_on, coming_cutoff
from reportgen.cli import app
from reportgen.intake.ledger import load_ledger
from reportgen.profile import DEFAULT_STATUSES, load_profile

runner = CliRunner()
AS_OF = "2026-10-20"
RISKY = ['=HYPERLINK("http://x","点我")', "+86 139", "-1", "@某人"]
"""备注 cells that Excel would take for formulas."""


def rows_with_notes() -> list[list[Any]]:
    """The three cases: 李红 back on 10-16, 刘强 out since 9-25 only; an unknown column, risky 备注."""
    rows = case_rows(returned={2: "2026-10-16"})
    rows[2][HEADERS.index("离校日期")] = "2026-9-25"
    return [[*values, f"{index + 1}村", RISKY[index]] for index, values in enumerate(rows)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county whose cases got notices served on 2026-09-30, exported as of 2026-10-20."""
    folder = tmp_path_factory.mktemp("county")
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    ledger = write_ledger(folder, case_rows())
    profile = ["-p", str(folder / "profile.yaml")]
    notices = [
        "notices",
        str(ledger),
        *profile,
        "--out",
        str(folder / "通知书"),
        "--format",
        "docx",
    ]
    assert runner.invoke(app, [*notices, "--date", ISSUED]).exit_code == 0
    serve(folder, dt.date.fromisoformat(ISSUED))
    headers = [*HEADERS, *EXTRA, "所在村（社区）", "备注"]
    save_xlsx(folder / "台账.xlsx", [headers, *rows_with_notes()], more={"劝返记录": RECORDS})
    type_notes_as_text(folder / "台账.xlsx")
    target = folder / "三本台账.xlsx"
    result = runner.invoke(
        app, ["ledger", str(ledger), *profile, "--out", str(target), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == f"适龄儿童 3 条；疑似辍学学生 3 条；辍学学生 2 条；劝返记录 {len(RECORDS) - 1} 条"
    )
    return target


def type_notes_as_text(path: Path) -> None:
    """Make the 备注 cells that begin with = typed text, as Excel keeps a cell formatted as text."""
    workbook = load_workbook(path)
    for cell in workbook["台账"]["P"]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
    workbook.save(path)


def table(sheet: Worksheet) -> list[dict[str, Any]]:
    """The rows of a ledger sheet (heading in row 1, headers in row 2) as dicts."""
    headers = [cell.value for cell in sheet[2]]
    return [
        dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)
    ]


def test_the_sheets_their_headings_and_frozen_filtered_headers(exported: Path) -> None:
    workbook = load_workbook(exported)
    assert workbook.sheetnames == ["适龄儿童", "疑似辍学学生", "辍学学生", "劝返记录", "汇总"]
    for name in workbook.sheetnames[:3]:
        sheet = workbook[name]
        assert sheet["A1"].value == f"示范县{name}台账（截至2026年10月20日）"
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A2:")
        headers = [cell.value for cell in sheet[2]]
        assert headers[: len(HEADERS)] == HEADERS  # the county's own columns come first
        assert headers[len(HEADERS) : len(HEADERS) + 4] == [*EXTRA, "所在村（社区）", "备注"]
        assert headers[-15:-10] == [
            "年龄（截至2026年8月31日）",
            "是否适龄",
            "类别名称",
            "统计口径",
            "缺课天数",
        ]
        lists = drop_downs(sheet, 2)
        assert lists["类别"] == '"A,B,C,D,E,F,G,H,I,L"'
        assert lists["状态"] == '"' + ",".join(s.name for s in DEFAULT_STATUSES) + '"'


def test_id_numbers_are_text_and_formula_lookalikes_stay_text(exported: Path) -> None:
    sheet = load_workbook(exported)["适龄儿童"]
    headers = [cell.value for cell in sheet[2]]
    ids = [sheet.cell(row, headers.index("身份证号码") + 1) for row in (3, 4, 5)]
    assert [c.value for c in ids] == [BOY_2014, GIRL_2013, BOY_2012]
    assert all(c.data_type == "s" and c.number_format == "@" for c in ids)
    notes = [sheet.cell(row, headers.index("备注") + 1) for row in (3, 4, 5)]
    assert [c.value for c in notes] == RISKY[:3]
    assert all(c.data_type == "s" and c.quotePrefix for c in notes)


def test_the_computed_columns(exported: Path) -> None:
    rows = table(load_workbook(exported)["适龄儿童"])
    first, second, third = rows
    assert first["年龄（截至2026年8月31日）"] == 12  # born 2014-03-05
    assert (first["是否适龄"], first["类别名称"], first["统计口径"]) == (
        "是",
        "在家上学",
        "计为疑似失学",
    )
    assert first["缺课天数"] == (dt.date(2026, 10, 20) - dt.date(2026, 9, 8)).days
    assert first["文号"] == "城政控学〔2026〕1号"
    assert first["下达日期"] == dt.datetime(2026, 9, 30)
    assert first["复学期限"] == dt.datetime(2026, 10, 13)
    assert first["办理阶段"] == "已送达限期复学通知书"
    assert first["逾期天数"] == 7
    assert first["劝返次数"] == 2
    assert first["下一步"] == "逾期未复学：由城关镇人民政府下达行政处罚事先告知书"
    assert first["所在村（社区）"] == "1村"
    assert second["办理阶段"] == "已复学（逾期 3 天后）"
    assert second["缺课天数"] == (dt.date(2026, 10, 16) - dt.date(2026, 9, 8)).days
    assert second["逾期天数"] is None
    assert third["劝返次数"] == 2
    assert third["缺课天数"] == 25


def test_the_dropout_ledger_holds_those_absent_past_the_threshold(exported: Path) -> None:
    workbook = load_workbook(exported)
    # Over 30 days: 张三 (out 42 days) and 李红 (38 days until her return); 刘强 is out 25 days.
    assert [row["学生姓名"] for row in table(workbook["辍学学生"])] == ["张三", "李红"]
    assert [row["学生姓名"] for row in table(workbook["疑似辍学学生"])] == ["张三", "李红", "刘强"]


def test_the_summary_by_township(exported: Path) -> None:
    sheet = load_workbook(exported)["汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    by_township = {row[0]: dict(zip(headers, row, strict=True)) for row in rows[1:4]}
    assert list(by_township) == ["城关镇", "东风镇", "合计"]
    assert by_township["合计"]["案件数"] == 3
    assert by_township["城关镇"]["逾期未复学"] == 2
    assert by_township["东风镇"]["已复学"] == 1
    assert by_township["合计"]["劝返次数"] == len(RECORDS) - 1
    assert by_township["合计"]["久未劝返"] == 2  # 张三 30 days since a visit, 刘强 24


def test_the_export_reads_back_through_validate(exported: Path, tmp_path: Path) -> None:
    profile = exported.parent / "profile.yaml"
    result = runner.invoke(app, ["validate", str(exported), "-p", str(profile)])
    assert result.exit_code == 0, result.output
    assert "错误 0 处" in result.output
    back = load_ledger(exported, load_profile(profile), today=dt.date(2026, 11, 23))
    original = load_ledger(exported.parent / "台账.xlsx", load_profile(profile))
    fields = ("name", "id_number", "category", "status", "left_on", "returned_on", "officer")
    assert [[getattr(c, f) for f in fields] for c in back.cases] == [
        [getattr(c, f) for f in fields] for c in original.cases
    ]
    assert len(back.visits) == len(original.visits) == len(RECORDS) - 1
    assert not [p for p in back.problems if "不认识的列名" in p.message and "村" not in p.column]


def test_a_ledger_with_errors_is_refused_and_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    rows = case_rows()
    rows[1][HEADERS.index("类别")] = "Z"
    ledger = save_xlsx(tmp_path / "台账.xlsx", [[*HEADERS, *EXTRA], *rows])
    target = tmp_path / "三本台账.xlsx"
    result = runner.invoke(
        app, ["ledger", str(ledger), "-p", str(tmp_path / "profile.yaml"), "--out", str(target)]
    )
    assert result.exit_code == 1
    assert "第 3 行「类别」列" in result.output
    assert not target.exists()


def test_age_at_the_cutoff() -> None:
    assert age_cutoff(dt.date(2026, 11, 23), "08-31") == dt.date(2026, 8, 31)
    assert age_cutoff(dt.date(2026, 8, 30), "08-31") == dt.date(2025, 8, 31)
    assert age_cutoff(dt.date(2026, 8, 31), "08-31") == dt.date(2026, 8, 31)
    assert age_on(dt.date(2020, 8, 31), dt.date(2026, 8, 31)) == 6
    assert age_on(dt.date(2020, 9, 1), dt.date(2026, 8, 31)) == 5
    assert coming_cutoff(dt.date(2026, 5, 1), "08-31") == dt.date(2026, 8, 31)
    assert coming_cutoff(dt.date(2026, 9, 1), "08-31") == dt.date(2027, 8, 31)
