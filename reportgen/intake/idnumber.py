"""Resident ID numbers (公民身份号码, GB 11643): checking them, and what they tell about a child.

python-stdnum holds the check-digit rule and the register of region codes. The checks run in the
order that names the real mistake: length, form, the birth date inside, the check digit, the region.
Excel stores long numbers as floats and keeps 15 significant digits, so an ID column left in number
format loses its last digits for good; that case gets its own message saying how to fix the column.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from reportgen.intake.text import CellError, CellWarning, cell_text, squeeze

SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")
ID_FORM = re.compile(r"\d{17}[\dX]")
ID_AS_NUMBER = (
    "身份证号被 Excel 存成了数字，末尾几位已经丢失（Excel 只保留 15 位有效数字）。"
    "请把该列单元格格式设为“文本”，再按户口簿重新录入这些号码；只改格式找不回丢失的数字"
)
ID_AS_NUMBER_KEPT = "身份证号存成了数字，这次号码还完整；请把该列设为“文本”格式，以免丢失末尾数字"


def parse_id_number(value: object) -> str:
    """An 18-character resident ID number with a valid birth date, check digit and region."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = excel_number_text(value)
        if len(digits) == 18 and ric.is_valid(digits):
            raise CellWarning(digits, ID_AS_NUMBER_KEPT)
        raise CellError(ID_AS_NUMBER)
    number = squeeze(cell_text(value)).upper()
    if SCIENTIFIC.fullmatch(number):
        raise CellError(ID_AS_NUMBER)
    if len(number) != 18:
        raise CellError(f"应为 18 位，这里是 {len(number)} 位")
    if not ID_FORM.fullmatch(number):
        raise CellError("前 17 位应全是数字，最后一位是数字或 X")
    try:
        birth_date(number)
    except ValueError:
        raise CellError(f"第 7–14 位的出生日期 {number[6:14]} 不是有效日期") from None
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise CellError(f"校验位不对：按前 17 位，最后一位应为 {expected}；请核对号码")
    if not _region_exists(number):
        raise CellError(f"前 6 位地区代码 {number[:6]} 不存在")
    return number


def birth_date(number: str) -> dt.date:
    """The birth date in digits 7–14; ValueError when there is no such day."""
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(number: str) -> str:
    """The gender the 17th digit gives: odd for 男, even for 女."""
    return "男" if int(number[16]) % 2 else "女"


def excel_number_text(value: float) -> str:
    """A number as Excel shows it in a 0-format cell: 15 significant digits, then zeros."""
    shown = Decimal(f"{value:.15g}")
    if not shown.is_finite():
        return str(value)
    return str(int(shown)) if shown == shown.to_integral_value() else str(shown)


def _region_exists(number: str) -> bool:
    """Whether python-stdnum's register knows the region code in the number's birth year.

    Cached by region and year: the register lookup is slow and a ledger holds few of them.
    """
    key = number[:10]
    known = _REGIONS.get(key)
    if known is None:
        try:
            ric.get_birth_place(number)
            known = True
        except InvalidComponent:
            known = False
        _REGIONS[key] = known
    return known


_REGIONS: dict[str, bool] = {}
