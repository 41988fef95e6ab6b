"""Cell parsers: every written form staff use, and the message for what cannot be read."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.intake.text import (
    CellError,
    Month,
    cell_text,
    format_date,
    free_text,
    normalise_header,
    parse_birth_date,
    parse_code,
    parse_date,
    parse_gender,
    parse_grade,
    parse_phone,
)


@pytest.mark.parametrize(
    "written",
    [
        "2023-9-1",
        "2023.9.1",
        "2023/09/01",
        "2023年9月1日",
        "２０２３－９－１",
        "20230901",
        " 2023 .9.1 ",
        45170,
        "二〇二三年九月一日",
        "二零二三年九月一日",
        "2023年9月1号",
        "二〇二三年九月一号",
    ],
)
def test_every_date_form_staff_use(written: object) -> None:
    assert parse_date(written) == dt.date(2023, 9, 1)


def test_excel_dates_pass_through() -> None:
    assert parse_date(dt.datetime(2023, 9, 1, 8, 30)) == dt.date(2023, 9, 1)


def test_impossible_date_names_the_day() -> None:
    with pytest.raises(CellError, match="日期不存在：2023年没有2月30日"):
        parse_date("2023-2-30")


def test_chinese_numerals_reach_every_day_of_the_month() -> None:
    assert parse_date("二〇二三年十二月三十一日") == dt.date(2023, 12, 31)
    assert parse_date("二〇一四年十一月二十日") == dt.date(2014, 11, 20)


@pytest.mark.parametrize("written", ["2023年9月", "二〇二三年九月", "2023.9", "2023-09"])
def test_a_date_to_the_month_is_refused_where_days_count(written: str) -> None:
    with pytest.raises(CellError, match="只写到了月（2023年9月），这一列要写到日"):
        parse_date(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2014年3月", Month(2014, 3)),
        ("二〇一四年三月", Month(2014, 3)),
        ("2014.03", Month(2014, 3)),
        (2014.03, Month(2014, 3)),
        (2014.12, Month(2014, 12)),
        ("2014年3月5日", dt.date(2014, 3, 5)),
    ],
)
def test_a_birth_date_may_be_a_month(written: object, expected: object) -> None:
    assert parse_birth_date(written) == expected


def test_a_birth_month_excel_stored_as_a_number_that_lost_its_zero_is_refused() -> None:
    with pytest.raises(CellError, match="分不清是 1 月还是 10 月"):
        parse_birth_date(2014.1)


def test_a_month_that_does_not_exist_is_no_date() -> None:
    with pytest.raises(CellError, match="应为日期"):
        parse_birth_date("2014年13月")


def test_text_that_is_no_date() -> None:
    with pytest.raises(CellError, match="应为日期"):
        parse_date("九月初")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("13912345678", "13912345678"),
        ("１３９ １２３４ ５６７８", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("0372-5551234", "0372-5551234"),
        ("037262345678", "0372-62345678"),
        (13912345678.0, "13912345678"),
    ],
)
def test_phone_numbers(written: object, expected: str) -> None:
    assert parse_phone(written) == expected


@pytest.mark.parametrize("written", ["5551234", "1391234567", "23912345678", "电话"])
def test_bad_phone_numbers(written: str) -> None:
    with pytest.raises(CellError, match="应为 11 位手机号"):
        parse_phone(written)


@pytest.mark.parametrize(
    ("written", "grade"),
    [
        ("一年级", 1),
        ("六年级", 6),
        ("七年级", 7),
        ("初一", 7),
        ("初三", 9),
        ("8", 8),
        (9.0, 9),
        ("３年级", 3),
    ],
)
def test_grades(written: object, grade: int) -> None:
    assert parse_grade(written) == grade


@pytest.mark.parametrize("written", ["高一", "十年级", "0", "学前班"])
def test_grades_outside_compulsory_education(written: str) -> None:
    with pytest.raises(CellError, match="应为一年级至九年级"):
        parse_grade(written)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("H", "H"),
        ("h", "H"),
        ("H类", "H"),
        ("H类（出国在外）", "H"),
        ("Ｈ类(出国在外)", "H"),
        ("a2", "A2"),
        (" B 类 ", "B"),
    ],
)
def test_category_codes(written: str, code: str) -> None:
    assert parse_code(written) == code


def test_category_code_must_start_with_a_letter() -> None:
    with pytest.raises(CellError, match="应为类别代码"):
        parse_code("出国")


@pytest.mark.parametrize(
    ("written", "gender"), [("男", "男"), ("女", "女"), ("1", "男"), (2.0, "女"), ("m", "男")]
)
def test_gender(written: object, gender: str) -> None:
    assert parse_gender(written) == gender


def test_headers_lose_notes_spaces_and_width() -> None:
    assert normalise_header("身份证号（必填）") == normalise_header("身份证号")
    assert normalise_header(" 姓　名 *") == "姓名"
    assert normalise_header("联系电话(手机)") == "联系电话"


def test_cell_text_drops_the_float_tail_of_whole_numbers() -> None:
    assert cell_text(1.0) == "1"
    assert cell_text(None) == ""
    assert cell_text("ＡＢ１") == "AB1"


def test_official_dates_are_not_zero_padded() -> None:
    assert format_date(dt.date(2024, 5, 1)) == "2024年5月1日"


def test_free_text_halves_letters_and_digits_but_keeps_chinese_punctuation() -> None:
    assert free_text("  示范县东风镇（东村）１２号，ＡＢ栋 ") == "示范县东风镇（东村）12号，AB栋"
    assert free_text(12.0) == "12"
