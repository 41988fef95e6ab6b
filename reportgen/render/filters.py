"""Chinese formatting for templates: dates, numbering, money, percentages, 文号 and masking.

Every template, DOCX or HTML, formats through these filters, so a figure reads the same in every
document: 2024年5月1日, 一、/（一）, 壹仟贰佰伍拾元整, 30.0625万元, 97.14%, 〔2024〕12号, 张*三.
Built on cn2an for Chinese numerals and 大写金额.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import cn2an

from reportgen.intake.text import format_date


def cn_date(value: dt.date) -> str:
    """2024年5月1日: Arabic numerals, no zero padding, as GB/T 9704 writes 成文日期."""
    return format_date(value)


def cn_number(value: int) -> str:
    """A small whole number in Chinese numerals: 12 → 十二."""
    return str(cn2an.an2cn(int(value), "low"))


def times(value: int) -> str:
    """A count of times as Chinese prose says it: 一次, 两次, 三次 … 十二次."""
    count = int(value)
    return "两次" if count == 2 else f"{cn_number(count)}次"


def heading(value: int, level: int = 1) -> str:
    """The ordinal of a heading: 一、 at level 1, （一） at level 2, 1. at level 3, （1） at level 4."""
    if level == 1:
        return f"{cn_number(value)}、"
    if level == 2:
        return f"（{cn_number(value)}）"
    return f"{value}." if level == 3 else f"（{value}）"


def capital_amount(value: float | int | Decimal | str) -> str:
    """An amount in yuan as 大写金额 for receipts and notices: 1250.5 → 壹仟贰佰伍拾元伍角."""
    return str(cn2an.an2cn(str(Decimal(str(value)).quantize(Decimal("0.01"))), "rmb"))


def money(value: float | int | Decimal | str) -> str:
    """Yuan as printed on a notice: whole yuan bare (625), otherwise to the fen (312.50)."""
    yuan = Decimal(str(value)).quantize(Decimal("0.01"))
    return str(yuan.quantize(Decimal(1))) if yuan == yuan.to_integral_value() else str(yuan)


def wan_yuan(value: float | int | Decimal | str) -> str:
    """Yuan as 万元, exact and without trailing zeros: 300625 → 30.0625, 190812.5 → 19.08125.

    Yuan amounts have at most two decimals, so the exact 万元 figure has at most six; seed 004
    prints five where that is what the sum is, and so does this.
    """
    yuan = Decimal(str(value)).quantize(Decimal("0.01"))
    return _plain(yuan / 10000)


def percent(value: float | Decimal, decimals: int = 2) -> str:
    """A ratio as a percentage with at most ``decimals`` decimals, trailing zeros dropped.

    0 and 100 are shown only when exact: 0.99996 is 99.99%, never a rounded 100%.
    """
    ratio = Decimal(str(value)) * 100
    step = Decimal(1).scaleb(-decimals)
    rounded = ratio.quantize(step, rounding=ROUND_HALF_UP)
    if rounded == 100 and ratio != 100:
        rounded = Decimal(100) - step
    elif rounded == 0 and ratio != 0:
        rounded = step
    return f"{_plain(rounded)}%"


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def document_number(prefix: str, year: int, number: int) -> str:
    """A 文号: issuer abbreviation, six-cornered brackets, full year, no padding: 黄政控学〔2024〕12号."""
    return f"{prefix}〔{year}〕{number}号"


def mask_name(name: str) -> str:
    """A child's name as public documents show it: 李 → *, 张三 → 张*, 张小三 → 张*三, 阿依古丽·买买提 → 阿*提."""
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}*{name[-1]}"


def mask_id(number: str) -> str:
    """An ID number with the birth date and serial hidden: 410526********001X."""
    return f"{number[:6]}{'*' * 8}{number[-4:]}" if len(number) == 18 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """A phone number with the middle hidden: 139****5678."""
    digits = phone.replace("-", "")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "*" * len(phone)


def em_width(text: str) -> float:
    """How many characters of 3号 a text takes: a Chinese character one, a digit or letter half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def signature_margins(day: str, name: str, sealed: object = False) -> tuple[float, float]:
    """How far in from the right (in characters) the 署名 and the 成文日期 stand (GB/T 9704 7.3.5).

    Under a seal the date stands four characters in and the 署名 is centred over it. Without one
    the 署名 stands two characters in and the date begins two characters right of its first
    character; a date too long for that stands two characters in, and the 署名 moves right so.
    """
    name_width, day_width = em_width(name), em_width(day)
    if sealed:
        return max(0.0, 4 + (day_width - name_width) / 2), 4.0
    day_right = 2 + name_width - 2 - day_width
    if day_right >= 2:
        return 2.0, day_right
    return max(0.0, 2 + day_width + 2 - name_width), 2.0


BLANK = "＿"
"""One character of a line to write on."""


def blank(value: object, width: int = 6) -> str:
    """A value, or a line of ``width`` characters to fill in by hand where the record has none:
    "户籍地址＿＿＿＿＿＿，监护人…", never "户籍地址，监护人"."""
    text = "" if value is None else str(value).strip()
    return text or BLANK * width


FILTERS: dict[str, Callable[..., Any]] = {
    "blank": blank,
    "signature_margins": signature_margins,
    "cn_date": cn_date,
    "cn_number": cn_number,
    "times": times,
    "heading": heading,
    "capital_amount": capital_amount,
    "wan_yuan": wan_yuan,
    "money": money,
    "percent": percent,
    "mask_name": mask_name,
    "mask_id": mask_id,
    "mask_phone": mask_phone,
}
"""Every filter templates may use, by the name they use it with."""
