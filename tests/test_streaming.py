"""A ledger read a part at a time, a CSV file from its file as it goes: the same ledger as read whole.

Each ledger here is written twice with the same text in every cell: as a CSV file (read as a
stream, in parts of a few rows, so that duplicates, refusals and visits fall across the parts'
edges) and as a workbook (read whole, in one part). Both must give the same cases, problems,
visits and cells of unknown columns.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, TODAY, ledger_rows, row

from reportgen.casework.cases import Ledger
from reportgen.demo import sample_workspace
from reportgen.intake import read
from reportgen.intake.ledger import load_ledger
from reportgen.intake.read import read_source
from reportgen.profile import Profile, load_profile

MORE = ["所在村\u202e", "劝返日期1", "劝返人1", "第二次劝返日期", "第二次劝返人"]
"""An unknown column (its header refused), and two visits written on the child's own row."""


def hostile_rows() -> list[list[Any]]:
    """Rows of every kind a ledger holds, good and bad, in the order staff would type them."""
    visits = ["2026-9-1", "王老师", "2026-9-15", "李老师"]
    rows = [
        [*row(1, "张三", BOY_2014, "男"), "东村", *visits],
        [*row(2, "李\x01红", GIRL_2013, "女"), "西村", *visits],  # refused: a control character
        [*row(3, "刘强", BOY_2012, "女"), "南村", "2026-13-1", "王老师", "", ""],  # wrong gender
        ["", "", "", "", "", "", "", "", "", "", "", ""],  # blank: skipped, its number kept
        [*row(4, "张三", BOY_2014, "男"), "东村", *visits],  # the same child again
        [*row(5, "\u202e王五", "410526201403050010", "")],  # an override; a short row
        [*row(6, "赵六", "41052620140305001", "男", category="Z"), "", "", "", "", "", "多余"],
        [*row(7, "孙七", "", "", left_on="2030-1-1"), "备注_x0001_"],  # future date, no ID
        [*row(8, "周八", "", "男", left_on="2025-9-1")],  # no ID, no birth date
        [
            "   ",
            "吴九",
            "",
            "",
            "城关",
            "城关中心小学",
            "初二",
            "",
            "139",
            "I",
            "2025/9/1",
            "劝返中",
        ],
        [*row(10, "郑十", GIRL_2013, "女"), "北村"],  # the same ID, another name
    ]
    return [[str(cell) if cell is not None else "" for cell in cells] for cells in rows]


def write_csv(path: Path, grid: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["" if c is None else c for c in cells] for cells in grid])
    return path


def write_xlsx(path: Path, grid: list[list[Any]]) -> Path:
    """The same cells in a workbook, each written as text (XlsxWriter escapes what it must)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    for number, cells in enumerate(grid):
        for column, value in enumerate(cells):
            if value not in (None, ""):
                sheet.write_string(number, column, str(value))
    book.close()
    return path


def outcome(ledger: Ledger) -> dict[str, Any]:
    """What a ledger holds, its file and sheet aside (they differ between the two files)."""
    return {
        "cases": ledger.cases,
        "problems": [(*dataclasses.astuple(p)[3:], p.severity) for p in ledger.problems],
        "rows": ledger.rows_read,
        "header": ledger.header_row,
        "columns": ledger.columns,
        "extras": {  # an empty cell: "" in a CSV file, None in a workbook
            number: [None if cell == "" else cell for cell in cells]
            for number, cells in ledger.extras.items()
        },
        "visits": [visit[:5] + visit[6:] for visit in ledger.visits],
    }


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_csv_ledger_streamed_in_parts_is_the_workbook_read_whole(
    tmp_path: Path, profile: Profile, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    grid = ledger_rows(*hostile_rows())
    grid[2] = [*HEADERS, *MORE]
    whole = load_ledger(write_xlsx(tmp_path / "台账.xlsx", grid), profile, today=TODAY)
    monkeypatch.setattr(read, "PART_ROWS", size)
    streamed = load_ledger(write_csv(tmp_path / "台账.csv", grid), profile, today=TODAY)
    assert outcome(streamed) == outcome(whole)
    assert len(whole.errors) >= 8 and whole.visits and whole.extras  # every kind was met


def test_the_sample_ledger_in_parts_is_the_sample_ledger_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample = sample_workspace()
    profile = load_profile(sample / "profile.yaml")
    whole = load_ledger(sample / "台账.xlsx", profile, today=TODAY)
    monkeypatch.setattr(read, "PART_ROWS", 7)
    parts = load_ledger(sample / "台账.xlsx", profile, today=TODAY)
    assert outcome(parts) == outcome(whole)
    assert len(whole.cases) > 300


def test_a_csv_file_is_read_from_the_file_at_each_pass(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "台账.csv", [["姓名", "身份证号"], ["张三", BOY_2014]])
    rows = read_source(path).grids[""]
    assert list(rows) == list(rows) == [["姓名", "身份证号"], ["张三", BOY_2014]]
    path.write_text("姓名,身份证号\n李四,x\n", encoding="utf-8")
    assert list(rows)[1] == ["李四", "x"]
