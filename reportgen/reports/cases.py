"""What the ledger, the register and the persuasion records say about a school year's cases.

Counts of children come from the ledger as followed up on the report's day (``casework.measures``,
the same definitions the 三本台账 and ``due`` use); counts of what was done come from what records
it: documents from the 文号 register (issued, not voided, in the school year up to the day),
visits from the persuasion records. Nothing here is read from the ledger's 状态 column when a
record of the act exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reportgen.casework import measures
from reportgen.casework.followup import FollowUp, Stage
from reportgen.casework.register_entries import Entry
from reportgen.intake.visits import Visit
from reportgen.profile import Profile


@dataclass(frozen=True)
class Period:
    """A school year: from 1 September to 31 August, named by its autumn (2025—2026学年)."""

    school_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.school_year, 9, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.school_year + 1, 8, 31)

    @property
    def label(self) -> str:
        """2025—2026学年."""
        return f"{self.school_year}—{self.school_year + 1}学年"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class CategoryCount:
    """One category code: its cases, and for a counted one where they stand now."""

    code: str
    name: str
    counted: bool
    count: int
    still: int = 0
    """Of them, still out of school on the day (counted categories only)."""
    back: int = 0
    """Of them, back at school by the day."""
    settled: tuple[tuple[str, int], ...] = ()
    """Of them, placed or verified (送教上门, 已核实 …): how many under each status."""


@dataclass(frozen=True)
class GroupCount:
    """Cases of one township or school: in all, 核减, counted, and still out of school."""

    name: str
    total: int
    verified_out: int
    suspected: int
    still: int


@dataclass(frozen=True)
class CaseStats:
    """The suspected children and what became of them, each counted in one place."""

    total: int
    categories: list[CategoryCount]
    by_township: list[GroupCount]
    by_school: list[GroupCount]
    by_reason: list[tuple[str, int]]
    still_out: list[FollowUp]
    """The children still out of school on the day, in ledger order."""
    back_total: int
    settled_total: int
    dropouts: int
    """辍学 on the day: absent longer than the county's threshold (the 辍学学生台账)."""
    overdue: int
    notified: int
    coded_reasons: list[tuple[str, int]] = field(default_factory=list)
    """Cases by the student-registry reason codes (A2 厌学辍学 …) the ledger really holds."""

    @property
    def verified_out(self) -> list[CategoryCount]:
        """核减 categories that hold cases, in the code table's order."""
        return [c for c in self.categories if not c.counted and c.count]

    @property
    def still_suspected(self) -> list[CategoryCount]:
        """Counted categories with children still out of school."""
        return [c for c in self.categories if c.counted and c.still]

    @property
    def verified_out_total(self) -> int:
        """核减人数."""
        return sum(c.count for c in self.categories if not c.counted)

    @property
    def counted_total(self) -> int:
        """Children of categories still counted: still out, back, or placed and verified."""
        return sum(c.count for c in self.categories if c.counted)

    @property
    def still_suspected_total(self) -> int:
        """Children still out of school on the day."""
        return len(self.still_out)


def case_statistics(followups: Sequence[FollowUp], profile: Profile, as_of: dt.date) -> CaseStats:
    """The ledger's figures on a day: by category, township, school and reason."""
    by_code = Counter(item.case.category for item in followups)
    still = [item for item in followups if measures.still_out(item, profile)]
    still_by_code = Counter(item.case.category for item in still)
    back = Counter(item.case.category for item in followups if measures.back(item, profile))
    settled = Counter(
        (item.case.category, item.case.status)
        for item in followups
        if measures.settled(item, profile)
    )
    categories = [
        CategoryCount(
            item.code,
            item.name,
            item.counted,
            by_code.get(item.code, 0),
            still_by_code.get(item.code, 0),
            back.get(item.code, 0),
            tuple((status, n) for (code, status), n in settled.items() if code == item.code),
        )
        for item in profile.categories
    ]
    reasons = {item.code: f"{item.code}类（{item.name}）" for item in profile.reasons}
    cases = [item.case for item in followups]
    coded = Counter(case.reason for case in cases if case.reason in reasons)
    return CaseStats(
        total=len(followups),
        categories=categories,
        by_township=_groups(followups, profile, lambda item: item.case.township),
        by_school=_groups(followups, profile, lambda item: item.case.school or "（未填学校）"),
        by_reason=Counter(reasons.get(c.reason, c.reason) for c in cases if c.reason).most_common(),
        still_out=still,
        back_total=sum(back.values()),
        settled_total=sum(1 for item in followups if measures.settled(item, profile)),
        dropouts=sum(1 for item in followups if measures.dropped_out(item, profile, as_of)),
        overdue=sum(1 for item in followups if measures.overdue(item)),
        notified=sum(1 for item in followups if measures.notified(item)),
        coded_reasons=[(reasons[code], coded[code]) for code in reasons if coded[code]],
    )


def _groups(
    followups: Sequence[FollowUp], profile: Profile, key: Callable[[FollowUp], str]
) -> list[GroupCount]:
    grouped: dict[str, list[FollowUp]] = {}
    for item in followups:
        grouped.setdefault(key(item), []).append(item)
    return [
        GroupCount(
            name,
            len(members),
            sum(1 for item in members if not measures.counted(item.case, profile)),
            sum(1 for item in members if measures.counted(item.case, profile)),
            sum(1 for item in members if measures.still_out(item, profile)),
        )
        for name, members in grouped.items()
    ]


@dataclass(frozen=True)
class WorkDone:
    """What was done in the school year up to the day, each from what records it."""

    visits: int
    """Persuasion visits (劝返记录) in the period."""
    visited: int
    """Children those visits were about."""
    notices: int
    """限期复学通知书 issued (the register, voided ones left out)."""
    prior_notices: int
    """行政处罚事先告知书 issued."""
    penalties: int
    """行政处罚决定书 issued."""
    demands: int
    """催告书 issued."""
    applications: int
    """强制执行申请书 filed with the court."""
    inquiries: int
    """协查函 sent."""
    replies: int
    """协查函 answered, as the register records their 回函."""
    investigations: int
    """失联儿童调查报告 made."""
    back_after_notice: int
    """Children back at school after a notice."""
    by_way: tuple[tuple[str, int], ...] = ()
    """The visits by how they were made (电话, 家访 …), as the records' 方式 column says."""

    @property
    def any(self) -> bool:
        """Whether anything was recorded at all."""
        return any(
            (self.visits, self.notices, self.prior_notices, self.inquiries, self.investigations)
        )


def work_done(
    entries: Iterable[Entry],
    visits: Iterable[Visit],
    followups: Sequence[FollowUp],
    period: Period,
    as_of: dt.date,
) -> WorkDone:
    """Counts of the documents and visits of the period, up to the day."""
    within = [
        e for e in entries if e.state == "issued" and e.issued_on in period and e.issued_on <= as_of
    ]
    kinds = Counter(entry.kind for entry in within)
    seen = [visit for visit in visits if visit.on in period and visit.on <= as_of]
    letters = [entry for entry in within if entry.kind == "inquiry"]
    return WorkDone(
        visits=len(seen),
        visited=len({visit.case_key for visit in seen}),
        notices=kinds["deadline"],
        prior_notices=kinds["prior-notice"],
        penalties=kinds["penalty"],
        demands=kinds["demand"],
        applications=kinds["enforcement"],
        inquiries=len(letters),
        replies=sum(1 for entry in letters if entry.last("reply") is not None),
        investigations=kinds["investigation"],
        by_way=tuple(Counter(visit.how for visit in seen if visit.how).most_common()),
        back_after_notice=sum(
            1
            for item in followups
            if item.stage is Stage.RETURNED
            and item.notice is not None
            and item.case.returned_on is not None
            and item.case.returned_on > item.notice.issued_on
        ),
    )
