"""Persuasion records: read from their own sheet or from repeated columns, checked cell by cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, messages, row, save_xlsx
from openpyxl import Workbook

from reportgen.casework.cases import Ledger
from reportgen.intake.visits import repeated_column, visits_by_case

RECORD_HEADERS = ["序号", "身份证号", "学生姓名", "家访日期", "劝返人", "方式", "结果"]


def workbook(path: Path, cases: list[list[object]], records: list[list[object]] | None) -> Path:
    """A ledger sheet under a title row and, when given, a record sheet after it."""
    ledger = [["示范县疑似失学儿童台账"], HEADERS[: len(cases[0])], *cases]
    more = {"劝返记录": [RECORD_HEADERS, *records]} if records is not None else None
    return save_xlsx(path, ledger, more=more)


def test_a_record_sheet_gives_each_child_its_visits_in_date_order(
    tmp_path: Path, load: Callable[[Path], Ledger]
) -> None:
    cases = [row(1, "张小明", BOY_2014), row(2, "李小红", GIRL_2013)]
    records = [
        [1, BOY_2014, "张小明", "2025-10-20", "王老师", "家访", "家长拒绝"],
        [2, BOY_2014, "张小明", dt.datetime(2025, 10, 10), "王老师", "电话", "未接"],
        [3, None, "李小红", "2025年10月12日", "赵主任", "家访", "同意考虑"],
    ]
    ledger = load(workbook(tmp_path / "台账.xlsx", cases, records))
    assert ledger.ok, messages(ledger)
    found = visits_by_case(ledger.visits)
    assert [(v.on, v.how, v.result) for v in found[BOY_2014]] == [
        (dt.date(2025, 10, 10), "电话", "未接"),
        (dt.date(2025, 10, 20), "家访", "家长拒绝"),
    ]
    (only,) = found[GIRL_2013]
    assert (only.on, only.by, only.sheet, only.row) == (
        dt.date(2025, 10, 12),
        "赵主任",
        "劝返记录",
        4,
    )


def test_every_bad_record_is_named_by_sheet_row_and_column(
    tmp_path: Path, load: Callable[[Path], Ledger]
) -> None:
    cases = [row(1, "张小明", BOY_2014), row(2, "李小红", GIRL_2013), row(3, "李小红", BOY_2012)]
    records = [
        [1, BOY_2014, "张小明", "2025-13-01", "王老师", "家访", ""],
        [2, BOY_2014, "张小明", "2026-12-01", "王老师", "家访", ""],
        [3, None, "李小红", "2025-10-12", "赵主任", "家访", ""],
        [4, "410526201001010011", "无名", "2025-10-12", "赵主任", "家访", ""],
        [5, BOY_2014, "张小明", None, "王老师", "家访", ""],
    ]
    ledger = load(workbook(tmp_path / "台账.xlsx", cases, records))
    shown = [m for m in messages(ledger) if "劝返记录" in m]
    assert shown == [
        "台账.xlsx 工作表「劝返记录」第 2 行「家访日期」列：“2025-13-01” — 日期不存在：2025年没有13月1日",
        "台账.xlsx 工作表「劝返记录」第 3 行「家访日期」列：“2026年12月1日” — 劝返日期在今天（2026年11月23日）之后",
        "台账.xlsx 工作表「劝返记录」第 4 行「学生姓名」列：“李小红” — 台账中有 2 个孩子叫这个名字，请填写身份证号",
        "台账.xlsx 工作表「劝返记录」第 5 行「身份证号」列：“410526201001010011” — 台账的有效记录中没有这个身份证号，该条劝返记录未计入",
        "台账.xlsx 工作表「劝返记录」第 6 行「家访日期」列 — 劝返日期不能为空",
    ]
    assert len(ledger.errors) == 4
    assert ledger.visits == []


def test_repeated_columns_on_the_childs_row_are_visits_too(
    tmp_path: Path, load: Callable[[Path], Ledger]
) -> None:
    extra = [
        "第一次劝返日期",
        "第一次劝返人",
        "第一次劝返结果",
        "劝返日期2",
        "劝返人2",
        "劝返结果2",
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADERS, *extra])
    sheet.append(
        [*row(1, "张小明", BOY_2014), "2025-10-9", "王老师", "拒绝", "2025-10-30", "校长", "同意"]
    )
    sheet.append([*row(2, "李小红", GIRL_2013), "2025-10-11", "赵主任", "未见", None, None, None])
    sheet.append([*row(3, "王小刚", BOY_2012), None, None, None, "2025.10.x", "李", ""])
    book.save(tmp_path / "repeated.xlsx")
    ledger = load(tmp_path / "repeated.xlsx")
    assert [str(p) for p in ledger.problems if "性别" not in str(p)] == [
        "repeated.xlsx 工作表「Sheet」第 4 行「劝返日期2」列：“2025.10.x” — "
        "应为日期，如 2023-9-1、2023.9.1、2023/09/01 或 2023年9月1日"
    ]
    found = visits_by_case(ledger.visits)
    assert [(v.on, v.by, v.result) for v in found[BOY_2014]] == [
        (dt.date(2025, 10, 9), "王老师", "拒绝"),
        (dt.date(2025, 10, 30), "校长", "同意"),
    ]
    assert len(found[GIRL_2013]) == 1
    assert BOY_2012 not in found


def test_repeated_column_headers() -> None:
    assert repeated_column("第三次家访时间") == (3, "on")
    assert repeated_column("第十二次劝返人") == (12, "by")
    assert repeated_column("劝返方式（2）") == (2, "how")
    assert repeated_column("劝返结果 1") == (1, "result")
    assert repeated_column("劝返人") is None  # the responsible officer, not a visit
    assert repeated_column("劝返日期") is None
