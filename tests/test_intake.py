"""Reading and validating the ledgers staff really keep: every problem, exactly where it is."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    BOY_2012,
    BOY_2014,
    GIRL_2013,
    HEADERS,
    TODAY,
    WriteXlsx,
    ledger_rows,
    messages,
    row,
)

from reportgen.casework.cases import Ledger
from reportgen.errors import InputUnreadable
from reportgen.intake.ledger import load_ledger
from reportgen.profile import DEFAULT_STATUSES, Profile

Load = Callable[[Path], Ledger]


def test_clean_ledger_under_title_rows(write_xlsx: WriteXlsx, load: Load) -> None:
    path = write_xlsx(ledger_rows(row(1, "张三", BOY_2014, "男"), row(2, "李四", GIRL_2013, "女")))
    ledger = load(path)
    assert ledger.sheet == "台账" and ledger.header_row == 3
    assert [(case.row, case.name, case.id_number) for case in ledger.cases] == [
        (4, "张三", BOY_2014),
        (5, "李四", GIRL_2013),
    ]
    assert ledger.problems == []
    assert ledger.cases[0].grade == 3 and ledger.cases[0].phone == "13912345678"


def test_blank_rows_are_skipped_and_the_footer_ends_the_data(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男"), [], [None] * 5, [4], row(5, "李四", GIRL_2013, "女")
    )
    rows.append(row(9, "王五", "not an id"))  # below the 填表人 footer: not data
    ledger = load(write_xlsx(rows))
    assert [case.row for case in ledger.cases] == [4, 8]
    assert ledger.ok


def test_every_bad_cell_is_reported_at_once(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "张三", "41052620140305001Y", "男"),
        row(2, "李四", GIRL_2013, "男"),
        row(3, "王五", BOY_2012, "男", category="Z", status="在家"),
        row(4, "赵六", "4105262014030500", "男", phone="5551234", left_on="2025-2-30"),
        row(5, "", BOY_2014, "男", township="西山镇"),
    )
    ledger = load(write_xlsx(rows))
    assert messages(ledger) == [
        "台账.xlsx 工作表「台账」第 4 行「身份证号码」列：“41052620140305001Y” — 前 17 位应全是数字，最后一位是数字或 X",
        "台账.xlsx 工作表「台账」第 5 行「性别」列：“男” — 与身份证号不符：按身份证号第 17 位应为“女”",
        "台账.xlsx 工作表「台账」第 6 行「类别」列：“Z” — 类别代码 Z 不在本县代码表中；可用：A（户籍原因）、B（在校有学籍）、C（省内就读无学籍）、D（省外就读无学籍）、E（延缓入学）、F（超龄离校）、G（失踪失联）、H（出国在外）、I（因病因残）、L（在家上学）",
        "台账.xlsx 工作表「台账」第 6 行「状态」列：“在家” — 状态不在本县状态表中；可用："
        + "、".join(s.name for s in DEFAULT_STATUSES),
        "台账.xlsx 工作表「台账」第 7 行「身份证号码」列：“4105262014030500” — 应为 18 位，这里是 16 位",
        "台账.xlsx 工作表「台账」第 7 行「联系电话」列：“5551234” — 应为 11 位手机号，或带区号的固定电话（如 0371-62345678）",
        "台账.xlsx 工作表「台账」第 7 行「离校日期」列：“2025-2-30” — 日期不存在：2025年没有2月30日",
        "台账.xlsx 工作表「台账」第 8 行「乡镇」列：“西山镇” — 不是本县的乡镇（街道）；县区配置里有：城关镇、东风镇",
        "台账.xlsx 工作表「台账」第 8 行「学生姓名」列 — 必填项，不能为空",
    ]
    assert ledger.cases == []


def test_check_digit_message_gives_the_right_digit(write_xlsx: WriteXlsx, load: Load) -> None:
    ledger = load(write_xlsx(ledger_rows(row(1, "张三", "410526201403050011", "男"))))
    assert [p.message for p in ledger.errors] == [
        "校验位不对：按前 17 位，最后一位应为 X；请核对号码"
    ]


def test_lowercase_x_is_accepted(write_xlsx: WriteXlsx, load: Load) -> None:
    ledger = load(write_xlsx(ledger_rows(row(1, "张三", BOY_2014.lower(), "男"))))
    assert ledger.ok and ledger.cases[0].id_number == BOY_2014


def test_birth_date_inside_the_id_must_exist(write_xlsx: WriteXlsx, load: Load) -> None:
    ledger = load(write_xlsx(ledger_rows(row(1, "张三", "410526201402300012", "男"))))
    assert [p.message for p in ledger.errors] == ["第 7–14 位的出生日期 20140230 不是有效日期"]


def test_id_stored_as_a_number_gets_its_own_message(write_xlsx: WriteXlsx, load: Load) -> None:
    ledger = load(write_xlsx(ledger_rows(row(1, "张三", 410526201403050000, "男"))))
    (problem,) = ledger.errors
    assert problem.row == 4 and problem.column == "身份证号码"
    assert problem.value == "410526201403050000"
    assert problem.message.startswith("身份证号被 Excel 存成了数字，末尾几位已经丢失")
    assert "设为“文本”" in problem.message


def test_id_in_scientific_notation_from_csv(tmp_path: Path, load: Load) -> None:
    path = tmp_path / "台账.csv"
    path.write_text(
        ",".join(HEADERS) + "\n" + ",".join(map(str, row(1, "张三", "4.10526E+17", "男"))) + "\n"
    )
    (problem,) = load(path).errors
    assert problem.message.startswith("身份证号被 Excel 存成了数字")


def test_gender_and_birth_date_derived_from_the_id_with_warnings(
    tmp_path: Path, write_xlsx: WriteXlsx, profile: Profile
) -> None:
    rows = ledger_rows(row(1, "张三", BOY_2014))
    rows[2] = [*HEADERS, "出生日期"]
    ledger = load_ledger(write_xlsx(rows), profile, today=TODAY)
    assert ledger.ok
    assert [p.message for p in ledger.warnings] == [
        "性别为空，已按身份证号取为“男”",
        "出生日期为空，已按身份证号取为 2014年3月5日",
    ]
    case = ledger.cases[0]
    assert (case.gender, str(case.birth_date)) == ("男", "2014-03-05")


def test_birth_date_must_agree_with_the_id(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows([*row(1, "张三", BOY_2014, "男"), "2014年3月6日"])
    rows[2] = [*HEADERS, "出生年月"]
    assert [str(p) for p in load(write_xlsx(rows)).errors] == [
        "台账.xlsx 工作表「台账」第 4 行「出生年月」列：“2014年3月6日” — 与身份证号不符：按身份证号应为 2014年3月5日"
    ]


def test_leaving_school_in_the_future_or_before_birth(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男", left_on="2026.12.1"),
        row(2, "李四", GIRL_2013, "女", left_on="2013年1月1日"),
    )
    assert [p.message for p in load(write_xlsx(rows)).errors] == [
        "离校日期在今天（2026年11月23日）之后",
        "离校日期早于出生日期 2013年11月20日",
    ]


def test_the_same_child_twice(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男"),
        row(2, "李四", GIRL_2013, "女"),
        row(3, "张三", BOY_2014, "男"),
    )
    ledger = load(write_xlsx(rows))
    assert [str(p) for p in ledger.errors] == [
        f"台账.xlsx 工作表「台账」第 6 行「身份证号码」列：“{BOY_2014}” — 与第 4 行的身份证号相同：同一个孩子登记了两次"
    ]
    assert [case.row for case in ledger.cases] == [4, 5]


def test_category_spellings_and_township_alias(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男", category="h"),
        row(2, "李四", GIRL_2013, "女", category="H类（出国在外）", township="城关"),
        row(3, "王五", BOY_2012, "男", category="ｂ类", status=" 已核实 "),
    )
    ledger = load(write_xlsx(rows))
    assert ledger.problems == []
    assert [(c.category, c.township, c.status) for c in ledger.cases] == [
        ("H", "城关镇", "劝返中"),
        ("H", "城关镇", "劝返中"),
        ("B", "城关镇", "已核实"),
    ]


def test_category_name_that_contradicts_its_code_is_a_warning(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    ledger = load(
        write_xlsx(ledger_rows(row(1, "张三", BOY_2014, "男", category="H类（户籍原因）")))
    )
    assert ledger.ok
    assert [p.message for p in ledger.warnings] == ["括号里的名称与代码不符：H 类是“出国在外”"]


def test_rare_characters_and_minority_names(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "吉𠮷", BOY_2014, "男"),
        row(2, "阿依古丽・买买提", GIRL_2013, "女"),
        row(3, "龚䶮", BOY_2012, "男"),
    )
    ledger = load(write_xlsx(rows))
    assert ledger.ok
    assert [case.name for case in ledger.cases] == ["吉𠮷", "阿依古丽·买买提", "龚䶮"]


def test_unknown_header_suggests_the_closest_field(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(row(1, "张三", BOY_2014, "男"))
    rows[2] = [*HEADERS[:-1], "目前状况", "监护人手机号码"]
    rows[3].append("13912345678")
    ledger = load(write_xlsx(rows))
    assert [str(p) for p in ledger.problems] == [
        "台账.xlsx 工作表「台账」第 3 行「目前状况」列 — 不认识的列名，该列不会读入；最接近的是“状态”；如需读入，请在县区配置的 columns 中指定它对应的字段",
        "台账.xlsx 工作表「台账」第 3 行「监护人手机号码」列 — 不认识的列名，该列不会读入；最接近的是“联系电话”；如需读入，请在县区配置的 columns 中指定它对应的字段",
        "台账.xlsx 工作表「台账」第 3 行 — 缺少必填列“状态”（列名可写作：状态、当前状态、劝返状态、处理状态）",
    ]


def test_profile_column_mapping_reads_an_unusual_header(
    write_xlsx: WriteXlsx, profile: Profile
) -> None:
    rows = ledger_rows(row(1, "张三", BOY_2014, "男"))
    rows[2] = ["序号", "娃娃名字", *HEADERS[2:]]
    county = profile.model_copy(update={"columns": {"娃娃名字": "name"}})
    ledger = load_ledger(write_xlsx(rows), county, today=TODAY)
    assert ledger.ok and ledger.cases[0].name == "张三"


def test_full_width_digits_and_headers_with_notes(write_xlsx: WriteXlsx, load: Load) -> None:
    rows = ledger_rows(
        row(1, "张三", "４１０５２６２０１４０３０５００１Ｘ", "男", phone="１３９１２３４５６７８")
    )
    rows[2] = [
        header + "（必填）" if header in ("学生姓名", "身份证号码") else header
        for header in HEADERS
    ]
    ledger = load(write_xlsx(rows))
    assert ledger.problems == []
    assert (ledger.cases[0].id_number, ledger.cases[0].phone) == (BOY_2014, "13912345678")


def test_gbk_csv_with_title_rows_and_mixed_dates(tmp_path: Path, load: Load) -> None:
    lines = [
        "示范县疑似失学儿童台账,,,",
        ",".join(HEADERS),
        ",".join(map(str, row(1, "张三", BOY_2014, "男", left_on="2025年10月8日"))),
        ",".join(map(str, row(2, "李四", GIRL_2013, "女", left_on="2025/10/09"))),
        ",".join(map(str, row(3, "王五", BOY_2012, "男", left_on="2025.10.10"))),
    ]
    path = tmp_path / "台账.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    ledger = load(path)
    assert ledger.ok and ledger.sheet == "" and ledger.header_row == 2
    assert [(c.row, c.name, c.left_on and c.left_on.day) for c in ledger.cases] == [
        (3, "张三", 8),
        (4, "李四", 9),
        (5, "王五", 10),
    ]


def test_utf8_csv_with_bom(tmp_path: Path, load: Load) -> None:
    path = tmp_path / "台账.csv"
    text = ",".join(HEADERS) + "\n" + ",".join(map(str, row(1, "吉𠮷", BOY_2014, "男"))) + "\n"
    path.write_text(text, encoding="utf-8-sig")
    assert [case.name for case in load(path).cases] == ["吉𠮷"]


def test_yaml_and_json_records(tmp_path: Path, load: Load) -> None:
    record = dict(zip(HEADERS, row(1, "张三", BOY_2014, "男"), strict=True))
    (tmp_path / "台账.json").write_text(
        json.dumps([record, {**record, "身份证号码": "123"}], ensure_ascii=False)
    )
    ledger = load(tmp_path / "台账.json")
    assert [str(p) for p in ledger.problems] == [
        "台账.json 第 2 条记录「身份证号码」列：“123” — 应为 18 位，这里是 3 位"
    ]
    (tmp_path / "台账.yaml").write_text(
        "cases:\n  - 姓名: 张三\n    身份证号: "
        + BOY_2014
        + "\n    乡镇: 东风镇\n    类别: L\n    状态: 劝返中\n"
    )
    assert [case.township for case in load(tmp_path / "台账.yaml").cases] == ["东风镇"]


def test_sheet_is_chosen_by_its_headers_or_by_name(
    tmp_path: Path, write_xlsx: WriteXlsx, profile: Profile
) -> None:
    path = write_xlsx(ledger_rows(row(1, "张三", BOY_2014, "男")), sheet="2026年秋季")
    assert load_ledger(path, profile, today=TODAY).sheet == "2026年秋季"
    with pytest.raises(InputUnreadable, match="没有名为「台账」的工作表；有：填表说明、2026年秋季"):
        load_ledger(path, profile, sheet="台账")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "文件设置了打开密码"),
        ("台账.docx", b"PK", "不是可读取的台账文件"),
        ("台账.xlsx", b"this is not a workbook", "无法作为 Excel 工作簿读取"),
        ("台账.csv", bytes(range(256)) * 20, "不是文本格式的 CSV 文件"),
        ("台账.csv", b"a,b\n1,2\n", "找不到表头行"),
    ],
)
def test_unreadable_inputs(
    tmp_path: Path, load: Load, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputUnreadable, match=expected):
        load(path)


def test_missing_file(tmp_path: Path, load: Load) -> None:
    with pytest.raises(InputUnreadable, match="找不到文件"):
        load(tmp_path / "nope.xlsx")


def test_the_sample_ledger_validates(sample_profile: Profile) -> None:
    from reportgen.demo import sample_workspace

    ledger = load_ledger(sample_workspace() / "台账.xlsx", sample_profile, today=TODAY)
    assert ledger.ok and len(ledger.cases) >= 300
    assert {case.category for case in ledger.cases} == {c.code for c in sample_profile.categories}
    assert len({case.township for case in ledger.cases}) == 6
    assert all(p.message.startswith("性别为空") for p in ledger.warnings)


def test_the_common_header_shixue_chuoxue_yuanyin_is_the_reason(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    rows = ledger_rows([*row(1, "张三", BOY_2014, "男"), "厌学"])
    rows[2] = [*HEADERS, "失学辍学原因"]
    ledger = load(write_xlsx(rows))
    assert ledger.problems == []
    assert ledger.cases[0].reason == "厌学"


def test_a_birth_month_is_checked_against_the_id_which_gives_the_day(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    rows = ledger_rows(
        [*row(1, "张三", BOY_2014, "男"), "2014年3月"],
        [*row(2, "李四", GIRL_2013, "女"), "2013.12"],
        [*row(3, "王五", "", "男"), "2012年7月"],
    )
    rows[2] = [*HEADERS, "出生年月"]
    ledger = load(write_xlsx(rows))
    assert [str(p) for p in ledger.problems] == [
        "台账.xlsx 工作表「台账」第 5 行「出生年月」列：“2013年12月” — 与身份证号不符：按身份证号应为 2013年11月",
        "台账.xlsx 工作表「台账」第 6 行「身份证号码」列 — 必填项，不能为空",
        "台账.xlsx 工作表「台账」第 6 行「出生年月」列：“2012年7月” — 只写到了月；没有身份证号时要写到日（如 2014年3月5日），才能计算年龄",
    ]
    assert [(case.row, case.birth_date) for case in ledger.cases] == [(4, dt.date(2014, 3, 5))]


def test_dates_in_chinese_numerals_and_a_leaving_month_that_needs_its_day(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男", left_on="二〇二五年十月八日"),
        row(2, "李四", GIRL_2013, "女", left_on="2025年10月"),
    )
    ledger = load(write_xlsx(rows))
    assert [str(p) for p in ledger.errors] == [
        "台账.xlsx 工作表「台账」第 5 行「离校日期」列：“2025年10月” — 只写到了月（2025年10月），这一列要写到日，如 2025年10月1日"
    ]
    assert [(case.name, case.left_on) for case in ledger.cases] == [("张三", dt.date(2025, 10, 8))]


def test_a_category_written_as_its_name_is_its_code_or_the_code_is_suggested(
    write_xlsx: WriteXlsx, load: Load
) -> None:
    rows = ledger_rows(
        row(1, "张三", BOY_2014, "男", category="在家上学"),
        row(2, "李四", GIRL_2013, "女", category="出国在外"),
        row(3, "王五", BOY_2012, "男", category="出国"),
    )
    ledger = load(write_xlsx(rows))
    assert [str(p) for p in ledger.problems] == [
        "台账.xlsx 工作表「台账」第 6 行「类别」列：“出国” — 类别应写代码；“出国”是不是 H（出国在外）？是的话请写作 H"
    ]
    assert [(case.name, case.category) for case in ledger.cases] == [("张三", "L"), ("李四", "H")]
