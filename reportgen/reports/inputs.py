"""What a report is about and as of when: its school year, its 成文日期, its data, checked.

One school year, one label: the title, the basis, the figures and the 成文日期 of a report all
refer to the same school year. A 自查报告 or 工作总结 speaks of the year its statistics describe and
is dated within it (today, when today lies in it; otherwise the date must be given). A 工作方案
plans a year from the figures of the year before, and is dated at the start of the year it plans.

The statistics file and the ledger must not contradict each other on a figure a report states:
children not back after the autumn check, and dropouts. When they do, the report is refused with
both figures and where each came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.casework.cases import Ledger
from reportgen.casework.followup import follow_up
from reportgen.casework.register import Register
from reportgen.errors import ReportgenError, UsageProblem
from reportgen.intake.ledger import load_ledger
from reportgen.intake.statsfile import StatsFile, Year, load_stats, load_subsidy_roster
from reportgen.intake.text import format_date
from reportgen.profile import Profile
from reportgen.reports.cases import Period
from reportgen.reports.statistics import Sources, Statistics, compute

PLAN = "work-plan"


class FiguresDisagree(ReportgenError):
    """The statistics file and the ledger give different figures for what a report states."""


@dataclass(frozen=True)
class ReportInputs:
    """Where a report's data comes from."""

    ledger: Path
    stats: Path
    profile: Profile
    school_year: int | None = None
    roster: Path | None = None
    content: Path | None = None
    register: Register | None = None
    """The workspace's 文号 register: what was issued, served and answered."""


@dataclass(frozen=True)
class Scope:
    """The year a report is about, the year its figures are of, and its 成文日期."""

    period: Period
    figures: Year
    previous: Year | None
    day: dt.date


def scope(kind: str, stats: StatsFile, asked: int | None, given: dt.date | None) -> Scope:
    """A report's year, the figures it states and its 成文日期, by the rules of the module."""
    if kind == PLAN:
        planned = asked if asked is not None else stats.year(None).school_year + 1
        figures = _year(stats, planned - 1, "工作方案按上一学年的数字制定：")
        period = Period(planned)
        default: dt.date | None = period.start
    else:
        figures = stats.year(asked)
        period = Period(figures.school_year)
        today = dt.date.today()
        default = today if today in period else None
    day = given or default
    if day is None:
        raise UsageProblem(
            f"今天不在{period.label}（{format_date(period.start)}至{format_date(period.end)}）内，"
            f"请用 --date 指定{period.label}报告的成文日期"
        )
    if day not in period:
        raise UsageProblem(
            f"成文日期 {format_date(day)} 不在{period.label}（{format_date(period.start)}至"
            f"{format_date(period.end)}）内：报告的标题、数字和成文日期应当是同一学年"
        )
    return Scope(period, figures, stats.previous(figures.school_year), day)


def _year(stats: StatsFile, school_year: int, why: str) -> Year:
    try:
        return stats.year(school_year)
    except ReportgenError as error:
        raise type(error)(why + str(error)) from None


@dataclass(frozen=True)
class Loaded:
    """A report's figures, its scope, and the ledger they were counted from."""

    statistics: Statistics
    scope: Scope
    ledger: Ledger


def load_statistics(
    inputs: ReportInputs, kind: str = "self-inspection", given: dt.date | None = None
) -> Loaded:
    """Read, validate, follow up and compute: the figures of a report, as of its 成文日期."""
    ledger = load_ledger(inputs.ledger, inputs.profile)
    if not ledger.ok:
        raise ReportgenError(
            f"{inputs.ledger}：台账有 {len(ledger.errors)} 处错误，请先用 reportgen validate 检查并改正"
        )
    stats = load_stats(inputs.stats)
    found = scope(kind, stats, inputs.school_year, given)
    entries = inputs.register.entries() if inputs.register else []
    followups = follow_up(ledger, entries, inputs.profile, found.day)
    roster = (
        [
            payment
            for payment in load_subsidy_roster(inputs.roster, inputs.profile)
            if payment.school_year == found.figures.school_year
        ]
        if inputs.roster
        else None
    )
    sources = Sources(
        inputs.ledger.name,
        inputs.stats.name,
        inputs.register.path.name if inputs.register else "文号登记簿（未提供）",
    )
    statistics = compute(
        ledger,
        followups,
        entries,
        (found.figures, found.previous),
        inputs.profile,
        as_of=found.day,
        roster=roster,
        sources=sources,
    )
    if found.day in Period(found.figures.school_year):
        _agree(statistics, sources, found)
    return Loaded(statistics, found, ledger)


def _agree(statistics: Statistics, sources: Sources, found: Scope) -> None:
    """Refuse a report whose statistics file and ledger give different figures for one thing."""
    year, cases, day = found.figures, statistics.cases, format_date(found.day)
    pairs = []
    if year.not_back is not None and len(year.not_back) != cases.still_suspected_total:
        pairs.append(
            f"未到校（未复学）的学生：{sources.stats}（{year.school_year} 学年 not_back）列了 "
            f"{len(year.not_back)} 人，{sources.ledger}（截至{day}仍为疑似失学）为 "
            f"{cases.still_suspected_total} 人"
        )
    if year.dropouts is not None and year.dropouts != cases.dropouts:
        pairs.append(
            f"辍学学生：{sources.stats}（{year.school_year} 学年 dropouts）为 {year.dropouts} 人，"
            f"{sources.ledger}（截至{day}的辍学学生台账）为 {cases.dropouts} 人"
        )
    if pairs:
        raise FiguresDisagree(
            "统计文件和台账的数字不一致，报告未生成：\n  "
            + "\n  ".join(pairs)
            + "\n请核对后改正其中之一（reportgen stats 列出每个数字的来源）。"
        )
