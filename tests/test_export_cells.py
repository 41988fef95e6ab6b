"""Every cell an exported workbook holds is data: headers too, control characters too."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import BOY_2014, HEADERS, row
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.intake.read import read_source
from reportgen.output.sheets import SheetColumn, workbook_at, write_table
from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook
from reportgen.profile import Profile

runner = CliRunner()
FORMULA_HEADER = '=HYPERLINK("http://example.invalid/x","点我")'


def no_formulas(path: Path) -> list[tuple[str, str]]:
    """Every cell of a workbook that Excel would run as a formula (none, if the writer is right)."""
    workbook = load_workbook(path)
    return [
        (sheet.title, cell.coordinate)
        for sheet in workbook.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.data_type == "f"
    ]


def test_a_formula_header_is_exported_as_text(tmp_path: Path) -> None:
    """A CSV ledger (or a cell typed as text) can carry a header that starts with “=”."""
    ledger = tmp_path / "台账.csv"
    with ledger.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [[*HEADERS, FORMULA_HEADER], [*row(1, "张三", BOY_2014), "=1+1"]]
        )
    (tmp_path / "profile.yaml").write_text(
        "county: 示范县\ntownships:\n  - name: 城关镇\n    abbreviation: 城\n", encoding="utf-8"
    )
    target = tmp_path / "三本台账.xlsx"
    result = runner.invoke(
        app,
        ["ledger", str(ledger), "-p", str(tmp_path / "profile.yaml"), "--out", str(target),
         "--as-of", "2026-11-23"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet: Worksheet = load_workbook(target)["适龄儿童"]
    headers = [cell for cell in sheet[2] if cell.value == FORMULA_HEADER]
    assert headers and all(cell.data_type == "s" and cell.quotePrefix for cell in headers)
    assert no_formulas(target) == []


CONTROLS = "张\x01三\x1f"
LOOKS_ESCAPED = "备注_x0001_原样"


def test_control_characters_are_stored_and_read_back_unchanged(tmp_path: Path) -> None:
    """The writer does not crash on them, and Excel's readers get back exactly the text."""
    target = tmp_path / "表.xlsx"
    columns = [SheetColumn("姓名\x07"), SheetColumn("=备注"), SheetColumn("坏字")]
    rows = [[CONTROLS, LOOKS_ESCAPED, "孤\ud800字"]]
    with workbook_at(target) as workbook:
        write_table(workbook, "表", columns, rows, heading="标题\x02", count=1)
    assert no_formulas(target) == []
    grid = read_source(target).grids["表"]  # as intake reads it (calamine, Excel's decoding)
    assert grid[0][0] == "标题\x02"
    assert grid[1] == ["姓名\x07", "=备注", "坏字"]
    assert grid[2] == [CONTROLS, LOOKS_ESCAPED, "孤\ufffd字"]


def test_the_ledger_workbook_takes_any_text(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    sheet = LedgerSheet(
        Profile(county="示范县"),
        rows=[{"name": CONTROLS, "notes": LOOKS_ESCAPED, "school": "=1+1"}],
        reporter="示范县\x0b教育局",
    )
    write_ledger_workbook(target, sheet)
    assert no_formulas(target) == []
    grid = read_source(target).grids["台账"]
    assert grid[1][0] == "填报单位：示范县\x0b教育局"
    header = grid[2]
    assert grid[3][header.index("姓名")] == CONTROLS
    assert grid[3][header.index("备注")] == LOOKS_ESCAPED
    assert grid[3][header.index("学校")] == "=1+1"
