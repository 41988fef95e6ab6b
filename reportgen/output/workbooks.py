"""Ledger workbooks in the layout county staff fill in: title, header, text ID column, drop-downs.

The same writer makes the empty ledger and rosters of ``reportgen init`` and the sample county's
ledger and roster, so all look like what staff know: a title row, a 填报单位 line, the headers, the ID column formatted as
text (so Excel cannot turn an ID number into a float), drop-down lists for 性别, 类别 and 状态,
a sheet of persuasion records and a sheet of instructions that intake skips.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.intake.fields import FIELDS, KNOWN_FIELDS, Layout
from reportgen.intake.text import STAGES
from reportgen.intake.visits import WAY_NAMES
from reportgen.output.sheets import (
    Book,
    Sheet,
    SheetColumn,
    add_sheet,
    cell,
    header_cell,
    prepare,
    workbook_at,
)
from reportgen.profile import Profile

LEDGER_SHEET = "台账"
RECORDS_SHEET = "劝返记录"
GUIDE_SHEET = "填表说明"
RECORD_HEADERS = ("序号", "身份证号", "姓名", "劝返日期", "劝返人", "方式", "结果")
TEXT_FIELDS = {"id_number", "phone"}
WIDE_FIELDS = {"id_number", "household_address", "school"}
HEADER_ROW = 3
BLANK_ROWS = 500
TEXT_ID_NOTE = (
    "身份证号列已设为文本格式，请直接录入 18 位号码，不要改成数字格式（Excel 会丢掉末尾数字）。"
)
DERIVED_NOTE = "性别、出生日期可不填，将按身份证号自动取得；填写了则必须与身份证号一致。"
DATE_NOTE = "日期可写作 2024-9-1、2024.9.1、2024/09/01 或 2024年9月1日。"
FOOTER_NOTE = "表尾的“填表人”“审核人”行以下不再读取。"


def _guide(*lines: str) -> tuple[str, ...]:
    """An instructions sheet: its title, then the lines numbered."""
    return (GUIDE_SHEET, *(f"{number}. {line}" for number, line in enumerate(lines, 1)))


GUIDE = _guide(
    "每个孩子一行；“姓名”“身份证号”“乡镇”“类别”“状态”为必填项。",
    TEXT_ID_NOTE,
    DERIVED_NOTE,
    DATE_NOTE,
    "类别、状态请从下拉列表中选择；类别含义见县区配置的代码表。",
    "每次劝返和查找在“劝返记录”工作表登记一行：身份证号、姓名、日期、劝返人、方式、结果；"
    "方式从下拉列表中选择（电话、家访、约谈，找不到孩子时向村委会了解、到派出所查询、去函）。",
    "孩子回校后填写“复学日期”，并把状态改为“已复学”。",
    FOOTER_NOTE,
)


@dataclass(frozen=True)
class LedgerSheet:
    """What goes into a ledger workbook: the county, its cases, and persuasion records."""

    profile: Profile
    rows: Sequence[Mapping[str, Any]] = ()
    records: Sequence[Sequence[Any]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    """Header to write for a field when it differs from the canonical one (e.g. 学生姓名)."""
    reporter: str = ""
    title: str = ""
    """The title above the table; by default the county's ledger of suspected dropouts."""


def write_ledger_workbook(target: Path, sheet: LedgerSheet, force: bool = False) -> Path:
    """Write a ledger workbook atomically; with no rows it is an empty form to fill in."""
    with workbook_at(target, force) as workbook:
        _write_cases(add_sheet(workbook, LEDGER_SHEET), sheet, list(FIELDS))
        write_records(add_sheet(workbook, RECORDS_SHEET), sheet.records)
        _write_guide(workbook, GUIDE)
    return target


def write_roster_workbook(
    target: Path, layout: Layout, sheet: LedgerSheet, force: bool = False
) -> Path:
    """Write a roster (资助名单, 适龄儿童名册) in the ledger's layout, with its own instructions."""
    title = sheet.title or f"{sheet.profile.county}{layout.title}"
    with workbook_at(target, force) as workbook:
        _write_cases(
            add_sheet(workbook, layout.title), replace(sheet, title=title), list(layout.fields)
        )
        _write_guide(workbook, roster_guide(layout))
    return target


def roster_guide(layout: Layout) -> tuple[str, ...]:
    """The instructions sheet of a roster: one row each, what must be filled, how to type it."""
    each = "每个孩子一行" if layout.one_row_each else "每笔发放一行（一个学生两个学期就是两行）"
    required = "".join(f"“{layout.fields[key].header}”" for key in layout.required)
    return _guide(
        f"{each}；{required}为必填项。",
        TEXT_ID_NOTE,
        DERIVED_NOTE,
        DATE_NOTE,
        "列名可以用本单位习惯的写法（如 公民身份号码、就读学校）；能识别的写法见 "
        f"reportgen fields --roster {layout.key}。",
        FOOTER_NOTE,
    )


def _write_guide(workbook: Book, lines: Iterable[str]) -> None:
    guide = add_sheet(workbook, GUIDE_SHEET)
    for line in lines:
        guide.append([line])


def ledger_columns(
    profile: Profile, keys: Iterable[str], headers: Mapping[str, str] | None = None
) -> list[SheetColumn]:
    """The columns of ledger fields: ID and phone as text, lists for gender, category, status."""
    choices = {
        "gender": ("男", "女"),
        "category": tuple(item.code for item in profile.categories),
        "status": tuple(item.name for item in profile.statuses),
        "stage": STAGES,
        "boarding": ("是", "否"),
        "registered": ("是", "否"),
    }
    return [
        SheetColumn(
            (headers or {}).get(key, KNOWN_FIELDS[key].header),
            22 if key in WIDE_FIELDS else 12,
            text=key in TEXT_FIELDS,
            choices=choices.get(key, ()),
        )
        for key in keys
    ]


def _write_cases(worksheet: Sheet, sheet: LedgerSheet, keys: list[str]) -> None:
    columns = ledger_columns(sheet.profile, keys, sheet.headers)
    prepare(worksheet, columns, HEADER_ROW)
    worksheet.title(sheet.title or f"{sheet.profile.county}疑似失学辍学儿童少年台账", len(keys))
    reporter = cell(worksheet, f"填报单位：{sheet.reporter}")
    worksheet.append([reporter, *[""] * (len(keys) - 2), "填报日期："])
    worksheet.append([header_cell(worksheet, column.header) for column in columns])
    rows: Iterable[Mapping[str, Any]] = sheet.rows or [{}] * BLANK_ROWS
    for row in rows:
        worksheet.append(
            [
                cell(worksheet, row.get(key), text=column.text)
                for key, column in zip(keys, columns, strict=True)
            ]
        )
    if sheet.rows:
        worksheet.append([])
        worksheet.append(["填表人：", "", "", "审核人：", "", "", "联系电话："])


RECORD_COLUMNS = [
    SheetColumn(
        header,
        22 if header == "身份证号" else 12,
        text=header == "身份证号",
        choices=WAY_NAMES if header == "方式" else (),
    )
    for header in RECORD_HEADERS
]


def write_records(worksheet: Sheet, records: Iterable[Sequence[Any]]) -> None:
    """The 劝返记录 sheet: one visit a row, tied to the child by ID number."""
    prepare(worksheet, RECORD_COLUMNS, 1)
    worksheet.append([header_cell(worksheet, column.header) for column in RECORD_COLUMNS])
    for record in records:
        worksheet.append(
            [
                cell(worksheet, value, text=column.text)
                for value, column in zip(record, RECORD_COLUMNS, strict=True)
            ]
        )
