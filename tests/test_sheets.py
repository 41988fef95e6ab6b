"""Workbooks are written beside their target: no child's data passes through the system's temp folder."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.output.sheets import (
    COLUMN_LIMIT,
    ROW_LIMIT,
    SheetColumn,
    TooLarge,
    add_sheet,
    workbook_at,
    write_table,
)
from reportgen.output.staging import leftovers

COLUMNS = [SheetColumn("姓名"), SheetColumn("身份证号", text=True), SheetColumn("离校日期")]
ROWS = [["张三", "410526201403051234", dt.date(2026, 9, 8)]] * 3000


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder standing for the system's temporary folder (where tempfile writes)."""
    folder = tmp_path / "系统临时文件夹"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def test_rows_are_written_beside_the_target_and_nothing_is_left(
    tmp_path: Path, system_temp: Path
) -> None:
    out = tmp_path / "输出"
    target = out / "台账.xlsx"
    seen: list[Path] = []
    with workbook_at(target) as workbook:
        write_table(workbook, "表", COLUMNS, ROWS, heading="标题", count=len(ROWS))
        seen = [path for path in out.iterdir() if path.is_dir()]
        assert seen and all(any(path.iterdir()) for path in seen)  # the rows so far, on disk
        leftovers(out)  # a batch starting in the same folder leaves a live export's rows alone
        assert all(path.is_dir() for path in seen)
    assert list(out.iterdir()) == [target]
    assert list(system_temp.iterdir()) == []
    sheet = load_workbook(target)["表"]
    assert sheet.max_row == len(ROWS) + 2
    assert sheet["B3"].value == "410526201403051234" and sheet["B3"].number_format == "@"
    assert sheet["C3"].value == dt.datetime(2026, 9, 8)


def test_an_abandoned_workbook_leaves_nothing(tmp_path: Path, system_temp: Path) -> None:
    out = tmp_path / "输出"
    with pytest.raises(KeyboardInterrupt), workbook_at(out / "台账.xlsx") as workbook:
        write_table(workbook, "表", COLUMNS, ROWS, count=len(ROWS))
        add_sheet(workbook, "第二张").append(["未写完"])
        raise KeyboardInterrupt
    assert list(out.iterdir()) == []
    assert list(system_temp.iterdir()) == []


def test_text_longer_than_a_cell_holds_is_refused_not_cut(tmp_path: Path) -> None:
    """Excel keeps 32,767 characters a cell; XlsxWriter would cut the rest off without a word."""
    out = tmp_path / "输出"
    rows = [["张三", "410526201403051234", dt.date(2026, 9, 8)], ["李" * 40_000, "", None]]
    refused = pytest.raises(TooLarge, match="第 4 行第 1 列的文字有 40,000 个字符")
    with refused, workbook_at(out / "台账.xlsx") as workbook:
        write_table(workbook, "表", COLUMNS, rows, heading="标题", count=len(rows))
    assert list(out.iterdir()) == []


def test_a_sheet_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "输出"
    refused = pytest.raises(TooLarge, match="1,048,576 行上限")
    with refused, workbook_at(out / "台账.xlsx") as workbook:
        sheet = add_sheet(workbook, "表")
        sheet.append(["第一行"])
        sheet.row = ROW_LIMIT  # as after a million rows, without taking minutes to write them
        sheet.append(["多出的一行"])
    assert list(out.iterdir()) == []


def test_the_rows_of_a_killed_export_are_removed_by_the_next_batch(tmp_path: Path) -> None:
    """A process killed while writing leaves its rows beside the output; they hold children's data."""
    out = tmp_path / "输出"
    script = (
        "import os, sys; from pathlib import Path; "
        "from reportgen.output.sheets import add_sheet, workbook_at\n"
        "with workbook_at(Path(sys.argv[1])) as book:\n"
        "    sheet = add_sheet(book, '表')\n"
        "    for _ in range(3000): sheet.append(['张三', '410526201403051234'])\n"
        "    os._exit(9)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(out / "台账.xlsx")], check=False)
    assert done.returncode == 9
    (left,) = [path for path in out.iterdir() if path.is_dir()]
    assert any(path.name != "batch.txt" for path in left.iterdir())
    leftovers(out)
    assert not left.exists()


def test_a_table_wider_than_excel_allows_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "输出"
    columns = [SheetColumn(f"列{index}") for index in range(COLUMN_LIMIT + 1)]
    refused = pytest.raises(TooLarge, match="16,384 列")
    with refused, workbook_at(out / "台账.xlsx") as workbook:
        write_table(workbook, "表", columns, [], count=0)
    assert list(out.iterdir()) == []
