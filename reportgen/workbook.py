"""Ledger workbooks in the layout county staff fill in: title, header, text ID column, drop-downs.

The same writer makes the empty ledger of ``reportgen init`` and the sample county's ledger, so
both look like what staff know: a title row, a 填报单位 line, the headers, the ID column formatted as
text (so Excel cannot turn an ID number into a float), drop-down lists for 性别, 类别 and 状态,
a sheet of persuasion records and a sheet of instructions that intake skips.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.fields import FIELDS
from reportgen.profile import Profile
from reportgen.write import atomic_output

LEDGER_SHEET = "台账"
RECORDS_SHEET = "劝返记录"
GUIDE_SHEET = "填表说明"
RECORD_HEADERS = ("序号", "身份证号", "姓名", "劝返日期", "劝返人", "方式", "结果")
TEXT_FIELDS = {"id_number", "phone"}
DATE_FIELDS = {"birth_date", "left_on"}
FIRST_DATA_ROW = 4
BLANK_ROWS = 500
GUIDE = (
    "填表说明",
    "1. 每个孩子一行；“姓名”“身份证号”“乡镇”“类别”“状态”为必填项。",
    "2. 身份证号列已设为文本格式，请直接录入 18 位号码，不要改成数字格式（Excel 会丢掉末尾数字）。",
    "3. 性别、出生日期可不填，将按身份证号自动取得；填写了则必须与身份证号一致。",
    "4. 日期可写作 2024-9-1、2024.9.1、2024/09/01 或 2024年9月1日。",
    "5. 类别、状态请从下拉列表中选择；类别含义见县区配置的代码表。",
    "6. 每次劝返（电话、家访、发函）在“劝返记录”工作表登记一行。",
    "7. 表尾的“填表人”“审核人”行以下不再读取。",
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


def write_ledger_workbook(target: Path, sheet: LedgerSheet, force: bool = False) -> Path:
    """Write a ledger workbook atomically; with no rows it is an empty form to fill in."""
    workbook = Workbook(write_only=True)
    _write_cases(_sheet(workbook, LEDGER_SHEET), sheet)
    _write_records(_sheet(workbook, RECORDS_SHEET), sheet.records)
    guide = workbook.create_sheet(GUIDE_SHEET)
    for line in GUIDE:
        guide.append([line])
    with atomic_output(target, force) as temporary:
        workbook.save(temporary)
    return target


def _sheet(workbook: Workbook, title: str) -> Worksheet:
    """A new write-only sheet; it takes the same settings (freeze, widths, lists) as a full one."""
    return cast(Worksheet, workbook.create_sheet(title))


def _write_cases(worksheet: Worksheet, sheet: LedgerSheet) -> None:
    keys = list(FIELDS)
    last = get_column_letter(len(keys))
    worksheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    worksheet.merged_cells.ranges.add(f"A1:{last}1")
    for position, key in enumerate(keys, 1):
        width = 22 if key in ("id_number", "household_address", "school") else 12
        worksheet.column_dimensions[get_column_letter(position)].width = width
    _add_lists(worksheet, sheet.profile, keys)
    title = WriteOnlyCell(worksheet, f"{sheet.profile.county}疑似失学辍学儿童少年台账")
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center")
    worksheet.append([title])
    worksheet.append([f"填报单位：{sheet.reporter}", *[""] * (len(keys) - 2), "填报日期："])
    worksheet.append(
        [_header_cell(worksheet, sheet.headers.get(key, FIELDS[key].header)) for key in keys]
    )
    rows: Iterable[Mapping[str, Any]] = sheet.rows or [{}] * BLANK_ROWS
    for row in rows:
        worksheet.append([_cell(worksheet, key, row.get(key)) for key in keys])
    if sheet.rows:
        worksheet.append([])
        worksheet.append(["填表人：", "", "", "审核人：", "", "", "联系电话："])


def _header_cell(worksheet: Worksheet, text: str) -> Cell:
    cell = WriteOnlyCell(worksheet, text)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(horizontal="center", wrap_text=True)
    return cell


def _cell(worksheet: Worksheet, key: str, value: Any) -> Cell:
    cell = WriteOnlyCell(worksheet, value)
    if key in TEXT_FIELDS:
        cell.number_format = "@"
    elif key in DATE_FIELDS and isinstance(value, dt.date):
        cell.number_format = "yyyy-m-d"
    return cell


def _add_lists(worksheet: Worksheet, profile: Profile, keys: list[str]) -> None:
    """Drop-down lists for gender, category and status on the data rows."""
    choices = {
        "gender": ["男", "女"],
        "category": [item.code for item in profile.categories],
        "status": [item.name for item in profile.statuses],
    }
    for key, values in choices.items():
        letter = get_column_letter(keys.index(key) + 1)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=FIELDS[key].header,
            error=f"请从下拉列表中选择：{'、'.join(values)}",
        )
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + 9999}")
        worksheet.data_validations.append(validation)


def _write_records(worksheet: Worksheet, records: Sequence[Sequence[Any]]) -> None:
    worksheet.freeze_panes = "A2"
    worksheet.column_dimensions["B"].width = 22
    worksheet.append([_header_cell(worksheet, header) for header in RECORD_HEADERS])
    for record in records:
        cells = [WriteOnlyCell(worksheet, value) for value in record]
        cells[1].number_format = "@"
        if isinstance(record[3], dt.date):
            cells[3].number_format = "yyyy-m-d"
        worksheet.append(cells)
