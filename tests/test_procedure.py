"""The road after the notice, walked on fixed days: 事先告知书, 决定书, 催告书, 强制执行申请书.

Each step is made only when the register shows the step before it served and its period run; each
document states the dates and numbers the register holds. The notices of these tests are issued
and served on 2026-09-30 with five working days, so their deadline is 2026-10-13 (see
``test_followup``); 李红 is back at school on 10-9.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADERS, docx_text, save_xlsx
from test_followup import EXTRA, ISSUED, PROFILE, RECORDS, case_rows, serve
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import Event
from reportgen.cli import app
from reportgen.errors import ExitCode

runner = CliRunner()
BASIS = (
    "《中华人民共和国义务教育法》第五十八条和《示范省实施〈中华人民共和国义务教育法〉办法》第三十条"
)
PENALTY = f"""\
penalty:
  decision: 给予警告，并处罚款500元
  fine: 500
  legal_basis: {BASIS}
  court: 示范县人民法院
"""
GUARDIAN_IDS = ["412127198203150018", "410921198507220023", "412127197901010034"]


def write_case_file(folder: Path, rows: list[list[Any]]) -> None:
    """The ledger of ``test_followup`` with each guardian's ID number, as a decision names them."""
    with_ids = [[*cells, guardian] for cells, guardian in zip(rows, GUARDIAN_IDS, strict=True)]
    headers = [*HEADERS, *EXTRA, "监护人身份证号"]
    save_xlsx(folder / "台账.xlsx", [headers, *with_ids], more={"劝返记录": RECORDS})


def make(county: Path, kind: str, day: str, *options: str) -> tuple[int, str]:
    """Run ``reportgen notices --kind`` on a day into a folder of its own; exit code and output."""
    out = county / f"{kind}-{day}"
    arguments = ["notices", str(county / "台账.xlsx"), "-p", str(county / "profile.yaml")]
    arguments += ["--kind", kind, "--format", "docx", "--out", str(out), "--date", day]
    result = runner.invoke(app, [*arguments, *options])
    return result.exit_code, result.output


def made(county: Path, kind: str, day: str) -> dict[str, str]:
    """The text of each document a run made, by the child's name in its file name."""
    code, output = make(county, kind, day)
    assert code == 0, output
    return {
        path.name.split("_")[2]: docx_text(path)
        for path in (county / f"{kind}-{day}").glob("*.docx")
    }


def due(county: Path, day: str) -> str:
    result = runner.invoke(app, ["due", "-p", str(county / "profile.yaml"), "--as-of", day])
    assert result.exit_code == 0, result.output
    return result.output


def latest(county: Path, kind: str, name: str) -> Any:
    register = Register(county / REGISTER_FILE)
    return next(e for e in reversed(register.entries()) if e.kind == kind and e.student == name)


def record(county: Path, kind: str, name: str, event: Event) -> None:
    """Record an event as an officer does, with ``reportgen register served`` or ``record``."""
    number = latest(county, kind, name).document_number
    if event.kind == "served":
        options = ["served", number, "--method", event.method]
    else:
        options = ["record", number, event.kind, "--note", event.note]
    arguments = ["register", *options, "--on", event.on.isoformat()]
    if event.on > dt.date.today():  # the commands refuse a day to come: the walk goes on ahead
        Register(county / REGISTER_FILE).record_event(latest(county, kind, name), event)
        return
    result = runner.invoke(app, [*arguments, "-p", str(county / "profile.yaml")])
    assert result.exit_code == 0, result.output


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """Three notices issued and served on 2026-09-30; the penalty founded on the province's article."""
    (tmp_path / "profile.yaml").write_text(PROFILE + PENALTY, encoding="utf-8")
    write_case_file(tmp_path, case_rows())
    code, output = make(tmp_path, "deadline", ISSUED)
    assert code == 0, output
    serve(tmp_path, dt.date(2026, 9, 30))
    write_case_file(tmp_path, case_rows(returned={2: "2026-10-9"}))
    return tmp_path


@pytest.mark.parametrize(
    ("penalty", "said"),
    [
        ("", "penalty.decision"),
        (PENALTY.replace(BASIS, "《中华人民共和国义务教育法》第五十八条"), "须依据本省的规定"),
        (PENALTY.replace("  fine: 500\n", ""), "penalty.decision 与 penalty.fine 不一致"),
    ],
)
def test_no_step_of_the_penalty_until_the_profile_founds_it(
    county: Path, penalty: str, said: str
) -> None:
    (county / "profile.yaml").write_text(PROFILE + penalty, encoding="utf-8")
    before = len(Register(county / REGISTER_FILE).entries())
    for kind in ("prior-notice", "penalty", "demand", "enforcement"):
        code, output = make(county, kind, "2026-10-20")
        assert code == 1 and said in output, output
    assert len(Register(county / REGISTER_FILE).entries()) == before  # no number used


def test_the_prior_notice_waits_for_the_deadline_counted_from_service(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE + PENALTY, encoding="utf-8")
    write_case_file(tmp_path, case_rows())
    assert make(tmp_path, "deadline", ISSUED)[0] == 0
    code, output = make(tmp_path, "prior-notice", "2026-10-20")
    assert code == 1 and "限期复学通知书已送达、期限已过、仍未复学" in output  # none served
    serve(tmp_path, dt.date(2026, 10, 8))  # served late: five working days run to 10-14
    assert make(tmp_path, "prior-notice", "2026-10-14")[0] == 1
    texts = made(tmp_path, "prior-notice", "2026-10-15")
    assert sorted(texts) == ["刘强", "张三", "李红"]
    assert "于2026年10月8日送达你，责令你于2026年10月14日前送张三复学" in texts["张三"]


def test_one_case_walks_the_whole_road(county: Path) -> None:
    texts = made(county, "prior-notice", "2026-10-14")
    assert sorted(texts) == ["刘强", "张三"]
    prior = texts["张三"]
    assert "城关镇人民政府\n行政处罚事先告知书\n城政控学〔2026〕3号" in prior
    assert "当事人：王建国，公民身份号码412127198203150018。" in prior
    assert "本机关于2026年9月30日下达《限期复学通知书》（城政控学〔2026〕1号），" in prior
    assert "于2026年9月30日送达你，责令你于2026年10月13日前送张三复学" in prior
    assert "经学校和城关镇两次劝返，仍未返校。" in prior
    assert f"依据{BASIS}的规定，本机关拟对你作出如下行政处罚：给予警告，并处罚款500元。" in prior
    assert "自收到本告知书之日起三日内向本机关提出陈述、申辩" in prior

    # 张三's is served the same day; three working days run to Monday 10-19.
    record(county, "prior-notice", "张三", Event("served", dt.date(2026, 10, 14), "直接送达"))
    listed = due(county, "2026-10-16")
    assert "等待当事人陈述、申辩（2026年10月19日前）" in listed
    assert "行政处罚事先告知书待送达" in listed  # 刘强's is not served yet
    assert make(county, "penalty", "2026-10-19")[0] == 1  # the period has not run

    decided = made(county, "penalty", "2026-10-20")
    assert sorted(decided) == ["张三"]
    decision = decided["张三"]
    assert "城关镇人民政府\n行政处罚决定书\n城政控学〔2026〕5号" in decision
    assert "当事人：王建国，公民身份号码412127198203150018。" in decision
    assert (
        "以上事实，有《限期复学通知书》（城政控学〔2026〕1号）及其送达回证、劝返记录2份、"
        "《行政处罚事先告知书》（城政控学〔2026〕3号）及其送达回证、学生学籍和离校情况登记（台账）等证据证明。"
        in decision
    )
    assert "于2026年10月14日送达你" in decision
    assert "你在规定期限内未提出陈述、申辩。" in decision
    assert f"依据{BASIS}的规定，本机关决定：给予警告，并处罚款500元。" in decision
    assert "罚款自收到本决定书之日起十五日内缴纳。" in decision
    assert "六十日内向示范县人民政府申请行政复议" in decision
    assert "六个月内向示范县人民法院提起行政诉讼" in decision

    record(county, "penalty", "张三", Event("served", dt.date(2026, 10, 21), "直接送达"))
    assert "罚款缴纳期限内（2026年11月5日前），期满核查是否缴纳" in due(county, "2026-10-22")
    # Six months for a lawsuit from 10-21 run to 2027-04-21: no 催告 on that day, one the next.
    assert "（2027年4月21日）届满仍未履行" in due(county, "2026-11-06")
    assert make(county, "demand", "2027-04-21")[0] == 1
    demand = made(county, "demand", "2027-04-22")["张三"]
    assert (
        "本机关于2026年10月20日作出《行政处罚决定书》（城政控学〔2026〕5号），于2026年10月21日送达你"
        in demand
    )
    assert "现催告你自收到本催告书之日起十日内履行上述决定" in demand

    record(county, "demand", "张三", Event("served", dt.date(2027, 4, 22), "直接送达"))
    assert make(county, "enforcement", "2027-05-06")[0] == 1  # ten working days not yet run
    applied = made(county, "enforcement", "2027-06-01")["张三"]
    assert "申请人：城关镇人民政府" in applied
    assert "被申请人：王建国，公民身份号码412127198203150018。" in applied
    assert (
        "申请人于2027年4月22日送达《催告书》（城政控学〔2027〕1号），催告期满，被申请人仍未履行。"
        in applied
    )
    assert "此致\n示范县人民法院" in applied
    kinds = [e.kind for e in Register(county / REGISTER_FILE).entries() if e.student == "张三"]
    assert kinds == ["deadline", "prior-notice", "penalty", "demand", "enforcement"]


def test_a_statement_is_reviewed_and_a_voided_decision_is_made_again(county: Path) -> None:
    assert make(county, "prior-notice", "2026-10-14")[0] == 0
    record(county, "prior-notice", "刘强", Event("served", dt.date(2026, 10, 16), "留置送达"))
    said = Event("statement", dt.date(2026, 10, 20), note="孩子在外地打工，要求暂缓")
    record(county, "prior-notice", "刘强", said)
    first = made(county, "penalty", "2026-10-20")["刘强"]  # stated: no need to wait for 10-21
    assert (
        "你于2026年10月20日提出陈述、申辩：孩子在外地打工，要求暂缓。本机关对你的陈述、申辩进行了复核。"
        in first
    )
    number = latest(county, "penalty", "刘强").document_number
    Register(county / REGISTER_FILE).void(number, "当事人住址有误")
    assert "刘强" in due(county, "2026-10-22")  # back to the decision to make
    again = made(county, "penalty", "2026-10-22")["刘强"]
    assert latest(county, "penalty", "刘强").document_number != number
    assert number not in again


def test_an_answer_needs_the_document_it_answers_served(county: Path) -> None:
    assert make(county, "prior-notice", "2026-10-14")[0] == 0
    number = latest(county, "prior-notice", "刘强").document_number
    profile = ["-p", str(county / "profile.yaml")]
    early = runner.invoke(
        app, ["register", "record", number, "陈述申辩", "--on", "2026-10-15", *profile]
    )
    assert early.exit_code == ExitCode.REFUSED, early.output
    assert f"{number}尚未登记送达，不能登记陈述申辩" in early.output
    wrong = runner.invoke(
        app, ["register", "record", number, "paid", "--on", "2026-10-15", *profile]
    )
    assert f"{number}不是行政处罚决定书，不能登记缴纳罚款" in wrong.output
    assert not latest(county, "prior-notice", "刘强").events


def test_a_fine_paid_ends_the_road(county: Path) -> None:
    assert make(county, "prior-notice", "2026-10-14")[0] == 0
    record(county, "prior-notice", "刘强", Event("served", dt.date(2026, 10, 14), "直接送达"))
    assert make(county, "penalty", "2026-10-20")[0] == 0
    record(county, "penalty", "刘强", Event("served", dt.date(2026, 10, 21), "直接送达"))
    record(county, "penalty", "刘强", Event("paid", dt.date(2026, 10, 30), note="已缴纳罚款500元"))
    assert "刘强" not in due(county, "2026-11-06")
    code, output = make(county, "demand", "2027-04-22")
    assert code == 1 and "没有符合条件的案件" in output


def test_a_decision_batch_killed_half_way_then_one_decision_reissued(county: Path) -> None:
    import os
    import subprocess
    import sys

    from test_register_truth import KILLED_WHILE_PLACING

    assert make(county, "prior-notice", "2026-10-14")[0] == 0
    for name in ("张三", "刘强"):
        record(county, "prior-notice", name, Event("served", dt.date(2026, 10, 14), "直接送达"))
    out = county / "决定书"
    arguments = ["notices", str(county / "台账.xlsx"), "-p", str(county / "profile.yaml")]
    arguments += [
        "--kind",
        "penalty",
        "--format",
        "docx",
        "--out",
        str(out),
        "--date",
        "2026-10-20",
    ]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_PLACING, *arguments],
        capture_output=True,
        check=False,
        env={**os.environ, "KILL_AT": "1"},
    )
    assert killed.returncode == -9  # by the machine, the moment a first file is in place
    register = Register(county / REGISTER_FILE)  # opening it completes or takes back the batch
    assert all(path.is_file() for e in register.entries() for path in register.files(e))
    code, output = make(county, "penalty", "2026-10-20")  # the same batch, run again
    assert code == 0 and "城政控学〔2026〕5—6号（共 2 个）" in output, output
    first = latest(county, "penalty", "刘强").document_number
    again = ["--reissue", "--case", "4"]  # 刘强 is on the ledger's row 4
    code, output = make(county, "penalty", "2026-10-23", *again)
    assert code == 0 and "城政控学〔2026〕7号（共 1 个）" in output, output
    Register(county / REGISTER_FILE).void(first, "送达地址有误，已重新作出")
    reissued = next((county / "penalty-2026-10-23").glob("*.docx"))
    prior = latest(county, "prior-notice", "刘强").document_number
    assert "刘强" in reissued.name and f"《行政处罚事先告知书》（{prior}）" in docx_text(reissued)
    numbers = [
        e.document_number for e in Register(county / REGISTER_FILE).entries() if e.kind == "penalty"
    ]
    assert numbers == ["城政控学〔2026〕5号", "城政控学〔2026〕7号"]  # the void one is kept apart
