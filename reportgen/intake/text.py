"""Normalising what people type into spreadsheet cells.

County staff type with Chinese input methods, so digits, letters, brackets and spaces arrive in their
full-width forms, and dates arrive in half a dozen spellings. Every parser here either returns a clean
value or raises :class:`CellError` with the expectation in plain Chinese, which validation turns into
a problem that points at the cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import cn2an

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"\s+")
_NEEDS_HALFWIDTH = re.compile("[\uff01-\uff5e\u3000]")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell's value is not what its column expects; the message says what was expected."""


class CellWarning(Exception):
    """A cell's value was accepted but deserves a word to the user; it carries the clean value."""

    def __init__(self, value: object, message: str) -> None:
        super().__init__(message)
        self.value = value


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and the ideographic space as their ASCII equivalents."""
    return text.translate(_FULLWIDTH)


def cell_text(value: object) -> str:
    """A cell as trimmed half-width text; whole floats (Excel's 1.0) lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return (value.translate(_FULLWIDTH) if _NEEDS_HALFWIDTH.search(value) else value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return halfwidth(str(value)).strip()


_ALNUM = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_NEEDS_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def free_text(value: object) -> str:
    """Free text (addresses, notes, schools) trimmed, with full-width letters and digits halved.

    Unlike :func:`cell_text` it keeps Chinese punctuation — a note's ，and （） are the writer's, and
    a document quoting it must not turn them into ASCII commas and brackets.
    """
    if isinstance(value, str):
        return (value.translate(_ALNUM) if _NEEDS_ALNUM.search(value) else value).strip()
    return cell_text(value)


def squeeze(text: str) -> str:
    """Text with every run of white space removed (names and codes never contain spaces)."""
    return _SPACES.sub("", text)


class Month(NamedTuple):
    """A date written to the month only (出生年月 columns: 2014年3月, 2014.03)."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


def parse_date(value: object) -> dt.date:
    """A date from any form staff use: Excel dates, serial numbers and the common written forms.

    Accepted: 2023-9-1, 2023.9.1, 2023/09/01, 2023年9月1日, 二〇二三年九月一日, 20230901, and
    Excel serial numbers. A date written to the month only is refused: deadlines, overdue days and
    ages are counted in days.
    """
    day = _date_or_month(value)
    if isinstance(day, Month):
        raise CellError(f"只写到了月（{day}），这一列要写到日，如 {day.year}年{day.month}月1日")
    return day


def parse_birth_date(value: object) -> dt.date | Month:
    """A birth date, or its month alone (the ID number then gives the day).

    A 出生年月 column holds 2014年3月 or 2014.03; Excel stores the latter as the number 2014.03 —
    and 2014.10 as 2014.1, which cannot be told from January, so that one is refused.
    """
    if isinstance(value, float) and 1900 <= value < 2100 and not value.is_integer():
        text = repr(value)
        if len(text) == 6:  # 2014.1: typed 2014.1 or 2014.10
            raise CellError(
                f"被 Excel 存成了数字 {text}，分不清是 1 月还是 10 月；请把该列设为文本，"
                "写作 2014年10月 或 2014-10-1"
            )
        return _date_or_month(text)
    return _date_or_month(value)


def _date_or_month(value: object) -> dt.date | Month:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = squeeze(cell_text(value))
    if _CN_NUMERAL.search(text):
        text = cn2an.transform(text, "cn2an")
    match = _DATE.fullmatch(text)
    if match is None:
        partial = _MONTH.fullmatch(text)
        if partial and 1 <= int(partial.group(2)) <= 12:
            return Month(int(partial.group(1)), int(partial.group(2)))
        if _SERIAL.fullmatch(text):
            return _from_serial(float(text))
        raise CellError("应为日期，如 2023-9-1、2023.9.1、2023/09/01 或 2023年9月1日")
    year, month, day, compact_month, compact_day = match.groups()
    year_n, month_n, day_n = int(year), int(month or compact_month), int(day or compact_day)
    try:
        return dt.date(year_n, month_n, day_n)
    except ValueError:
        raise CellError(f"日期不存在：{year_n}年没有{month_n}月{day_n}日") from None


_DATE = re.compile(r"(\d{4})(?:[-./年](\d{1,2})[-./月](\d{1,2})[日号]?|(\d{2})(\d{2}))")
_MONTH = re.compile(r"(\d{4})[-./年](\d{1,2})月?")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_CN_NUMERAL = re.compile("[〇零一二三四五六七八九十两]")


def _from_serial(serial: float) -> dt.date:
    """An Excel serial day number (1900 date system) as a date."""
    if not 1 <= serial < 2958466:
        raise CellError("应为日期，如 2023-9-1；这里是一个超出日期范围的数字")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


_PHONE_NOISE = re.compile(r"[\s\-()（）]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})-?(\d{7,8})")


def parse_phone(value: object) -> str:
    """A mobile number (11 digits) or a landline with its area code, as ``0371-62345678``."""
    text = _PHONE_NOISE.sub("", cell_text(value))
    text = text.removeprefix("+86").removeprefix("86") if len(text) > 11 else text
    if _MOBILE.fullmatch(text):
        return text
    landline = _LANDLINE.fullmatch(text)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise CellError("应为 11 位手机号，或带区号的固定电话（如 0371-62345678）")


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GRADE = re.compile(r"([一二三四五六七八九]|[1-9])年级|初([一二三])|([1-9])")


def parse_grade(value: object) -> int:
    """A grade of compulsory education, 1–9, from 一年级…九年级, 初一…初三, 七年级 or a bare number."""
    text = simplified(squeeze(cell_text(value)))
    match = _GRADE.fullmatch(text)
    if match is None:
        raise CellError("应为一年级至九年级、初一至初三，或 1 至 9")
    grade_word, junior, number = match.groups()
    if junior:
        return 6 + _CN_DIGITS[junior]
    word = grade_word or number
    return _CN_DIGITS.get(word) or int(word)


_CODE = re.compile(r"([A-Za-z]+[0-9]*)类?(?:[(（].*[)）])?.*")


def parse_code(value: object) -> str:
    """A category or reason code: ``h``, ``H类`` and ``H类（出国在外）`` all become ``H``."""
    text = squeeze(cell_text(value))
    match = _CODE.fullmatch(text)
    if match is None:
        raise CellError("应为类别代码，如 A、H 或 A2（可写作“H类”或“H类（出国在外）”）")
    return match.group(1).upper()


NAME_DOTS = re.compile(r"[.．・•‧･∙⋅]")
DIGIT = re.compile(r"\d")
NAME_UNUSUAL = re.compile(r"[\s\d.．・•‧･∙⋅\uff01-\uff5e]")
"""Anything a name needs cleaning or checking for; most names have none of it."""


def parse_name(value: object) -> str:
    """A child's or guardian's name; minority names keep their middle dot as ·."""
    if isinstance(value, str) and not NAME_UNUSUAL.search(value):
        return value
    name = NAME_DOTS.sub("·", squeeze(cell_text(value)))
    if DIGIT.search(name):
        raise CellError("姓名中不应有数字")
    return name


STAGES = ("小学", "初中")
YES = {"是": True, "否": False, "寄宿": True, "走读": False, "非寄宿": False, "Y": True, "N": False}


def parse_stage(value: object) -> str:
    """The stage of compulsory education: 小学 or 初中."""
    text = simplified(squeeze(cell_text(value)))
    if text not in STAGES:
        raise CellError("应为“小学”或“初中”")
    return text


def parse_yes_no(value: object) -> bool:
    """是 or 否 (寄宿 and 走读 too, for a boarding column)."""
    text = simplified(squeeze(cell_text(value))).upper()
    if text not in YES:
        raise CellError("应为“是”或“否”")
    return YES[text]


_SEMESTER = re.compile(r"^(\d{4})\s*年?\s*(春|秋)(?:季)?(?:学期)?$")


def parse_semester(value: object) -> str:
    """A semester as 2025年秋季学期 or 2026年春季学期 (2025秋、2025年秋季 are read too)."""
    match = _SEMESTER.match(simplified(squeeze(cell_text(value))))
    if match is None:
        raise CellError("学期应写作 2025年秋季学期 或 2026年春季学期")
    return f"{match.group(1)}年{match.group(2)}季学期"


def parse_amount(value: object) -> Decimal:
    """An amount of yuan, exactly as written (625, 312.50, 1,250元), above zero."""
    text = squeeze(free_text(value)).removesuffix("元").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError("应为金额（元），如 625 或 625.00") from None
    if not amount.is_finite() or amount <= 0:
        raise CellError("金额应为大于 0 的数，如 625 或 625.00")
    return amount


_GENDERS = {"男": "男", "女": "女", "1": "男", "2": "女", "M": "男", "F": "女"}


def parse_gender(value: object) -> str:
    """男 or 女; 学籍 codes 1/2 and M/F are accepted too."""
    gender = _GENDERS.get(squeeze(cell_text(value)).upper())
    if gender is None:
        raise CellError("应为“男”或“女”（学籍代码 1、2 也可）")
    return gender


def normalise_header(header: str) -> str:
    """A column header reduced for matching: no spaces, no bracketed notes such as （必填）, no ``*``.

    Traditional characters count as their simplified forms: 身份證號碼 is 身份证号码.
    """
    text = simplified(unicodedata.normalize("NFKC", cell_text(header)))
    text = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", text)
    return squeeze(text).strip("*：:").lower()


def simplified(text: str) -> str:
    """Text in simplified characters, for matching only (OpenCC's traditional-to-simplified table).

    A ledger saved on a traditional-Chinese system (a Big5 CSV file) writes 身份證號碼 and 城關鎮;
    headers and the county's codes are matched in simplified form, names are kept as written.
    """
    return text if text.isascii() else _to_simplified().convert(text)


@functools.cache
def _to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def format_date(day: dt.date) -> str:
    """A date as officials write it: Arabic numerals, no zero padding (2024年5月1日)."""
    return f"{day.year}年{day.month}月{day.day}日"
