"""``reportgen demo``: the whole job on the bundled sample county, as a new user first sees it.

It validates the sample ledger, then makes every document kind: the 限期复学通知书 with their
送达回证 and 存根 (DOCX and PDF, one per case and one merged print file), the personal parent
letters, one generic letter per school, the officers' work list and the three ledgers as of that
day, and the three annual reports. The demo keeps its own 文号 register in the output
folder, so it never touches a county's real numbering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.casework.ages import coming_cutoff
from reportgen.casework.cases import Ledger
from reportgen.casework.followup import due_list, load_follow_up
from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import Event
from reportgen.documents.batch import BatchResult, Progress, run_batch
from reportgen.documents.request import BatchRequest
from reportgen.intake.fields import ROSTERS
from reportgen.intake.ledger import load_ledger
from reportgen.output.exports import export_ledgers
from reportgen.output.workbooks import LedgerSheet, write_roster_workbook
from reportgen.output.worklist import write_worklist
from reportgen.output.write import refuse_existing, write_text
from reportgen.problems import to_json
from reportgen.profile import Profile, load_profile
from reportgen.reports import REPORT_KINDS, make_report
from reportgen.reports.inputs import ReportInputs
from reportgen.resources import samples
from reportgen.synthetic import SyntheticCounty

SAMPLE_COUNTY = "示范县"
CHECK_FILE = "台账校验结果.txt"
CHECK_JSON = "台账校验结果.json"
ROSTER_FILE = "适龄儿童名册.xlsx"
SUBSIDY_FILE = "资助名单.xlsx"
STATS_FILE = "统计.yaml"
SUBSIDY_SCHOOL = "城关中心小学"


@dataclass(frozen=True)
class DemoDocument:
    """One batch the demo makes, into its kind's folder, and what it records happened after."""

    folder: str
    kind: str
    days_before: int = 0
    """How long before the demo day it is dated."""
    township: str | None = None
    source: str = "ledger"
    """What it is made from: the case ledger, the subsidy roster, or the school-age roster."""
    school: str | None = None
    served_after: int | None = None
    """Days after issue each document is served (the service recorded); None: not served yet."""
    unserved: int = 0
    """How many of the batch's last documents are left unserved on the demo day."""
    answered_after: int | None = None
    """Days after service the first document is answered (a statement, a payment, a reply)."""


DOCUMENTS = (
    DemoDocument("协查函", "inquiry", days_before=45, served_after=3, answered_after=12),
    # 河口乡: the first to leave, the whole way to the court (one fine paid, one 催告书 unserved).
    DemoDocument("限期复学通知书", "deadline", 240, township="河口乡", served_after=1),
    DemoDocument("行政处罚事先告知书", "prior-notice", 225, township="河口乡", served_after=1),
    DemoDocument(
        "行政处罚决定书", "penalty", 215, township="河口乡", served_after=1, answered_after=14
    ),
    DemoDocument("催告书", "demand", 25, township="河口乡", served_after=1, unserved=1),
    DemoDocument("强制执行申请书", "enforcement", 5, township="河口乡"),
    # 城关镇: notices a month ago, 事先告知书 last week (one statement made, one not yet served).
    DemoDocument("限期复学通知书", "deadline", 30, township="城关镇", served_after=2),
    DemoDocument(
        "行政处罚事先告知书",
        "prior-notice",
        12,
        township="城关镇",
        served_after=1,
        answered_after=2,
        unserved=1,
    ),
    # 东风镇: a notice served, its period running; 白马乡: a notice not yet served.
    DemoDocument("限期复学通知书", "deadline", 6, township="东风镇", served_after=1),
    DemoDocument("限期复学通知书", "deadline", 2, township="白马乡"),
    DemoDocument("失联儿童调查报告", "investigation"),
    DemoDocument("送教上门", "home-teaching"),
    DemoDocument("致家长的一封信", "letter"),
    DemoDocument("致家长的一封信（全校）", "letter-generic"),
    DemoDocument("学生资助告知单", "subsidy", source="subsidy", school=SUBSIDY_SCHOOL),
    DemoDocument("入学通知书", "enrolment", source="roster"),
)
"""A term of the sample county, batch by batch, each dated before the demo day so that on it a
case stands at every stage: 河口乡's children left first and have come the whole way to the court
(one fine paid, one 催告书 still to serve); 城关镇's got their notices a month ago and their
事先告知书 last week (one guardian has made a statement, one slip has not come back); 东风镇's
notice is served and running, 白马乡's not yet served; 新华街道's child is still being visited.
Service is recorded as the slips come back, and one 协查函 is answered. One school's subsidy
notices stand for all."""
ANSWERS = {"prior-notice": "statement", "penalty": "paid", "inquiry": "reply", "demand": "paid"}
"""What the first document of a batch gets in answer, by kind."""


REPORTS_FOLDER = "年度报告"
FOLLOW_UP_FOLDER = "跟进"
WORKLIST_FILE = "待办事项.xlsx"
LEDGERS_FILE = "三本台账.xlsx"


@dataclass(frozen=True)
class DemoResult:
    """What the demo read and what it wrote."""

    ledger: Ledger
    written: list[Path]
    batches: list[tuple[DemoDocument, BatchResult]] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)


def sample_workspace() -> Path:
    """The folder of the sample county's profile and ledger."""
    return samples() / SAMPLE_COUNTY


def run_demo(
    out: Path,
    force: bool = False,
    issued_on: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Validate the sample ledger and make every document kind for the sample county in ``out``."""
    workspace = sample_workspace()
    profile = load_profile(workspace / "profile.yaml")
    ledger_path = workspace / "台账.xlsx"
    ledger = load_ledger(ledger_path, profile)
    targets = [out / CHECK_FILE, out / CHECK_JSON]
    refuse_existing(targets, force)
    lines = [ledger.summary(), *(f"{p.severity.value}\t{p}" for p in ledger.problems)]
    write_text(targets[0], "\n".join(lines) + "\n", force)
    write_text(targets[1], to_json(ledger.problems) + "\n", force)
    register = Register(out / REGISTER_FILE)
    day = issued_on or dt.date.today()
    batches: list[tuple[DemoDocument, BatchResult]] = []
    for document, request in sample_batches(out, day, register, profile, force):
        result = run_batch(request, progress)
        record_what_followed(register, result, document, day)
        batches.append((document, result))
    reports = _reports(out, day, profile, register, force)
    follow_up = _follow_up(profile, register, out / FOLLOW_UP_FOLDER, issued_on, force)
    written = targets + [o.path for _, b in batches for o in b.outputs if o.merged]
    return DemoResult(ledger, written + follow_up + reports, batches, reports)


def record_what_followed(
    register: Register, result: BatchResult, document: DemoDocument, day: dt.date
) -> None:
    """The service of a batch's documents as the slips came back, and the first one's answer."""
    if document.served_after is None:
        return
    served = result.entries[: len(result.entries) - document.unserved]
    for number, entry in enumerate(served):
        on = entry.issued_on + dt.timedelta(days=document.served_after)
        if on > day:
            continue
        method = "邮寄送达" if entry.kind == "inquiry" else "直接送达"
        register.record_event(entry, Event("served", on, method, "示范县控辍保学办公室"))
        answer = ANSWERS.get(entry.kind)
        if number == 0 and answer and document.answered_after is not None:
            answered = on + dt.timedelta(days=document.answered_after)
            if answered <= day:
                register.record_event(entry, Event(answer, answered, note=_ANSWER_NOTES[answer]))


_ANSWER_NOTES = {
    "statement": "称孩子不愿上学，家中无人照看",
    "paid": "已缴纳罚款",
    "reply": "该生在我辖区学校就读，有学籍",
}


def _reports(
    out: Path, day: dt.date, profile: Profile, register: Register, force: bool
) -> list[Path]:
    """The three reports of the demo day's school year: a 工作方案 for it (dated at its start,
    from the year before's figures), and the 自查报告 and 工作总结 as of the day."""
    year = school_year_of(day)
    inputs = ReportInputs(
        sample_workspace() / "台账.xlsx",
        _statistics(out / STATS_FILE, year, force),
        profile,
        school_year=year,
        roster=out / SUBSIDY_FILE,
        register=register,
    )
    return [
        path
        for kind in REPORT_KINDS
        for path in make_report(
            kind,
            inputs,
            out / REPORTS_FOLDER,
            force=force,
            issued_on=None if kind == "work-plan" else day,
        )
    ]


def school_year_of(day: dt.date) -> int:
    """The school year (named by its autumn) a day lies in."""
    return day.year if day.month >= 9 else day.year - 1


def _statistics(target: Path, year: int, force: bool) -> Path:
    """The sample statistics file with its years renamed so that its latest is the demo's year."""
    text = (sample_workspace() / STATS_FILE).read_text(encoding="utf-8")
    found = [int(y) for y in re.findall(r"school_year:\s*(\d{4})", text)]
    shift = year - max(found)

    def renamed(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2)) + shift}"

    text = re.sub(r"(school_year:\s*)(\d{4})", renamed, text)
    text = re.sub(r"(#\s*)(\d{4})(?=—)", renamed, text)
    text = re.sub(r"(semester:\s*)(\d{4})(?=年)", renamed, text)
    text = re.sub(r"(—)(\d{4})(?= 学年)", renamed, text)
    return write_text(target, text, force)


def _subsidies(target: Path, profile: Profile, day: dt.date, force: bool) -> Path:
    """A subsidy roster of the demo day's school year: the payments of the semesters begun."""
    year = school_year_of(day)
    rows = SyntheticCounty(school_year=year).subsidy_records(until=day)
    title = f"{profile.county}{year}—{year + 1}学年义务教育家庭经济困难学生生活补助发放名单"
    sheet = LedgerSheet(profile, rows, title=title, reporter=profile.bureau)
    return write_roster_workbook(target, ROSTERS["subsidy"], sheet, force)


def sample_batches(
    out: Path, day: dt.date, register: Register, profile: Profile, force: bool = False
) -> list[tuple[DemoDocument, BatchRequest]]:
    """The demo's batches, in order, into folders of ``out`` (the roster it reads is written there).

    ``templates check`` runs them with a county's templates to try its pair on the sample county.
    """
    workspace = sample_workspace()
    sources = {
        "ledger": workspace / "台账.xlsx",
        "subsidy": _subsidies(out / SUBSIDY_FILE, profile, day, force),
        "roster": _roster(out / ROSTER_FILE, profile, day, force),
    }
    with_registration = _with_registration(profile, day)
    return [
        (
            document,
            BatchRequest(
                ledger=sources[document.source],
                profile=with_registration,
                register=register,
                out=out / document.folder,
                kind=document.kind,
                formats=("docx", "pdf"),
                school=document.school,
                township=document.township,
                merge=True,
                force=force,
                issued_on=day - dt.timedelta(days=document.days_before),
            ),
        )
        for document in DOCUMENTS
    ]


def _roster(target: Path, profile: Profile, day: dt.date, force: bool) -> Path:
    """A roster of the sample county's young children, those of the coming intake among them."""
    cutoff = coming_cutoff(day, profile.age_cutoff)
    rows = SyntheticCounty().school_age_children(cutoff)
    title = f"{profile.county}{cutoff.year}年适龄儿童入学名册"
    sheet = LedgerSheet(profile, rows, title=title, reporter=profile.bureau)
    return write_roster_workbook(target, ROSTERS["enrolment"], sheet, force)


def _with_registration(profile: Profile, day: dt.date) -> Profile:
    """The sample profile with registration days for the coming autumn (a county sets its own)."""
    cutoff = coming_cutoff(day, profile.age_cutoff)
    start = cutoff - dt.timedelta(days=6)
    rule = profile.enrolment.model_copy(
        update={"registration_start": start, "registration_end": start + dt.timedelta(days=2)}
    )
    return profile.model_copy(update={"enrolment": rule})


def _follow_up(
    profile: Profile, register: Register, folder: Path, as_of: dt.date | None, force: bool
) -> list[Path]:
    """The officers' work list and the three ledgers, as of the day the notices went out."""
    day = as_of or dt.date.today()
    ledger, followups = load_follow_up(profile, register, day)
    worklist = write_worklist(
        due_list(followups, profile), profile.county, day, folder / WORKLIST_FILE, force
    )
    ledgers = export_ledgers(
        ledger, followups, profile, folder / LEDGERS_FILE, as_of=day, force=force
    )
    return [worklist, ledgers.path]
