"""Workbooks are written beside their target: no child's data passes through the system's temp folder."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.output.sheets import SheetColumn, add_sheet, workbook_at, write_table

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
