"""Statistics: the figures a report states, computed from the ledger and the statistics file.

Pure functions, data in and tables out; nothing here reads a file or formats a sentence. Every
figure also comes as a :class:`Figure` with where it came from, so that ``reportgen stats`` can
show staff each number and its source before it goes into a report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.casework.cases import Case, Ledger
from reportgen.intake.statsfile import Subsidy, Year
from reportgen.profile import Profile
from reportgen.render.filters import percent, wan_yuan

STAGES = ("小学", "初中")


@dataclass(frozen=True)
class CategoryCount:
    """How many cases one category code holds."""

    code: str
    name: str
    counted: bool
    count: int


@dataclass(frozen=True)
class GroupCount:
    """Cases of one township or school: in all, 核减, still suspected, and still open."""

    name: str
    total: int
    verified_out: int
    suspected: int
    open: int


@dataclass(frozen=True)
class CaseStats:
    """What the ledger says: the suspected children and what became of them."""

    total: int
    categories: list[CategoryCount]
    by_township: list[GroupCount]
    by_school: list[GroupCount]
    by_status: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    open_cases: int
    coded_reasons: list[tuple[str, int]] = field(default_factory=list)
    """Cases by the student-registry reason codes (A2 厌学辍学 …), in the code table's order."""

    @property
    def verified_out(self) -> list[CategoryCount]:
        """核减 categories that hold cases, in the code table's order."""
        return [c for c in self.categories if not c.counted and c.count]

    @property
    def still_suspected(self) -> list[CategoryCount]:
        """Categories still counted as out of school that hold cases."""
        return [c for c in self.categories if c.counted and c.count]

    @property
    def verified_out_total(self) -> int:
        """核减人数."""
        return sum(c.count for c in self.categories if not c.counted)

    @property
    def still_suspected_total(self) -> int:
        """Children still counted as out of school."""
        return sum(c.count for c in self.categories if c.counted)

    def status(self, name: str) -> int:
        """Cases with a status, 0 when none."""
        return dict(self.by_status).get(name, 0)


def case_statistics(cases: Sequence[Case], profile: Profile) -> CaseStats:
    """The ledger's figures: by category, township, school, status and reason."""
    by_code = Counter(case.category for case in cases)
    categories = [
        CategoryCount(item.code, item.name, item.counted, by_code.get(item.code, 0))
        for item in profile.categories
    ]
    reasons = {item.code: f"{item.code}类（{item.name}）" for item in profile.reasons}
    statuses = Counter(case.status for case in cases)
    coded = Counter(case.reason for case in cases if case.reason in reasons)
    return CaseStats(
        total=len(cases),
        categories=categories,
        by_township=_groups(cases, profile, lambda case: case.township),
        by_school=_groups(cases, profile, lambda case: case.school or "（未填学校）"),
        by_status=[(s.name, statuses[s.name]) for s in profile.statuses if statuses[s.name]],
        by_reason=Counter(reasons.get(c.reason, c.reason) for c in cases if c.reason).most_common(),
        open_cases=sum(1 for case in cases if _is_open(case, profile)),
        coded_reasons=[(reasons[code], coded[code]) for code in reasons if coded[code]],
    )


def _is_open(case: Case, profile: Profile) -> bool:
    status = profile.status(case.status)
    return bool(status and status.open)


def _groups(
    cases: Sequence[Case], profile: Profile, key: Callable[[Case], str]
) -> list[GroupCount]:
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(key(case), []).append(case)
    counted = {item.code for item in profile.categories if item.counted}
    return [
        GroupCount(
            name,
            len(members),
            sum(1 for c in members if c.category not in counted),
            sum(1 for c in members if c.category in counted),
            sum(1 for c in members if _is_open(c, profile)),
        )
        for name, members in grouped.items()
    ]


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
    """Totals by stage, then the total of all stages (the last line, stage 合计)."""
    listed = list(subsidies)
    lines = []
    for stage in (*STAGES, "合计"):
        chosen = [s for s in listed if stage in ("合计", s.stage)]
        lines.append(
            SubsidyLine(
                stage,
                sum(s.persons for s in chosen),
                sum((s.yuan for s in chosen), Decimal(0)),
                sum(s.registered_persons for s in chosen),
                sum((s.registered_yuan for s in chosen), Decimal(0)),
            )
        )
    return lines


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
    """Everything a report can state about one school year."""

    school_year: int
    cases: CaseStats
    year: Year
    previous: Year | None
    rates: Rates
    subsidies: list[SubsidyLine]
    changes: list[Change]
    figures: list[Figure] = field(default_factory=list)


def compute(
    ledger: Ledger,
    year: Year,
    previous: Year | None,
    profile: Profile,
    *,
    roster: Sequence[Subsidy] | None = None,
    sources: tuple[str, str] = ("台账", "统计文件"),
) -> Statistics:
    """Every figure of a school year; ``roster`` (summed payments) replaces the file's subsidies."""
    subsidies = subsidy_lines(roster if roster is not None else year.subsidies)
    result = Statistics(
        school_year=year.school_year,
        cases=case_statistics(ledger.cases, profile),
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
    sources: tuple[str, str],
    *,
    from_roster: bool,
) -> list[Figure]:
    """Each figure with its provenance, in the order a report states them."""
    cases, book, digits = stats.cases, sources[1], profile.percent_decimals
    sheet = f" 工作表「{ledger.sheet}」" if ledger.sheet else ""
    where = f"{sources[0]}{sheet}（{len(ledger.cases)} 条有效记录）"
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
    found.append(
        Figure(
            "cases.still_suspected",
            "仍为疑似失学",
            f"{cases.still_suspected_total}人",
            f"{where}中类别计为失学的记录",
        )
    )
    found.append(
        Figure("cases.open", "未办结案件", f"{cases.open_cases}件", f"{where}中状态未办结的记录")
    )
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
                f"{group.total}人（核减{group.verified_out}，疑似{group.suspected}）",
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
    origin = "资助名单逐笔汇总" if from_roster else f"{label} subsidies"
    for line in stats.subsidies:
        found.append(
            Figure(
                f"subsidies.{line.stage}",
                f"生活补助（{line.stage}）",
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
