"""Rosters read like the ledger: header variants, the county's mapping, title rows and footers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BOY_2014, GIRL_2013, TODAY, docx_text, messages, save_xlsx
from stdnum.cn import ric
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.intake.fields import FIELDS, ROSTERS
from reportgen.intake.rosters import load_roster
from reportgen.intake.statsfile import load_subsidy_roster
from reportgen.profile import Profile

runner = CliRunner()
SUBSIDY = ROSTERS["subsidy"]
ENROLMENT = ROSTERS["enrolment"]
TITLE = ["示范县2025—2026学年义务教育家庭经济困难学生生活补助发放名单"]
REPORTER = ["填报单位：示范县学生资助管理中心", None, None, None, "填报日期：2026年3月1日"]
FOOTER = ["填表人：王会计", None, "审核人：李主任"]
HEADERS = [
    "序号",
    "学生姓名",
    "公民身份号码",
    "就读学校",
    "学段",
    "是否寄宿",
    "发放学期",
    "补助金额",
]


def payment(seq: int, name: str, id_number: str, amount: object = 625) -> list[object]:
    return [seq, name, id_number, "城关中心小学", "小学", "否", "2025年秋季学期", amount]


def subsidy_roster(folder: Path, *rows: list[object], headers: list[str] = HEADERS) -> Path:
    lines = [TITLE, REPORTER, headers, *rows, [], FOOTER, payment(9, "不是数据", "123")]
    return save_xlsx(folder / "资助名单.xlsx", lines, sheet="资助名单")


def test_a_subsidy_roster_headed_as_the_registry_heads_it(tmp_path: Path, profile: Profile) -> None:
    path = subsidy_roster(tmp_path, payment(1, "张三", BOY_2014), payment(2, "李红", GIRL_2013))
    roster = load_roster(path, profile, SUBSIDY, today=TODAY)
    assert roster.problems == []
    assert (roster.sheet, roster.header_row, roster.rows_read) == ("资助名单", 3, 2)
    assert [(c.row, c.name, c.id_number, c.school, c.gender) for c in roster.cases] == [
        (4, "张三", BOY_2014, "城关中心小学", "男"),
        (5, "李红", GIRL_2013, "城关中心小学", "女"),
    ]
    assert roster.values[0] == {
        "stage": "小学",
        "boarding": False,
        "semester": "2025年秋季学期",
        "amount": 625,
    }


def test_the_counties_mapping_reaches_rosters_too(tmp_path: Path, profile: Profile) -> None:
    headers = [
        "序号",
        "受助学生",
        "资助对象证件号",
        "学校",
        "学段",
        "寄宿",
        "学期",
        "本次发放（元）",
    ]
    path = subsidy_roster(tmp_path, payment(1, "张三", BOY_2014, "６２５"), headers=headers)
    without = load_roster(path, profile, SUBSIDY, today=TODAY)
    assert [str(p) for p in without.errors if "缺少" in p.message] == [
        "资助名单.xlsx 工作表「资助名单」第 3 行 — 缺少必填列“姓名”（列名可写作：姓名、学生姓名、儿童姓名、儿童少年姓名）",
        "资助名单.xlsx 工作表「资助名单」第 3 行 — 缺少必填列“身份证号”（列名可写作：身份证号、身份证号码、身份证、公民身份号码）",
        "资助名单.xlsx 工作表「资助名单」第 3 行 — 缺少必填列“金额”（列名可写作：金额、补助金额、发放金额、资助金额）",
    ]
    mapping = {"受助学生": "name", "资助对象证件号": "id_number", "本次发放（元）": "amount"}
    county = profile.model_copy(update={"columns": mapping})
    roster = load_roster(path, county, SUBSIDY, today=TODAY)
    assert roster.problems == []
    assert (roster.cases[0].name, roster.values[0]["amount"]) == ("张三", 625)


def test_a_column_the_roster_does_not_know_is_named_with_its_closest_field(
    tmp_path: Path, profile: Profile
) -> None:
    headers = [*HEADERS, "监护人手机号码", "银行卡号"]
    path = subsidy_roster(
        tmp_path, [*payment(1, "张三", BOY_2014), "13912345678", "6217"], headers=headers
    )
    roster = load_roster(path, profile, SUBSIDY, today=TODAY)
    assert messages(roster.ledger()) == [
        "资助名单.xlsx 工作表「资助名单」第 3 行「监护人手机号码」列 — 不认识的列名，该列不会读入；最接近的是“联系电话”；如需读入，请在县区配置的 columns 中指定它对应的字段",
        "资助名单.xlsx 工作表「资助名单」第 3 行「银行卡号」列 — 不认识的列名，该列不会读入；如需读入，请在县区配置的 columns 中指定它对应的字段",
    ]


def test_every_bad_cell_of_a_roster_at_once(tmp_path: Path, profile: Profile) -> None:
    path = subsidy_roster(
        tmp_path,
        payment(1, "张三", BOY_2014),
        payment(2, "张三丰", BOY_2014),
        [3, "李红", GIRL_2013, "城关初级中学", "高中", "可能", "", "NaN"],
        payment(4, "李红", GIRL_2013, "Infinity"),
    )
    roster = load_roster(path, profile, SUBSIDY, today=TODAY)
    assert [(p.row, p.column, p.message) for p in roster.errors] == [
        (5, "学生姓名", "与第 4 行的身份证号相同，姓名却是“张三”：请核对"),
        (6, "学段", "应为“小学”或“初中”"),
        (6, "是否寄宿", "应为“是”或“否”"),
        (6, "补助金额", "金额应为大于 0 的数，如 625 或 625.00"),
        (6, "发放学期", "必填项，不能为空"),
        (7, "补助金额", "金额应为大于 0 的数，如 625 或 625.00"),
    ]
    assert [case.row for case in roster.cases] == [4]


def test_a_subsidy_notice_names_the_school_of_a_column_headed_jiudu_xuexiao(
    tmp_path: Path,
) -> None:
    (tmp_path / "profile.yaml").write_text("county: 示范县\n", encoding="utf-8")
    path = subsidy_roster(tmp_path, payment(1, "张三", BOY_2014), payment(2, "张三", BOY_2014))
    out = tmp_path / "告知单"
    arguments = ["notices", str(path), "-p", str(tmp_path / "profile.yaml"), "--kind", "subsidy"]
    options = ["--format", "docx", "--out", str(out), "--date", "2026-3-10"]
    result = runner.invoke(app, [*arguments, *options])
    assert result.exit_code == 0, result.output
    (notice,) = out.glob("*.docx")
    assert "（城关中心小学，小学非寄宿生）" in docx_text(notice)


def test_a_report_sums_the_roster_the_notices_read(tmp_path: Path) -> None:
    path = subsidy_roster(
        tmp_path, payment(1, "张三", BOY_2014), payment(2, "李红", GIRL_2013, 312.5)
    )
    (line,) = load_subsidy_roster(path)
    assert (line.stage, line.boarding, line.persons, line.yuan) == ("小学", False, 2, 937.5)


ENROLMENT_HEADERS = [
    "序号",
    "儿童姓名",
    "公民身份号码",
    "出生年月",
    "监护人姓名",
    "家长电话",
    "对口学校",
]


def test_an_enrolment_roster_reads_its_own_fields_only(tmp_path: Path, profile: Profile) -> None:
    rows = [
        ["示范县2026年适龄儿童入学名册"],
        [*ENROLMENT_HEADERS, "类别"],
        [
            1,
            "王小明",
            "410526202003150016",
            "2020年3月",
            "王建国",
            "13912345678",
            "城关中心小学",
            "H",
        ],
        ["制表人：张老师"],
    ]
    path = save_xlsx(tmp_path / "名册.xlsx", rows, sheet="名册")
    roster = load_roster(path, profile, ENROLMENT, today=TODAY)
    assert [p.message for p in roster.problems] == ["“类别”不是适龄儿童名册的字段，该列不会读入"]
    (child,) = roster.cases
    assert (child.name, child.birth_date, child.guardian, child.school, child.category) == (
        "王小明",
        dt.date(2020, 3, 15),
        "王建国",
        "城关中心小学",
        "",
    )


def test_fields_lists_each_rosters_fields() -> None:
    subsidy = runner.invoke(app, ["fields", "--roster", "subsidy"])
    assert subsidy.exit_code == 0
    lines = subsidy.output.splitlines()
    assert len(lines) == len(SUBSIDY.fields)
    assert any(line.startswith("amount") and "金额（必填）" in line for line in lines)
    assert any(line.startswith("id_number") and "公民身份号码" in line for line in lines)
    enrolment = runner.invoke(app, ["fields", "--roster", "enrolment"]).output
    assert "划片学校" in enrolment and "category" not in enrolment
    ledger = runner.invoke(app, ["fields"]).output.splitlines()
    assert [line.split()[0] for line in ledger] == list(FIELDS)
    unknown = runner.invoke(app, ["fields", "--roster", "school"])
    assert unknown.exit_code == 3 and "subsidy（资助名单）" in unknown.output


def test_validate_checks_a_roster(tmp_path: Path) -> None:
    path = subsidy_roster(tmp_path, payment(1, "张三", "41052620140305001Y"))
    result = runner.invoke(app, ["validate", str(path), "--roster", "subsidy"])
    assert result.exit_code == 1
    assert "第 4 行「公民身份号码」列：“41052620140305001Y” — 前 17 位应全是数字" in result.output
    assert "资助名单.xlsx：读取 1 条记录，0 条可用；错误 1 处" in result.output


@pytest.mark.parametrize("key", ["subsidy", "enrolment"])
def test_every_roster_field_is_a_known_field_with_its_own_header(key: str) -> None:
    layout = ROSTERS[key]
    assert set(layout.required) <= set(layout.fields)
    assert {"name", "id_number"} <= set(layout.required)


def id_number(born: str, sequence: int) -> str:
    """A valid ID number of the county for a birth date such as 20200315."""
    body = f"410526{born}{sequence:03d}"
    return body + ric.calc_check_digit(body + "?")  # it reads the first 17


def test_enrolment_says_whom_of_the_roster_it_left_out_and_why(tmp_path: Path) -> None:
    profile = "county: 示范县\ntownships:\n  - name: 城关镇\n  - name: 东风镇\n"
    profile += "enrolment:\n  registration_start: 2026-08-25\n"
    (tmp_path / "profile.yaml").write_text(profile, encoding="utf-8")
    children = [
        ("王小明", "20200315", "城关镇"),  # six on 2026-08-31: starts school
        ("王小红", "20210901", "城关镇"),  # five
        ("李大壮", "20190220", "城关镇"),  # seven: should be at school already
        ("赵小花", "20191001", "城关镇"),  # six
        ("钱多多", "20220101", "东风镇"),  # four, in another township
    ]
    rows: list[list[object]] = [["序号", "姓名", "身份证号", "乡镇", "监护人", "划片学校"]]
    for seq, (name, born, township) in enumerate(children, 1):
        rows.append([seq, name, id_number(born, seq), township, "王建国", "城关中心小学"])
    path = save_xlsx(tmp_path / "适龄儿童名册.xlsx", rows, sheet="名册")
    arguments = ["notices", str(path), "-p", str(tmp_path / "profile.yaml"), "--kind", "enrolment"]
    options = ["--format", "html", "--out", str(tmp_path / "入学"), "--date", "2026-6-1"]
    result = runner.invoke(app, [*arguments, *options])
    assert result.exit_code == 0, result.output
    assert "共生成 2 份" in result.output
    assert [line for line in result.output.splitlines() if line.startswith("未生成")] == [
        "未生成  2 人到2026年8月31日未满六周岁，明年再入学（第 3、6 行）",
        "未生成  1 人到2026年8月31日已满七周岁，应已入学；如还没有上学，请列入台账核查（第 4 行）",
    ]
    result = runner.invoke(
        app, [*arguments, *options[:-2], "--date", "2026-6-1", "--township", "城关镇", "--force"]
    )
    assert result.exit_code == 0, result.output
    assert "未生成  1 人到2026年8月31日未满六周岁，明年再入学（第 3 行）" in result.output
