"""Statistics: the figures a report states, computed from the ledger and the statistics file.

Pure functions, data in and tables out; nothing here reads a file or formats a sentence. Every
figure also comes as a :class:`Figure` with where it came from, so that ``reportgen stats`` can
show staff each number and its source before it goes into a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.casework.cases import Ledger
from reportgen.casework.followup import FollowUp
from reportgen.casework.register_entries import Entry
from reportgen.intake.statsfile import Subsidy, Year
from reportgen.intake.text import format_date
from reportgen.profile import Profile
from reportgen.render.filters import percent, wan_yuan
from reportgen.reports.cases import CaseStats, Period, WorkDone, case_statistics, work_done

STAGES = ("小学", "初中")
"""The stages of compulsory education."""
SUBSIDY_STAGES = ("学前", "小学", "初中", "普通高中", "中职")
COMPULSORY, TOTAL = "义务教育", "合计"


@dataclass(frozen=True)
class Rates:
    """The rates of domain §4 as fractions (None when the statistics file lacks their figures)."""

    retention: Decimal | None = None
    gross_primary: Decimal | None = None
    gross_junior: Decimal | None = None
    net_primary: Decimal | None = None
    net_junior: Decimal | None = None
    dropout: Decimal | None = None
    disabled: Decimal | None = None


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    return Decimal(numerator) / Decimal(denominator) if denominator else None


def rates(year: Year) -> Rates:
    """巩固率, 毛/净入学率, 辍学率 and 残疾儿童少年入学率 of one school year."""
    cohort, disabled = year.cohort, year.disabled
    compulsory = sum(year.students.get(stage, 0) for stage in STAGES)
    return Rates(
        retention=_ratio(
            cohort.graduates, cohort.grade1_intake - cohort.transfers_out + cohort.transfers_in
        )
        if cohort
        else None,
        gross_primary=_ratio(year.students.get("小学", 0), year.population.get("小学", 0)),
        gross_junior=_ratio(year.students.get("初中", 0), year.population.get("初中", 0)),
        net_primary=_ratio(year.enrolled_of_age.get("小学", 0), year.population.get("小学", 0)),
        net_junior=_ratio(year.enrolled_of_age.get("初中", 0), year.population.get("初中", 0)),
        dropout=_ratio(year.dropouts, compulsory) if year.dropouts is not None else None,
        disabled=_ratio(
            disabled.special_school + disabled.regular_class + disabled.home_teaching,
            disabled.total,
        )
        if disabled
        else None,
    )


@dataclass(frozen=True)
class SubsidyLine:
    """Subsidies of one stage (or all): 人次 and yuan, and of them 原建档立卡."""

    stage: str
    persons: int
    yuan: Decimal
    registered_persons: int
    registered_yuan: Decimal


def subsidy_lines(subsidies: Iterable[Subsidy]) -> list[SubsidyLine]:
    """Totals by stage in the order of schooling (小学 and 初中 always, the others when paid),
    with 义务教育 (小学 and 初中) after 初中 and 合计 last."""
    listed = list(subsidies)
    paid = {s.stage for s in listed}
    groups: list[tuple[str, set[str]]] = []
    for stage in SUBSIDY_STAGES:
        if stage in STAGES or stage in paid:
            groups.append((stage, {stage}))
        if stage == STAGES[-1]:
            groups.append((COMPULSORY, set(STAGES)))
    groups.append((TOTAL, set(SUBSIDY_STAGES)))
    return [_line(name, [s for s in listed if s.stage in stages]) for name, stages in groups]


def _line(stage: str, chosen: Sequence[Subsidy]) -> SubsidyLine:
    return SubsidyLine(
        stage,
        sum(s.persons for s in chosen),
        sum((s.yuan for s in chosen), Decimal(0)),
        sum(s.registered_persons for s in chosen),
        sum((s.registered_yuan for s in chosen), Decimal(0)),
    )


@dataclass(frozen=True)
class Change:
    """A figure in two school years and the difference."""

    label: str
    this: int
    last: int

    @property
    def difference(self) -> int:
        """This year minus last year."""
        return self.this - self.last


def year_on_year(this: Year, last: Year | None) -> list[Change]:
    """Students by stage and schools by type, this school year against the one before."""
    if last is None:
        return []
    changes = [
        Change(f"{stage}在校生", this.students[stage], last.students[stage])
        for stage in this.students
        if stage in last.students
    ]
    changes += [
        Change(f"{kind}学校", this.schools[kind], last.schools[kind])
        for kind in this.schools
        if kind in last.schools
    ]
    return changes


@dataclass(frozen=True)
class Figure:
    """One figure as ``reportgen stats`` shows it: what, how much, and from where."""

    key: str
    label: str
    shown: str
    source: str


@dataclass
class Statistics:
    """Everything a report can state about one school year, as of one day."""

    school_year: int
    as_of: dt.date
    cases: CaseStats
    work: WorkDone
    year: Year
    previous: Year | None
    rates: Rates
    subsidies: list[SubsidyLine]
    """By stage, then 义务教育 (小学 and 初中) and 合计 (see :func:`subsidy_lines`)."""
    changes: list[Change]
    figures: list[Figure] = field(default_factory=list)

    def subsidy(self, stage: str) -> SubsidyLine:
        """The subsidy line of a stage, of 义务教育 or of 合计."""
        return next(line for line in self.subsidies if line.stage == stage)

    @property
    def stage_subsidies(self) -> list[SubsidyLine]:
        """The lines of the stages themselves, without the 义务教育 and 合计 lines."""
        return [line for line in self.subsidies if line.stage in SUBSIDY_STAGES]


@dataclass(frozen=True)
class Sources:
    """Where a report's data comes from, as ``stats`` names it beside each figure."""

    ledger: str = "台账"
    stats: str = "统计文件"
    register: str = "文号登记簿"


def compute(
    ledger: Ledger,
    followups: Sequence[FollowUp],
    entries: Iterable[Entry],
    years: tuple[Year, Year | None],
    profile: Profile,
    *,
    as_of: dt.date,
    roster: Sequence[Subsidy] | None = None,
    sources: Sources = Sources(),
) -> Statistics:
    """Every figure of a school year as of a day.

    ``roster`` (the subsidy roster's payments, summed) gives the 小学 and 初中 subsidies in place of
    the statistics file's; the file's other stages stand beside them.
    """
    year, previous = years
    others = [s for s in year.subsidies if s.stage not in STAGES]
    subsidies = subsidy_lines([*roster, *others] if roster is not None else year.subsidies)
    period = Period(year.school_year)
    result = Statistics(
        school_year=year.school_year,
        as_of=as_of,
        cases=case_statistics(followups, profile, as_of),
        work=work_done(entries, ledger.visits, followups, period, as_of),
        year=year,
        previous=previous,
        rates=rates(year),
        subsidies=subsidies,
        changes=year_on_year(year, previous),
    )
    result.figures = figures(result, profile, ledger, sources, from_roster=roster is not None)
    return result


def figures(
    stats: Statistics,
    profile: Profile,
    ledger: Ledger,
    sources: Sources,
    *,
    from_roster: bool,
) -> list[Figure]:
    """Each figure with its provenance, in the order a report states them."""
    cases, book, digits = stats.cases, sources.stats, profile.percent_decimals
    sheet = f" 工作表「{ledger.sheet}」" if ledger.sheet else ""
    where = f"{sources.ledger}{sheet}（{len(ledger.cases)} 条有效记录）"
    found = [Figure("cases.total", "疑似失学儿童", f"{cases.total}人", where)]
    found.append(
        Figure(
            "cases.verified_out",
            "核减人数",
            f"{cases.verified_out_total}人",
            f"{where}中类别为核减类的记录",
        )
    )
    for item in cases.categories:
        kind = "疑似失学" if item.counted else "核减"
        found.append(
            Figure(
                f"cases.category.{item.code}",
                f"{kind}：{item.code}类（{item.name}）",
                f"{item.count}人",
                f"{where}中类别为 {item.code} 的记录",
            )
        )
    day = f"截至{format_date(stats.as_of)}"
    found += [
        Figure(
            "cases.still_suspected",
            "仍为疑似失学",
            f"{cases.still_suspected_total}人",
            f"{where}中类别计为失学、{day}未复学且未安置或核实的记录",
        ),
        Figure(
            "cases.back", "已复学", f"{cases.back_total}人", f"{where}中{day}已到复学日期的记录"
        ),
        Figure(
            "cases.settled",
            "已安置或核实",
            f"{cases.settled_total}人",
            f"{where}中类别计为失学、状态已办结（送教上门、已核实等）的记录",
        ),
        Figure(
            "cases.dropouts",
            "辍学",
            f"{cases.dropouts}人",
            f"{where}中{day}缺课超过{profile.absence.dropout_after_days}天的记录（辍学学生台账）",
        ),
        Figure("cases.overdue", "逾期未复学", f"{cases.overdue}人", f"{where}与{sources.register}"),
    ]
    found += work_figures(stats.work, Period(stats.school_year), sources, day)
    for reason, count in cases.by_reason:
        found.append(
            Figure(
                f"cases.reason.{reason}", f"原因：{reason}", f"{count}人", f"{where}的辍学原因列"
            )
        )
    for group in cases.by_township:
        found.append(
            Figure(
                f"cases.township.{group.name}",
                f"{group.name}疑似失学儿童",
                f"{group.total}人（核减{group.verified_out}，疑似{group.suspected}，"
                f"仍为疑似失学{group.still}）",
                where,
            )
        )
    year = stats.year
    label = f"{book} {year.school_year} 学年"
    for stage, count in year.students.items():
        found.append(
            Figure(f"students.{stage}", f"{stage}在校生", f"{count}人", f"{label} students.{stage}")
        )
    for kind, count in year.schools.items():
        found.append(
            Figure(f"schools.{kind}", f"{kind}学校", f"{count}所", f"{label} schools.{kind}")
        )
    rate = stats.rates
    formulas = {
        "retention": (
            "九年巩固率",
            "cohort：graduates ÷ (grade1_intake − transfers_out + transfers_in)",
        ),
        "gross_primary": ("小学毛入学率", "students.小学 ÷ population.小学"),
        "gross_junior": ("初中毛入学率", "students.初中 ÷ population.初中"),
        "net_primary": ("小学净入学率", "enrolled_of_age.小学 ÷ population.小学"),
        "net_junior": ("初中净入学率", "enrolled_of_age.初中 ÷ population.初中"),
        "dropout": ("辍学率", "dropouts ÷ (students.小学 + students.初中)"),
        "disabled": (
            "残疾儿童少年入学率",
            "disabled：(special_school + regular_class + home_teaching) ÷ total",
        ),
    }
    for key, (name, formula) in formulas.items():
        value = getattr(rate, key)
        if value is not None:
            found.append(Figure(f"rates.{key}", name, percent(value, digits), f"{label} {formula}"))
    for line in stats.subsidies:
        compulsory = line.stage in (*STAGES, COMPULSORY)
        origin = f"{label} subsidies"
        if from_roster and compulsory:
            origin = "资助名单逐笔汇总"
        elif from_roster and line.stage == TOTAL:
            origin = f"资助名单逐笔汇总（小学、初中）和{label} subsidies（其他学段）"
        found.append(
            Figure(
                f"subsidies.{line.stage}",
                f"{'生活补助' if compulsory else '学生资助'}（{line.stage}）",
                f"{line.persons}人次，{wan_yuan(line.yuan)}万元；其中原建档立卡{line.registered_persons}人次，{wan_yuan(line.registered_yuan)}万元",
                origin,
            )
        )
    for change in stats.changes:
        found.append(
            Figure(
                f"change.{change.label}",
                f"{change.label}比上学年",
                f"{change.difference:+d}",
                f"{book} {year.school_year} 与 {year.school_year - 1} 学年",
            )
        )
    return found


_REGISTERED_WORK = (
    ("notices", "下达限期复学通知书", "份", "通知书"),
    ("prior_notices", "下达行政处罚事先告知书", "份", "事先告知书"),
    ("penalties", "作出行政处罚决定", "件", "决定书"),
    ("demands", "下达催告书", "份", "催告书"),
    ("applications", "申请人民法院强制执行", "件", "强制执行申请书"),
    ("inquiries", "发出协查函", "件", "协查函"),
    ("replies", "收到协查回函", "件", "协查函的回函记录"),
    ("investigations", "失联儿童调查报告", "份", "调查报告"),
)
"""The counts of ``WorkDone`` the register holds: field, label, unit, what the register counts."""


def work_figures(work: WorkDone, period: Period, sources: Sources, day: str) -> list[Figure]:
    """What was done in the school year, with the record each count comes from."""
    register = f"{sources.register}中{period.label}内（{day}）已下达、未作废的"
    records = f"{sources.ledger}的劝返记录中{period.label}内（{day}）的记录"
    ways = [Figure(f"work.way.{way}", f"劝返：{way}", f"{n}次", records) for way, n in work.by_way]
    return [
        Figure("work.visits", "劝返次数", f"{work.visits}次", records),
        *ways,
        Figure("work.visited", "劝返涉及学生", f"{work.visited}人", records),
        *(
            Figure(f"work.{name}", label, f"{getattr(work, name)}{unit}", f"{register}{kind}")
            for name, label, unit, kind in _REGISTERED_WORK
        ),
        Figure(
            "work.back_after_notice",
            "下达通知书后复学",
            f"{work.back_after_notice}人",
            f"{sources.ledger}的复学日期与{sources.register}",
        ),
    ]
