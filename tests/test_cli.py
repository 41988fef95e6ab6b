"""Every command the README shows, run as a user runs it, outputs read back."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from conftest import BOY_2014, DEMO_DAY, GIRL_2013, WriteXlsx, drop_downs, ledger_rows, row
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app
from reportgen.demo import DOCUMENTS
from reportgen.doctor import healthy, run_checks
from reportgen.profile import DEFAULT_STATUSES

runner = CliRunner()


def test_init_writes_a_starter_workspace(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "我县"), "--county", "示范县"])
    assert result.exit_code == 0, result.output
    assert (
        (tmp_path / "我县" / "profile.yaml")
        .read_text(encoding="utf-8")
        .startswith("# 示范县 控辍保学 县区配置")
    )
    assert (tmp_path / "我县" / "templates" / "README.md").is_file()
    workbook = load_workbook(tmp_path / "我县" / "台账.xlsx")
    assert workbook.sheetnames == ["台账", "劝返记录", "填表说明"]
    sheet = workbook["台账"]
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["序号", "姓名", "性别", "身份证号"]
    id_column = headers.index("身份证号") + 1
    assert sheet.cell(4, id_column).number_format == "@"
    assert sheet.freeze_panes == "A4"
    lists = drop_downs(sheet, 3)
    assert lists["性别"] == '"男,女"'
    assert lists["类别"] == '"A,B,C,D,E,F,G,H,I,L"'
    assert lists["状态"] == '"' + ",".join(s.name for s in DEFAULT_STATUSES) + '"'


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--county", "示范县"])
    (tmp_path / "profile.yaml").write_text("county: 我的修改\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path), "--county", "示范县"])
    assert result.exit_code == 4
    assert "以下文件已存在；如要覆盖，请加 --force" in result.output
    assert (tmp_path / "profile.yaml").read_text(encoding="utf-8") == "county: 我的修改\n"
    assert (
        runner.invoke(app, ["init", str(tmp_path), "--county", "示范县", "--force"]).exit_code == 0
    )
    assert "我的修改" not in (tmp_path / "profile.yaml").read_text(encoding="utf-8")


def test_the_empty_ledger_of_init_validates(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path), "--county", "示范县"])
    result = runner.invoke(
        app, ["validate", str(tmp_path / "台账.xlsx"), "--profile", str(tmp_path / "profile.yaml")]
    )
    assert result.exit_code == 0
    assert result.output.strip() == "台账.xlsx：读取 0 条记录，0 条可用；错误 0 处，警告 0 处"


def test_validate_lists_errors_then_warnings_and_exits_1(
    write_xlsx: WriteXlsx, tmp_path: Path
) -> None:
    path = write_xlsx(
        ledger_rows(row(1, "张三", BOY_2014), row(2, "李四", "410526201311200020", "女"))
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "错误  台账.xlsx 工作表「台账」第 5 行「身份证号码」列：“410526201311200020” — 校验位不对：按前 17 位，最后一位应为 5；请核对号码",
        "警告  台账.xlsx 工作表「台账」第 4 行「性别」列 — 性别为空，已按身份证号取为“男”",
        "台账.xlsx：读取 2 条记录，1 条可用；错误 1 处，警告 1 处",
    ]


def test_validate_json_and_exit_0_with_warnings_only(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx(ledger_rows(row(1, "张三", BOY_2014), row(2, "李四", GIRL_2013, "女")))
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["errors"] == []
    assert document["warnings"] == [
        {
            "file": str(path),
            "sheet": "台账",
            "row": 4,
            "column": "性别",
            "value": "",
            "message": "性别为空，已按身份证号取为“男”",
        }
    ]


def test_validate_uses_the_profile_beside_the_ledger(write_xlsx: WriteXlsx, tmp_path: Path) -> None:
    path = write_xlsx(ledger_rows(row(1, "张三", BOY_2014, "男")))
    (tmp_path / "profile.yaml").write_text(
        "county: 示范县\ntownships:\n  - name: 东风镇\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "不是本县的乡镇（街道）；县区配置里有：东风镇" in result.output


def test_unreadable_input_exits_2_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "加密.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = runner.invoke(app, ["validate", str(tmp_path / "加密.xlsx")])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"{tmp_path / '加密.xlsx'}：文件设置了打开密码（已加密），请在 Excel 中取消密码后另存，再读取"
    )
    missing = runner.invoke(app, ["validate", str(tmp_path / "无.xlsx")])
    assert (missing.exit_code, missing.output.strip()) == (2, f"{tmp_path / '无.xlsx'}：找不到文件")
    assert "Traceback" not in result.output + missing.output


def test_validate_with_a_bad_profile_exits_1(write_xlsx: WriteXlsx, tmp_path: Path) -> None:
    path = write_xlsx(ledger_rows(row(1, "张三", BOY_2014, "男")))
    (tmp_path / "p.yaml").write_text("countyy: 示范县\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--profile", str(tmp_path / "p.yaml")])
    assert result.exit_code == 1
    assert "county：缺少此项" in result.output


def test_fields_lists_keys_and_variants() -> None:
    result = runner.invoke(app, ["fields"])
    assert result.exit_code == 0
    assert any(
        line.startswith("id_number") and "身份证号码" in line for line in result.output.splitlines()
    )


def test_doctor_reports_each_check_and_exits_by_health() -> None:
    result = runner.invoke(app, ["doctor"])
    checks = run_checks()
    assert result.exit_code == (0 if healthy(checks) else 5)
    assert "公文字体（正文）：仿宋_GB2312" in result.output
    assert "WeasyPrint（生成 PDF）" in result.output


HEADINGS = {
    "inquiry": "就读情况的函",
    "deadline": "限期复学通知书",
    "prior-notice": "行政处罚事先告知书",
    "penalty": "行政处罚决定书",
    "demand": "催告书",
    "enforcement": "强制执行申请书",
    "investigation": "失联情况调查报告",
    "home-teaching": "送教上门工作计划",
    "letter": "致家长的一封信",
    "letter-generic": "致家长的一封信",
    "subsidy": "学生资助告知单",
    "enrolment": "秋季新生入学通知书",
}
"""A heading each kind's document prints."""


def test_demo_writes_every_kind_the_work_list_and_the_ledgers(demo_output: Path) -> None:
    tmp_path = demo_output
    report = (tmp_path / "台账校验结果.txt").read_text(encoding="utf-8").splitlines()
    assert report[0].startswith("台账.xlsx：读取 328 条记录，328 条可用；错误 0 处")
    assert json.loads((tmp_path / "台账校验结果.json").read_text(encoding="utf-8"))["errors"] == []
    entries = Register(tmp_path / REGISTER_FILE).entries()
    worklist = load_workbook(tmp_path / "跟进" / "待办事项.xlsx")["待办"]
    rows = list(worklist.iter_rows(min_row=3, values_only=True))
    stages = {str(line[8]).split("（")[0] for line in rows}
    assert {  # the demo day finds a case at every stage that needs an officer
        "劝返",
        "限期复学通知书待送达",
        "已送达限期复学通知书",
        "行政处罚事先告知书待送达",
        "已送达行政处罚事先告知书",
        "催告书待送达",
    } <= stages
    assert any(e.kind == "enforcement" for e in entries)  # and one at the court
    for line in rows:  # each open case is followed up from its latest document
        documents = [
            e
            for e in entries
            if e.case_key == line[3] and e.document_number and e.kind != "investigation"
        ]
        if documents:
            assert line[9] == max(documents, key=lambda e: (e.issued_on, e.id)).document_number
    served = [e for e in entries if e.served_on]
    assert served and all(e.served_on >= e.issued_on for e in served)
    for document in DOCUMENTS:  # every kind, printed as one merged PDF
        merged = next((tmp_path / document.folder).glob("*合并打印.pdf"))
        text = subprocess.run(
            ["pdftotext", str(merged), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert HEADINGS[document.kind] in text.replace(" ", ""), document
    ledgers = load_workbook(tmp_path / "跟进" / "三本台账.xlsx")
    assert ledgers["适龄儿童"].max_row == 2 + 328
    again = runner.invoke(app, ["demo", "--out", str(tmp_path), "--date", DEMO_DAY])
    assert again.exit_code == 4 and "已存在" in again.output


def test_help_and_python_dash_m() -> None:
    assert "validate" in runner.invoke(app, ["--help"]).output
    completed = subprocess.run(
        [sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True, check=True
    )
    assert "doctor" in completed.stdout


def test_every_command_and_option_the_readme_shows_exists() -> None:
    root = typer.main.get_command(app)
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    shown = [line for line in readme.splitlines() if line.startswith(".venv/bin/reportgen")]
    assert len(shown) > 30
    for line in shown:
        words = shlex.split(line.split("#")[0].replace("*", "x"))[1:]
        command: Any = root
        while words and words[0] in getattr(command, "commands", {}):
            command = command.commands[words.pop(0)]
        assert command is not root or words == ["--version"], line
        known = {name for param in command.params for name in param.opts}
        used = {word.split("=")[0] for word in words if word.startswith("-") and word != "-"}
        assert used <= known | {"--help"}, (line, used - known)
