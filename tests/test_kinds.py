"""The per-case documents beyond the notice: each made, read back, and refused when it must be."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, docx_text, row, save_xlsx
from test_followup import ISSUED, PROFILE, case_rows, write_ledger
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app

runner = CliRunner()


def notices(county: Path, *options: str) -> tuple[int, str]:
    """Run ``reportgen notices`` on the county's ledger, DOCX only; exit code and output."""
    arguments = ["notices", str(county / "台账.xlsx"), "-p", str(county / "profile.yaml")]
    result = runner.invoke(app, [*arguments, "--format", "docx", *options])
    return result.exit_code, result.output


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Three cases with notices of 2026-09-30 (deadline 10-13); 李红 came back on 10-9."""
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(tmp_path, case_rows())
    code, output = notices(tmp_path, "--out", str(tmp_path / "通知书"), "--date", ISSUED)
    assert code == 0, output
    write_ledger(tmp_path, case_rows(returned={2: "2026-10-9"}))
    return tmp_path


INQUIRY_PROFILE = (
    PROFILE + "bureau_abbreviation: 示教\ninquiry:\n  abbreviation: 示教函\n  contact: 王老师\n"
)
ELSEWHERE = ["现就读地", "现就读学校"]


def inquiry_county(folder: Path, *, school_of_d: str = "宁波市鄞州区姜山镇中心小学") -> Path:
    """A C child being verified, a D child being verified, and a C child already verified."""
    (folder / "profile.yaml").write_text(INQUIRY_PROFILE, encoding="utf-8")
    rows = [
        [
            *row(1, "张三", BOY_2014, category="C", status="核查中"),
            "河南省郑州市金水区",
            "金水区第一小学",
        ],
        [
            *row(2, "李红", GIRL_2013, category="D", status="核查中"),
            "浙江省宁波市鄞州区",
            school_of_d,
        ],
        [
            *row(3, "刘强", BOY_2012, category="C", status="已核实"),
            "河南省洛阳市西工区",
            "西工区实验学校",
        ],
    ]
    save_xlsx(folder / "台账.xlsx", [[*HEADERS, *ELSEWHERE], *rows])
    return folder


def test_validate_says_when_a_child_said_to_study_elsewhere_lacks_the_school(
    tmp_path: Path,
) -> None:
    county = inquiry_county(tmp_path, school_of_d="")
    result = runner.invoke(
        app, ["validate", str(county / "台账.xlsx"), "-p", str(county / "profile.yaml")]
    )
    assert result.exit_code == 0  # a warning: the ledger itself is sound
    assert "第 3 行「现就读学校」列 — D 类需要填写“现就读学校”，才能发协查函核实" in result.output
    code, output = notices(county, "--kind", "inquiry", "--out", str(county / "协查函"))
    assert code == 1
    assert "第 3 行「现就读学校」列 — 生成协查函需要填写“现就读学校”" in output


def test_inquiry_letters_ask_the_other_bureau_and_are_chased_when_late(tmp_path: Path) -> None:
    county = inquiry_county(tmp_path)
    code, output = notices(
        county, "--kind", "inquiry", "--out", str(county / "协查函"), "--date", "2026-09-01"
    )
    assert code == 0, output
    files = sorted((county / "协查函").glob("*.docx"))
    assert [f.name for f in files] == [
        "1_城关镇_张三_协查函_示教函〔2026〕1号.docx",
        "2_城关镇_李红_协查函_示教函〔2026〕2号.docx",
    ]
    text = docx_text(files[1])
    assert text.startswith("示教函〔2026〕2号\n关于协助核查李红就读情况的函\n")  # 函: 文号 first
    assert "浙江省宁波市鄞州区教育局：" in text
    # the ledger has no 户籍地址: a line to fill in, not an empty clause ("户籍地址，监护人")
    assert f"（女，身份证号{GIRL_2013}，户籍地址＿＿＿＿＿＿，监护人王建国）" in text
    # the place once, whether the school's name holds part of it or none of it
    assert "现随家人在浙江省宁波市鄞州区姜山镇中心小学就读" in text
    assert "现随家人在河南省郑州市金水区第一小学就读" in docx_text(files[0])
    assert "并于2026年10月1日前填写所附回函" in text
    assert "联系人：王老师" in text
    assert "附件：协查回函\n示范县教育局" in text and "抄送：城关镇人民政府。" in text
    assert "已享受生活补助 □" in text  # seed 004: subsidies of children out of province
    assert (
        "协查回函" in text
        and "贵局《关于协助核查李红就读情况的函》（示教函〔2026〕2号）收悉" in text
    )
    entries = Register(county / REGISTER_FILE).entries()
    assert {(e.kind, e.deadline) for e in entries} == {("inquiry", dt.date(2026, 10, 1))}
    assert entries[1].recipient == "浙江省宁波市鄞州区教育局"
    on_time = runner.invoke(
        app, ["due", "-p", str(county / "profile.yaml"), "--as-of", "2026-10-01"]
    )
    assert (
        "2026年10月1日前　李红（第 3 行）　已发协查函 示教函〔2026〕2号，回函期限 2026年10月1日 → 等待协查回函"
        in on_time.output
    )
    late = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--as-of", "2026-10-08"])
    assert (
        "逾期 7 天　李红（第 3 行）　已发协查函 示教函〔2026〕2号，回函期限 2026年10月1日 → 协查函逾期未复：发函催复或电话联系"
        in late.output
    )
    assert "刘强" not in late.output


def lost_and_home(folder: Path, *, teacher: str = "郭老师") -> Path:
    """张三 lost (G) with two searches on record, 李红 lost with none, 刘强 taught at home (I)."""
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    rows = [
        [
            *row(1, "张三", BOY_2014, category="G", status="已核实"),
            "",
            "举家外出，电话停机，邻居不知去向。",
        ],
        [*row(2, "李红", GIRL_2013, category="G", status="已核实"), "", ""],
        [*row(3, "刘强", BOY_2012, category="I", status="送教上门"), teacher, ""],
    ]
    records = [
        ["身份证号", "姓名", "劝返日期", "劝返人", "方式", "结果"],
        [BOY_2014, "张三", "2026-3-20", "王老师", "家访", "家中无人"],
        [BOY_2014, "张三", "2026-3-2", "王老师", "电话", "号码已停机"],
    ]
    headers = [*HEADERS, "送教教师", "备注"]
    save_xlsx(folder / "台账.xlsx", [headers, *rows], more={"劝返记录": records})
    return folder


def test_an_investigation_recounts_the_search_in_date_order(tmp_path: Path) -> None:
    county = lost_and_home(tmp_path)
    code, output = notices(county, "--kind", "investigation", "--out", str(county / "调查"))
    assert code == 1  # 李红 has no search on record
    assert "第 3 行 — 没有劝返（查找）记录，无法写明调查经过" in output
    code, output = notices(
        county,
        "--kind",
        "investigation",
        "--out",
        str(county / "调查"),
        "--skip-invalid",
        "--date",
        "2026-4-1",
    )
    assert code == 0, output
    (report,) = (county / "调查").glob("*.docx")
    text = docx_text(report)
    assert "张三失联情况调查报告" in text
    assert "城关镇人民政府对G类（失踪失联）适龄儿童张三的去向进行了调查" in text
    assert "2026年3月2日至2026年3月20日，先后两次查找该生下落（电话联系1次、入户走访1次）" in text
    first = text.index("（一）电话联系。2026年3月2日，王老师拨打监护人电话，号码已停机。")
    assert text.index("（二）入户走访。2026年3月20日，王老师到学生家中走访，家中无人。") > first
    assert "举家外出，电话停机，邻居不知去向。" in text  # the ledger's 备注 is the finding
    # each investigator signs and dates: the one on record named, a blank line for the second
    signatures = "职责\n姓名\n签名\n日期\n调查人\n王老师\n\n　　年　月　日\n调查人\n\n\n　　年　月　日\n审核人"
    assert signatures in text


def test_home_teaching_plan_and_a_record_sheet_for_each_month_of_the_term(tmp_path: Path) -> None:
    county = lost_and_home(tmp_path)
    code, output = notices(
        county, "--kind", "home-teaching", "--out", str(county / "送教"), "--date", "2026-11-23"
    )
    assert code == 0, output
    (plan,) = (county / "送教").glob("*.docx")
    text = docx_text(plan)
    assert "刘强送教上门工作计划\n（2026—2027学年第一学期）" in text
    assert "本学期由郭老师老师送教上门，每月2次，每次不少于2课时" in text
    months = [line for line in text.splitlines() if line.startswith("送教上门记录表")]
    assert months == [
        f"送教上门记录表（{m}）"
        for m in ("2026年9月", "2026年10月", "2026年11月", "2026年12月", "2027年1月")
    ]
    spring = county / "春季"
    assert (
        notices(county, "--kind", "home-teaching", "--out", str(spring), "--date", "2027-3-1")[0]
        == 0
    )
    (plan,) = spring.glob("*.docx")
    assert "（2026—2027学年第二学期）" in docx_text(plan)
    assert "送教上门记录表（2027年7月）" in docx_text(plan)


def test_home_teaching_needs_the_teacher(tmp_path: Path) -> None:
    county = lost_and_home(tmp_path, teacher="")
    code, output = notices(county, "--kind", "home-teaching", "--out", str(county / "送教"))
    assert code == 1
    assert "第 4 行「送教教师」列 — 生成送教上门计划及记录需要填写“送教教师”" in output


SUBSIDY_HEADERS = [
    "序号",
    "姓名",
    "身份证号",
    "学校",
    "学段",
    "年级",
    "是否寄宿",
    "学期",
    "金额（元）",
]


def test_subsidy_notices_list_each_semester_paid(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE + "hotline: 0372-5551234\n", encoding="utf-8")
    roster = [
        ["示范县2025—2026学年义务教育家庭经济困难学生生活补助发放名单"],
        SUBSIDY_HEADERS,
        [1, "张三", BOY_2014, "城关中心小学", "小学", "六年级", "否", "2025年秋季学期", 312.5],
        [2, "李红", GIRL_2013, "城关初级中学", "初中", "七年级", "是", "2025年秋季学期", 750],
        [3, "张三", BOY_2014, "城关中心小学", "小学", "六年级", "否", "2026年春季学期", "312.50"],
    ]
    save_xlsx(tmp_path / "资助名单.xlsx", roster, sheet="资助名单")
    arguments = ["notices", str(tmp_path / "资助名单.xlsx"), "-p", str(tmp_path / "profile.yaml")]
    options = [
        "--kind",
        "subsidy",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "告知单"),
        "--date",
        "2026-3-10",
    ]
    result = runner.invoke(app, [*arguments, *options])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "告知单").glob("*.docx"))
    assert [f.name for f in files] == ["1_张三_学生资助告知单.docx", "2_李红_学生资助告知单.docx"]
    text = docx_text(files[0])
    assert "张三同学家长：" in text
    assert "（城关中心小学六年级，小学非寄宿生）" in text
    assert "现行标准为小学非寄宿生每生每年625元，每学期312.50元" in text
    assert (
        "已发放2025年秋季学期312.50元、2026年春季学期312.50元，合计625元（陆佰贰拾伍元整）" in text
    )
    assert "本人已收到张三的《学生资助告知单》" in text and "家长签名：" in text  # the stub
    assert "0372-5551234" in text
    assert "初中寄宿生每生每年1500元" in docx_text(files[1])
    # a county that states no way of payment gets no "发放方式：" left empty
    (tmp_path / "profile.yaml").write_text(PROFILE + "subsidy_payment: ''\n", encoding="utf-8")
    options[options.index(str(tmp_path / "告知单"))] = str(tmp_path / "无发放方式")
    assert runner.invoke(app, [*arguments, *options]).exit_code == 0
    text = docx_text(sorted((tmp_path / "无发放方式").glob("*.docx"))[0])
    assert "发放方式" not in text and "（陆佰贰拾伍元整）。\n资助资金专款专用" in text


def test_a_subsidy_roster_with_bad_cells_is_refused_cell_by_cell(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    roster = [
        SUBSIDY_HEADERS,
        [1, "张三", BOY_2014, "城关中心小学", "高中", "六年级", "否", "2025年秋季学期", 312.5],
        [
            2,
            "李红",
            "410526201311200026",
            "城关初级中学",
            "初中",
            "七年级",
            "是",
            "2025年秋季学期",
            "七百五",
        ],
    ]
    save_xlsx(tmp_path / "资助名单.xlsx", roster, sheet="资助名单")
    arguments = ["notices", str(tmp_path / "资助名单.xlsx"), "-p", str(tmp_path / "profile.yaml")]
    result = runner.invoke(
        app, [*arguments, "--kind", "subsidy", "--out", str(tmp_path / "告知单")]
    )
    assert result.exit_code == 1
    assert "第 2 行「学段」列：“高中” — 应为“小学”或“初中”" in result.output
    assert "第 3 行「身份证号」列" in result.output and "校验位" in result.output
    assert "第 3 行「金额（元）」列：“七百五” — 应为金额（元），如 625 或 625.00" in result.output
    assert not (tmp_path / "告知单").exists()


ENROLMENT_PROFILE = (
    PROFILE + "enrolment:\n  registration_start: 2026-08-25\n  registration_end: 2026-08-27\n"
)
ROSTER_HEADERS = [
    "序号",
    "姓名",
    "身份证号",
    "户籍地址",
    "监护人",
    "与儿童关系",
    "联系电话",
    "划片学校",
]
SIX_IN_2026 = "410526202003150016"  # born 2020-03-15: six on 2026-08-31
FIVE_IN_2026 = "41052620210901002X"  # born 2021-09-01: five on 2026-08-31


def enrolment_roster(folder: Path, guardian: str = "王建国") -> Path:
    rows = [
        ROSTER_HEADERS,
        [
            1,
            "王小明",
            SIX_IN_2026,
            "示范县城关镇东1村",
            guardian,
            "父亲",
            "13912345678",
            "城关中心小学",
        ],
        [
            2,
            "王小红",
            FIVE_IN_2026,
            "示范县城关镇东1村",
            "王建国",
            "父亲",
            "13912345678",
            "城关中心小学",
        ],
    ]
    return save_xlsx(folder / "适龄儿童名册.xlsx", rows, sheet="名册")


def test_enrolment_notices_go_to_the_children_who_turn_six(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(ENROLMENT_PROFILE, encoding="utf-8")
    roster = enrolment_roster(tmp_path)
    arguments = [
        "notices",
        str(roster),
        "-p",
        str(tmp_path / "profile.yaml"),
        "--kind",
        "enrolment",
    ]
    result = runner.invoke(
        app, [*arguments, "--format", "docx", "--out", str(tmp_path / "入学"), "--date", "2026-6-1"]
    )
    assert result.exit_code == 0, result.output
    (notice,) = (tmp_path / "入学").glob("*.docx")
    text = docx_text(notice)
    assert "2026年秋季新生入学通知书" in text
    assert "您的孩子王小明（男，2020年3月15日出生）已满六周岁。" in text
    assert "安排在城关中心小学就读" in text
    assert "请于2026年8月25日至2026年8月27日，带孩子到城关中心小学办理入学登记" in text
    assert "1.户口簿；2.儿童预防接种证；" in text
    early = runner.invoke(
        app, [*arguments, "--format", "docx", "--out", str(tmp_path / "早"), "--date", "2026-3-1"]
    )
    assert early.exit_code == 0, early.output
    (before,) = (tmp_path / "早").glob("*.docx")  # two weeks before the sixth birthday
    assert "（男，2020年3月15日出生）到2026年8月31日将满六周岁。" in docx_text(before)


def test_enrolment_needs_the_registration_dates_and_a_guardian(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    roster = enrolment_roster(tmp_path, guardian="")
    arguments = [
        "notices",
        str(roster),
        "-p",
        str(tmp_path / "profile.yaml"),
        "--kind",
        "enrolment",
    ]
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path / "入学"), "--date", "2026-6-1"])
    assert result.exit_code == 1 and "enrolment.registration_start" in result.output
    (tmp_path / "profile.yaml").write_text(ENROLMENT_PROFILE, encoding="utf-8")
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path / "入学"), "--date", "2026-6-1"])
    assert result.exit_code == 1
    assert "第 2 行「监护人」列 — 必填项，不能为空" in result.output


def test_a_late_reply_is_chased_with_a_new_letter(tmp_path: Path) -> None:
    county = inquiry_county(tmp_path)
    assert (
        notices(county, "--kind", "inquiry", "--out", str(county / "一"), "--date", "2026-09-01")[0]
        == 0
    )
    code, output = notices(
        county, "--kind", "inquiry", "--out", str(county / "二"), "--date", "2026-09-20"
    )
    assert code == 1  # the replies are not due yet: no letter to send
    code, output = notices(
        county,
        "--kind",
        "inquiry",
        "--out",
        str(county / "催复"),
        "--date",
        "2026-10-08",
        "--reissue",
    )
    assert code == 0, output
    assert "示教函〔2026〕3—4号（共 2 个）" in output
    letters = [e for e in Register(county / REGISTER_FILE).entries() if e.edition == 2]
    assert [(e.document_number, e.deadline) for e in letters] == [
        ("示教函〔2026〕3号", dt.date(2026, 11, 7)),
        ("示教函〔2026〕4号", dt.date(2026, 11, 7)),
    ]
    due = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--as-of", "2026-10-09"])
    assert "示教函〔2026〕4号，回函期限 2026年11月7日 → 等待协查回函" in due.output


def test_a_notice_is_not_issued_twice_unless_reissued(county: Path) -> None:
    code, output = notices(county, "--out", str(county / "再次"), "--date", "2026-10-12")
    assert code == 1 and "尚未下达通知书" in output
    code, output = notices(
        county, "--out", str(county / "再次"), "--date", "2026-10-12", "--reissue"
    )
    assert code == 0, output
    assert "城政控学〔2026〕3—4号（共 2 个）" in output  # 张三 and 刘强; 李红 is back at school


def test_the_roster_can_be_a_sheet_of_the_ledger_workbook(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(ENROLMENT_PROFILE, encoding="utf-8")
    child = [
        1,
        "王小明",
        SIX_IN_2026,
        "示范县城关镇东1村",
        "王建国",
        "父亲",
        "13912345678",
        "城关中心小学",
    ]
    path = save_xlsx(
        tmp_path / "台账.xlsx",
        [HEADERS, row(1, "张三", BOY_2014)],
        more={"适龄儿童名册": [ROSTER_HEADERS, child]},
    )
    arguments = ["notices", str(path), "-p", str(tmp_path / "profile.yaml"), "--kind", "enrolment"]
    options = [
        "--sheet",
        "适龄儿童名册",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "入学"),
        "--date",
        "2026-6-1",
    ]
    result = runner.invoke(app, [*arguments, *options])
    assert result.exit_code == 0, result.output
    assert [f.name for f in (tmp_path / "入学").glob("*.docx")] == ["1_王小明_入学通知书.docx"]


def test_an_inquirys_reply_slip_names_its_letter(tmp_path: Path) -> None:
    from test_service import printed_slips

    county = inquiry_county(tmp_path)
    out = county / "协查函"
    code, output = notices(county, "--kind", "inquiry", "--out", str(out), "--format", "pdf")
    assert code == 0, output
    letter = next(out.glob("1_*.pdf"))
    (slip,) = printed_slips(letter)
    number = Register(county / REGISTER_FILE).entries()[0].document_number
    assert (slip.slip, slip.document, slip.kind) == ("协查回函", number, "reply")
    assert number in letter.name


@pytest.mark.parametrize(("folder", "count"), [("协查函", 2), ("学生资助告知单", 1)])
def test_a_letter_and_the_slip_sent_back_fit_their_pages(
    demo_output: Path, folder: str, count: int
) -> None:
    """The 协查函 and its 回函 on two pages, the 资助告知单 and its 家长签收 stub on one."""
    letters = [p for p in sorted((demo_output / folder).glob("*.pdf")) if "合并打印" not in p.name]
    assert letters
    for pdf in letters:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert found and int(found.group(1)) == count, pdf.name
