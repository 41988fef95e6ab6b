"""Annual reports from inputs equivalent to the seeds: the figures they state, read back."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY
from docx import Document
from openpyxl import Workbook, load_workbook
from page_fill import holes, pages
from typer.testing import CliRunner

from reportgen.casework.followup import follow_up
from reportgen.cli import app
from reportgen.intake.ledger import load_ledger
from reportgen.intake.statsfile import StatsError, Year, load_stats, load_subsidy_roster
from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook
from reportgen.profile import Profile, load_profile
from reportgen.report_settings import ReportSettings
from reportgen.reports import make_report
from reportgen.reports.cases import case_statistics
from reportgen.reports.inputs import ReportInputs
from reportgen.reports.statistics import compute, rates
from reportgen.synthetic import SyntheticCounty, sample_profile
from reportgen.workspace import starter_profile

SEED_002 = {"A": 3, "B": 81, "C": 5, "D": 18, "E": 49, "F": 4, "G": 23, "H": 94, "I": 2, "L": 3}
STATS = """\
county: 示范县
years:
  - school_year: 2018
    students: {小学: 53100, 初中: 15600}
  - school_year: 2019
    schools: {小学: 40, 初中: 4, 九年一贯制: 4, 完中: 2, 公办: 33, 民办: 17}
    students: {小学: 53805, 初中: 15857, 高中: 1935}
    population: {小学: 53500, 初中: 15900}
    enrolled_of_age: {小学: 53300, 初中: 15700}
    cohort: {grade1_intake: 5000, transfers_out: 30, transfers_in: 10, graduates: 4820}
    disabled: {total: 70, special_school: 7, regular_class: 44, home_teaching: 17, deferred: 2}
    subsidies:
      - {semester: 2019年秋季学期, stage: 小学, boarding: false, persons: 3, yuan: 750, registered_persons: 1, registered_yuan: 250}
      - {semester: 2019年秋季学期, stage: 初中, boarding: false, persons: 830, yuan: 259375, registered_persons: 565, registered_yuan: 176562.5}
      - {semester: 2019年秋季学期, stage: 小学, boarding: true, persons: 81, yuan: 40500, registered_persons: 28, registered_yuan: 14000}
"""
ON = dt.date(2020, 6, 30)
"""The 成文日期 of the 2019—2020 reports."""


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Inputs equivalent to seeds 002 and 004: 282 suspected children, 914 subsidy payments."""
    root = tmp_path_factory.mktemp("seed")
    profile = sample_profile().model_copy(update={"percent_decimals": 0})
    (root / "profile.yaml").write_text(starter_profile(profile), encoding="utf-8")
    cases = SyntheticCounty(seed=2019, school_year=2019).cases(SEED_002)
    write_ledger_workbook(root / "台账.xlsx", LedgerSheet(profile, cases))
    (root / "统计.yaml").write_text(STATS, encoding="utf-8")
    return root


def inputs(root: Path, school_year: int | None = None) -> ReportInputs:
    profile = load_profile(root / "profile.yaml")
    return ReportInputs(root / "台账.xlsx", root / "统计.yaml", profile, school_year)


@pytest.fixture(scope="session")
def reports(county: Path) -> dict[str, list[Path]]:
    made = {}
    for kind in ("self-inspection", "summary"):
        made[kind] = make_report(kind, inputs(county), county / "out", issued_on=ON)
    # The plan for 2020—2021, from the figures of 2019—2020, dated at its start.
    made["work-plan"] = make_report("work-plan", inputs(county, 2020), county / "out")
    return made


def pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", "", "".join([p.text for p in document.paragraphs] + cells))


def test_self_inspection_states_seed_002s_verification(reports: dict[str, list[Path]]) -> None:
    docx, html, pdf = reports["self-inspection"]
    sentence = (
        "2019—2020学年，全县疑似失学儿童282人，经排查核实核减277人，其中A类（户籍原因）3人、"
        "B类（在校有学籍）81人、C类（省内就读无学籍）5人、D类（省外就读无学籍）18人、E类（延缓入学）49人、"
        "F类（超龄离校）4人、G类（失踪失联）23人、H类（出国在外）94人；仍计为疑似失学5人，"
        "其中I类（因病因残）2人、L类（在家上学）3人。"
    )
    assert sentence in pdf_text(pdf)
    assert sentence in docx_text(docx)
    assert sentence in re.sub(r"\s+|<[^>]+>", "", html.read_text(encoding="utf-8"))
    assert len(Document(str(docx)).inline_shapes) == 2  # the category and township charts
    reasons = "对照全国中小学生学籍信息管理系统的辍学原因代码，台账中A3类（因病因残）2人、A4类（在家上学）3人。"
    assert reasons in pdf_text(pdf) and reasons in docx_text(docx)
    text = pdf_text(pdf)
    assert "现有义务教育阶段学校50所，其中公办33所、民办17所" in text
    assert "2019—2020学年秋季在校生71597人，其中小学生53805人，初中生15857人，高中生1935人" in text
    assert "示范县2019—2020学年控辍保学工作自查报告" in text and "2020年6月30日" in text


def test_summary_states_seed_004s_subsidies_and_disability_rate(
    reports: dict[str, list[Path]],
) -> None:
    docx, _, pdf = reports["summary"]
    for text in (pdf_text(pdf), docx_text(docx)):
        assert (
            "2019—2020学年，全县义务教育家庭经济困难学生生活补助914人次，共发放资助资金30.0625万元，"
            "其中原建档立卡学生594人次、19.08125万元。" in text
        )
        assert (
            "在特殊教育学校就读7人，在普通学校随班就读44人，送教上门17人，"
            "2人因身体原因申请缓学，残疾儿童少年入学率为97%。" in text
        )
        assert "2018年秋季全县义务教育阶段学生共68700人" in text
    assert "合计91430.062559419.08125" in docx_text(docx)  # the table's total row


def test_reports_name_no_child_and_no_id_or_phone(
    reports: dict[str, list[Path]], county: Path
) -> None:
    ledger = load_ledger(county / "台账.xlsx", load_profile(county / "profile.yaml"), today=TODAY)
    texts = [pdf_text(paths[-1]) + docx_text(paths[0]) for paths in reports.values()]
    still = [
        c for c in ledger.cases if c.category in ("I", "L") and c.status in ("劝返中", "核查中")
    ]
    assert still
    for case in still:  # the children still out are named masked, with their school
        assert f"{case.name[0]}*" in texts[1] and case.school in texts[1]
    for case in ledger.cases:
        for text in texts:
            assert case.id_number not in text and case.phone.replace("-", "") not in text
            assert len(case.name) < 2 or case.name not in text


def test_work_plan_compares_targets_with_the_years_rates(reports: dict[str, list[Path]]) -> None:
    text = pdf_text(reports["work-plan"][-1])
    assert "九年义务教育巩固率保持在96%以上" in text
    assert (
        "九年义务教育巩固率96%97%达到" in text
    )  # 4820 ÷ (5000 − 30 + 10) = 96.79%, shown to 0 decimals
    assert "牵头单位：县教育局" in text


def test_charts_are_embedded(reports: dict[str, list[Path]]) -> None:
    images = subprocess.run(
        ["pdfimages", "-list", str(reports["self-inspection"][-1])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [line.split()[2] for line in images.stdout.splitlines()[2:]].count("image") == 2


def test_statistics_with_empty_categories_no_disabled_children_and_one_year(county: Path) -> None:
    profile = load_profile(county / "profile.yaml")
    ledger = load_ledger(county / "台账.xlsx", profile, today=TODAY)
    only_b = [case for case in ledger.cases if case.category == "B"]
    followups = follow_up(replace(ledger, cases=only_b), [], profile, ON)
    stats = case_statistics(followups, profile, ON)
    assert (stats.total, stats.verified_out_total, stats.still_suspected_total) == (81, 81, 0)
    assert [c.code for c in stats.verified_out] == ["B"] and stats.still_suspected == []
    assert [c.count for c in stats.categories if c.code != "B"] == [0] * 9
    year = Year(school_year=2024, students={"小学": 100, "初中": 50}, dropouts=0)
    computed = rates(year)
    assert computed.disabled is None and computed.retention is None and computed.dropout == 0
    result = compute(ledger, followups, [], (year, None), profile, as_of=ON)
    assert result.changes == []
    assert [line.stage for line in result.subsidies] == ["小学", "初中", "义务教育", "合计"]
    assert [line.persons for line in result.subsidies] == [0, 0, 0, 0]


def test_stats_file_errors_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "统计.yaml"
    path.write_text(
        "years:\n  - school_year: 2024\n    disabled: {total: 5, special_school: 9}\n    cohort: {graduates: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(StatsError) as caught:
        load_stats(path)
    assert str(caught.value).splitlines()[1:] == [
        "  years[0].cohort.grade1_intake：缺少此项",
        "  years[0].disabled：各类安置人数之和 9 超过总数 5",
    ]


def test_subsidy_roster_is_summed_and_bad_rows_named(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2021年资助发放名单"])
    sheet.append(["姓名", "学段", "是否寄宿", "原建档立卡", "学期", "金额（元）"])
    sheet.append(["甲", "小学", "是", "是", "2021年春季学期", 500])
    sheet.append(["乙", "小学", "是", "否", "2021年春季学期", 500])
    sheet.append(["丙", "初中", "否", "是", "2021年秋季学期", 312.5])
    workbook.save(tmp_path / "名单.xlsx")
    lines = {
        (s.stage, s.boarding): (s.persons, s.yuan, s.registered_persons)
        for s in load_subsidy_roster(tmp_path / "名单.xlsx")
    }
    assert lines == {("小学", True): (2, 1000, 1), ("初中", False): (1, 312.5, 1)}
    sheet.append(["丁", "高中", "否", "否", "2021年秋季学期", 100])
    sheet.append(["戊", "初中", "可能", "否", "2021年秋季学期", "一百"])
    workbook.save(tmp_path / "名单.xlsx")
    with pytest.raises(StatsError) as caught:
        load_subsidy_roster(tmp_path / "名单.xlsx")
    assert str(caught.value).splitlines()[1:] == [
        "  名单.xlsx 工作表「Sheet」第 6 行「学段」列：“高中” — 应为“小学”或“初中”",
        "  名单.xlsx 工作表「Sheet」第 7 行「是否寄宿」列：“可能” — 应为“是”或“否”",
        "  名单.xlsx 工作表「Sheet」第 7 行「金额（元）」列：“一百” — 应为金额（元），如 625 或 625.00",
    ]


def test_stats_and_report_commands(county: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = [
        "--cases",
        str(county / "台账.xlsx"),
        "--stats",
        str(county / "统计.yaml"),
        "-p",
        str(county / "profile.yaml"),
    ]
    table = runner.invoke(app, ["stats", *base, "--year", "2019", "--date", "2020-6-30"])
    assert table.exit_code == 0, table.output
    assert (
        "核减：H类（出国在外）\t94人\t台账.xlsx 工作表「台账」（282 条有效记录）中类别为 H 的记录"
        in table.output
    )
    assert "残疾儿童少年入学率\t97%\t统计.yaml 2019 学年" in table.output
    figures = json.loads(
        runner.invoke(app, ["stats", *base, "--format", "json", "--date", "2020-6-30"]).output
    )
    assert {f["key"]: f["shown"] for f in figures}["cases.total"] == "282人"
    done = runner.invoke(
        app,
        [
            "stats",
            *base,
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "数字.xlsx"),
            "--date",
            "2020-6-30",
        ],
    )
    assert done.exit_code == 0
    sheet = load_workbook(tmp_path / "数字.xlsx")["统计数字"]
    assert (
        sheet["A2"].value == "疑似失学儿童"
        and sheet["B2"].value == "282人"
        and sheet.freeze_panes == "A2"
    )
    made = runner.invoke(
        app,
        [
            "report",
            "summary",
            *base,
            "--out",
            str(tmp_path / "报告"),
            "--format",
            "html",
            "--date",
            "2020-6-30",
        ],
    )
    assert made.exit_code == 0, made.output
    assert (tmp_path / "报告" / "示范县2019—2020学年控辍保学工作总结.html").is_file()
    report = ["report", "summary", *base, "--out", str(tmp_path / "报告"), "--format", "html"]
    again = runner.invoke(app, [*report, "--date", "2020-6-30"])
    assert again.exit_code == 4 and "已存在" in again.output
    undated = runner.invoke(app, report)  # today is not in 2019—2020
    assert (
        undated.exit_code == 3 and "请用 --date 指定2019—2020学年报告的成文日期" in undated.output
    )
    outside = runner.invoke(app, [*report, "--date", "2020-10-21"])
    assert outside.exit_code == 3 and "不在2019—2020学年" in outside.output


def test_a_county_content_file_replaces_the_narrative(county: Path, tmp_path: Path) -> None:
    content = tmp_path / "内容.yaml"
    content.write_text(
        "self_inspection:\n  basis: 本县共排查{{ cases.total }}人。\n  measures: []\n  problems: 无。\n  next_steps: []\n  closing: 完。\n",
        encoding="utf-8",
    )
    county_inputs = ReportInputs(
        county / "台账.xlsx", county / "统计.yaml", Profile(county="示范县"), content=content
    )
    (html,) = make_report(
        "self-inspection", county_inputs, tmp_path / "out", formats=("html",), issued_on=ON
    )
    assert "本县共排查282人。" in html.read_text(encoding="utf-8")


def test_statistics_workbook_reads_like_the_yaml_and_names_bad_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["示范县义务教育统计"])
    sheet.append(["学年", "项目", "数值"])
    rows = [
        (2019, "students.小学", 53805),
        (2019, "students.初中", 15857),
        (2019, "disabled.total", 70),
        (2019, "disabled.special_school", 7),
        (2019, "disabled.regular_class", 44),
        (2019, "disabled.home_teaching", 17),
        (2018, "students.小学", 53100),
    ]
    for values in rows:
        sheet.append(list(values))
    workbook.save(tmp_path / "统计.xlsx")
    stats = load_stats(tmp_path / "统计.xlsx")
    year = stats.year()
    assert (year.school_year, year.students, stats.previous(2019).students) == (
        2019,
        {"小学": 53805, "初中": 15857},
        {"小学": 53100},
    )  # type: ignore[union-attr]
    assert rates(year).disabled is not None and round(float(rates(year).disabled), 4) == 0.9714  # type: ignore[arg-type]
    sheet.append([2019, "dropouts", "三个"])
    workbook.save(tmp_path / "统计.xlsx")
    with pytest.raises(StatsError) as caught:
        load_stats(tmp_path / "统计.xlsx")
    assert str(caught.value).splitlines()[1:] == ["  统计.xlsx 第 10 行「dropouts」：应为整数"]


def test_every_statistics_file_key_is_documented() -> None:
    from reportgen.intake.statsfile import documented_stats_settings

    documented = documented_stats_settings()
    assert len(documented) > 25
    assert [key for key, doc in documented.items() if not doc] == []


def test_county_text_is_printed_as_text_and_fetches_nothing(county: Path, tmp_path: Path) -> None:
    typed = '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png">'
    content = tmp_path / "内容.yaml"
    content.write_text(
        f"self_inspection:\n  basis: '{typed}'\n  measures: []\n  problems: 无。\n"
        "  next_steps: []\n  closing: 完。\n",
        encoding="utf-8",
    )
    county_inputs = ReportInputs(
        county / "台账.xlsx", county / "统计.yaml", Profile(county="示范县"), content=content
    )
    made = make_report(
        "self-inspection",
        county_inputs,
        tmp_path / "out",
        formats=("html", "pdf", "docx"),
        issued_on=ON,
    )
    by_suffix = {path.suffix: path for path in made}
    page = by_suffix[".html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<img src="http' not in page
    assert typed.replace(" ", "") in pdf_text(by_suffix[".pdf"])
    assert typed.replace(" ", "") in docx_text(by_suffix[".docx"])


def test_self_inspection_reads_like_seed_002(reports: dict[str, list[Path]]) -> None:
    docx, _, pdf = reports["self-inspection"]
    basis = sample_profile().reports.inspection_basis[0]
    for text in (pdf_text(pdf), docx_text(docx)):
        assert text.startswith("示范县2019—2020学年控辍保学工作自查报告根据")
        assert f"《{basis.title}》（{basis.number}）" in text  # the superior notice by its 文号
        # what became of the children still counted, category by category, from the ledger
        assert f"I类（因病因残）{SEED_002['I']}人中，" in text
        assert f"L类（在家上学）{SEED_002['L']}人中，" in text
        assert "1.进一步加强宣传教育，把好师生、家长的守法关。充分利用" in text  # run-in heading
        # the tables and charts in the 附件, named in the text, the 附件说明 before the 署名
        assert "核查结果见附件表1、表2和图1、图2。" in text
        assert "附件：示范县2019—2020学年疑似失学儿童核查情况统计示范县教育局2020年6月30日" in text
        assert "表1疑似失学儿童核查结果（截至2020年6月30日）" in text


def test_work_plan_reads_like_seed_001(reports: dict[str, list[Path]]) -> None:
    docx, _, pdf = reports["work-plan"]
    profile = sample_profile()
    lines = [p.text for p in Document(str(docx)).paragraphs]
    assert "牵头单位：县教育局；责任单位：县财政局、县民政局、县乡村振兴局" in lines
    deputy = next(s for s in profile.signatories if s.office == "示范县人民政府")
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "根据《中华人民共和国义务教育法》《中华人民共和国未成年人保护法》和" in text
        assert all(f"（{d.number}）" in text for d in profile.reports.plan_basis)
        assert "家庭经济困难学生九年义务教育巩固率达到100%" in text
        assert "全县控辍保学工作台账实现动态清零" in text
        # the ledger's row of the 附件 says the day it was counted, not the year of its column
        assert "控辍保学工作台账动态清零截至2020年9月1日" in text
        assert f"由{deputy.name}（示范县人民政府{deputy.title}）任组长" in text  # the 领导小组
        period = {"calendar": "七日", "working": "七个工作日"}[profile.deadline.kind]
        assert f"责令其自收到通知书之日起{period}内送子女复学" in text  # the escalation chain
        assert "申请人民法院强制执行" in text
        assert "附件：示范县2020—2021学年控辍保学工作目标对照表示范县人民政府2020年9月1日" in text
    assert Document(str(docx)).core_properties.author == "示范县人民政府"


def test_summary_reads_like_seed_004(reports: dict[str, list[Path]]) -> None:
    docx, _, pdf = reports["summary"]
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "现将我局2019—2020学年控辍保学工作总结如下：一、" in text
        assert "五、下一步打算1.持续开展摸底排查。" in text
        assert "学前教育" not in text  # the statistics file pays no 学前 aid: no sentence says so
        assert "附件：示范县教育局2019—2020学年学生资助情况统计表示范县教育局" in text


@pytest.mark.parametrize("kind", ["self-inspection", "work-plan", "summary"])
def test_no_report_page_is_left_half_empty(reports: dict[str, list[Path]], kind: str) -> None:
    pdf = reports[kind][-1]
    assert holes(pdf) == []
    # the tables and charts are all in the 附件, none on a page of the text
    found = pages(pdf)
    annex = next((page.number for page in found if page.first == "附件"), len(found) + 1)
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert all(int(line.split()[0]) >= annex for line in images)
    for page in found[: annex - 1]:
        text = subprocess.run(
            ["pdftotext", "-f", str(page.number), "-l", str(page.number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert not re.search(r"^\s*[表图]\d", text, re.MULTILINE), page.number


def test_the_plans_issuer_and_the_notices_cited_are_the_profiles(
    county: Path, tmp_path: Path
) -> None:
    profile = load_profile(county / "profile.yaml")
    office = profile.model_copy(
        update={"reports": ReportSettings(plan_issuer="示范县人民政府办公室")}
    )
    made = ReportInputs(county / "台账.xlsx", county / "统计.yaml", office, 2020)
    (plan,) = make_report("work-plan", made, tmp_path / "plan", formats=("html",))
    text = re.sub(r"\s+|<[^>]+>", "", plan.read_text(encoding="utf-8"))
    assert "示范县人民政府办公室2020年9月1日" in text  # the office signs
    assert "林建平（示范县人民政府副县长）任组长" in text  # the 副县长 still leads the group
    assert "国办发〔2017〕72号" in text  # the national notice by default
    (report,) = make_report(
        "self-inspection",
        ReportInputs(county / "台账.xlsx", county / "统计.yaml", office),
        tmp_path / "inspection",
        formats=("html",),
        issued_on=ON,
    )
    text = re.sub(r"\s+|<[^>]+>", "", report.read_text(encoding="utf-8"))
    # no superior notice configured: none is cited, none made up
    assert "结合我县工作实际，现就示范县2019—2020学年控辍保学工作自查情况报告如下。" in text
    assert "根据" not in text.split("结合我县工作实际")[0]
