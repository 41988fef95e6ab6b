"""Chinese formatting filters: every figure reads as officials write it."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.render.filters import (
    blank,
    capital_amount,
    cn_date,
    cn_number,
    document_number,
    em_width,
    heading,
    mask_id,
    mask_name,
    mask_phone,
    money,
    percent,
    signature_margins,
    times,
    wan_yuan,
)
from reportgen.render.html import HtmlRenderer
from reportgen.render.pdf import PdfWriter


def test_dates_and_numerals() -> None:
    assert cn_date(dt.date(2024, 5, 1)) == "2024年5月1日"
    assert cn_number(7) == "七"
    assert cn_number(15) == "十五"
    assert [times(n) for n in (1, 2, 3, 12)] == ["一次", "两次", "三次", "十二次"]
    assert [heading(3), heading(3, 2), heading(3, 3), heading(3, 4)] == [
        "三、",
        "（三）",
        "3.",
        "（3）",
    ]


@pytest.mark.parametrize(
    ("yuan", "capital"),
    [(1250.5, "壹仟贰佰伍拾元伍角"), (625, "陆佰贰拾伍元整"), ("1000", "壹仟元整"), (0.5, "伍角")],
)
def test_capital_amounts(yuan: object, capital: str) -> None:
    assert capital_amount(yuan) == capital  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [(300625, "30.0625"), (190812.5, "19.08125"), (10000, "1"), (1483891, "148.3891"), (0, "0")],
)
def test_wan_yuan_is_exact_without_trailing_zeros(yuan: float, wan: str) -> None:
    assert wan_yuan(yuan) == wan


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (68 / 70, "97.14%"),
        (0.97, "97%"),
        (1, "100%"),
        (0, "0%"),
        (0.99996, "99.99%"),
        (0.00001, "0.01%"),
    ],
)
def test_percentages_never_round_to_exact_ends(ratio: float, shown: str) -> None:
    assert percent(ratio) == shown


def test_percent_precision_is_a_parameter() -> None:
    assert percent(68 / 70, 0) == "97%"
    assert percent(0.5, 4) == "50%"


def test_document_numbers_have_six_cornered_brackets_and_no_padding() -> None:
    assert document_number("黄政控学", 2024, 12) == "黄政控学〔2024〕12号"


def test_masking() -> None:
    assert [mask_name("张三"), mask_name("张小三"), mask_name("阿依古丽·买买提")] == [
        "张*",
        "张*三",
        "阿*提",
    ]
    assert mask_id("41052620140305001X") == "410526********001X"
    assert mask_phone("13912345678") == "139****5678"


def test_money_shows_whole_yuan_bare_and_fen_otherwise() -> None:
    assert money(625) == "625"
    assert money("625.00") == "625"
    assert money(Decimal("312.5")) == "312.50"
    assert money(0.1 + 0.2) == "0.30"


def test_a_missing_value_prints_as_a_line_to_fill_in() -> None:
    assert blank("示范县东风镇8村") == "示范县东风镇8村"
    assert blank("") == "＿＿＿＿＿＿"
    assert blank(None, 4) == "＿＿＿＿"
    assert blank("  ") == "＿＿＿＿＿＿"


def test_the_line_to_fill_in_is_drawn_in_the_pdf(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text(
        '{% extends "base.html" %}{% block body %}<p>户籍地址{{ address|blank }}，监护人</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    markup = HtmlRenderer("blank.html", tmp_path).render({"address": ""})
    writer = PdfWriter(tmp_path)
    writer.write(writer.layout(markup), tmp_path / "blank.pdf", force=False)  # no missing glyph
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "blank.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "户籍地址＿＿＿＿＿＿，监护人" in text


def test_signature_places_follow_gb_t_9704() -> None:
    assert em_width("2026年9月30日") == 6.5  # digits half a character
    # With a seal: the date four characters in, the 署名 centred over it.
    assert signature_margins("2026年9月30日", "城关镇人民政府", True) == (3.75, 4.0)
    # Without: the 署名 two characters in, the date two characters right of its first character.
    assert signature_margins("2026年9月30日", "示范县城关镇人民政府", None) == (2.0, 3.5)
    # A date too long for that stands two characters in; the 署名 moves in to keep the two.
    assert signature_margins("2026年12月31日", "城关镇", "") == (8.0, 2.0)
