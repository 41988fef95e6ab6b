"""Follow-up of open cases: where each stands in the legal procedure and what is due next.

The procedure is the one of domain §5: persuasion visits (劝返) → 限期复学通知书 → 行政处罚事先告知书
(the right to 陈述、申辩, and to a hearing where the penalty allows one) → 行政处罚决定书 → when a
fine is neither paid nor challenged within the periods of law, a 催告书 → an application to the
court for enforcement (申请人民法院强制执行). A case's stage comes from what the register holds —
the documents issued and, for each, its recorded service (送达), the guardian's statement, payment
or challenge — and from the persuasion records; every period runs from the day of service, never
from the day a document was written. Children not counted as out of school take other roads: a
child said to study elsewhere the 协查函, a lost child the 调查报告, any other the verification.

Everything is computed as of one day, so a list printed on Monday and one printed on Friday differ
only by what happened in between.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportgen.casework.cases import Case, Ledger
from reportgen.casework.register import Register
from reportgen.casework.register_entries import Entry
from reportgen.intake.ledger import load_ledger
from reportgen.intake.text import format_date
from reportgen.intake.visits import Visit, visits_by_case
from reportgen.profile import Profile

NOTICE_KIND, PRIOR_KIND, PENALTY_KIND = "deadline", "prior-notice", "penalty"
DEMAND_KIND, COURT_KIND = "demand", "enforcement"
INQUIRY_KIND, INVESTIGATION_KIND = "inquiry", "investigation"
FOLLOWED = (
    NOTICE_KIND,
    PRIOR_KIND,
    PENALTY_KIND,
    DEMAND_KIND,
    COURT_KIND,
    INQUIRY_KIND,
    INVESTIGATION_KIND,
)
"""The kinds whose documents move a case along."""


class Stage(StrEnum):
    """How far a case has gone."""

    PERSUASION = "劝返"
    NOTICE_UNSERVED = "限期复学通知书待送达"
    NOTICE = "已送达限期复学通知书"
    PRIOR_UNSERVED = "行政处罚事先告知书待送达"
    PRIOR = "已送达行政处罚事先告知书"
    PENALTY_UNSERVED = "行政处罚决定书待送达"
    PENALTY = "已送达行政处罚决定书"
    DEMAND_UNSERVED = "催告书待送达"
    DEMAND = "已送达催告书"
    COURT = "已申请人民法院强制执行"
    INQUIRY = "协查"
    INVESTIGATION = "失联调查"
    VERIFY = "核查"
    RETURNED = "已复学"
    CLOSED = "已办结"


UNSERVED = {
    Stage.NOTICE_UNSERVED: NOTICE_KIND,
    Stage.PRIOR_UNSERVED: PRIOR_KIND,
    Stage.PENALTY_UNSERVED: PENALTY_KIND,
    Stage.DEMAND_UNSERVED: DEMAND_KIND,
}
"""The stages of a document issued but not yet served, and its kind."""


@dataclass(frozen=True)
class FollowUp:
    """One case as of a day: its stage, its documents, its visits and the next action due."""

    case: Case
    stage: Stage
    visits: tuple[Visit, ...] = ()
    documents: dict[str, Entry] = field(default_factory=dict)
    """The latest issued document of each kind, as the register holds it on the day."""
    action: str = ""
    """The next action due; empty for a case that needs none."""
    due: dt.date | None = None
    days_overdue: int = 0
    flags: tuple[str, ...] = ()
    """What the officer should notice: no visit for too long, a return date but an open status."""
    unvisited: bool = False
    """No visit for longer than the county allows between visits (or none at all)."""
    deadline: dt.date | None = None
    """The 限期复学 deadline, counted from the notice's service; None before it is served."""
    as_of: dt.date = dt.date.min

    @property
    def notice(self) -> Entry | None:
        """The 限期复学通知书 issued, if any."""
        return self.documents.get(NOTICE_KIND)

    @property
    def prior(self) -> Entry | None:
        """The 行政处罚事先告知书 issued, if any."""
        return self.documents.get(PRIOR_KIND)

    @property
    def penalty(self) -> Entry | None:
        """The 行政处罚决定书 issued, if any."""
        return self.documents.get(PENALTY_KIND)

    @property
    def demand(self) -> Entry | None:
        """The 催告书 issued, if any."""
        return self.documents.get(DEMAND_KIND)

    @property
    def application(self) -> Entry | None:
        """The 强制执行申请书 filed, if any."""
        return self.documents.get(COURT_KIND)

    @property
    def inquiry(self) -> Entry | None:
        """The latest 协查函 sent about the child, if any."""
        return self.documents.get(INQUIRY_KIND)

    @property
    def investigation(self) -> Entry | None:
        """The 调查报告 on a lost child, if any."""
        return self.documents.get(INVESTIGATION_KIND)

    @property
    def document(self) -> Entry | None:
        """The latest document of the case's road: the court's, back to the notice; or a letter."""
        for kind in (COURT_KIND, DEMAND_KIND, PENALTY_KIND, PRIOR_KIND, NOTICE_KIND):
            if kind in self.documents:
                return self.documents[kind]
        return self.inquiry or self.investigation

    @property
    def last_visit(self) -> dt.date | None:
        """The day of the latest persuasion visit."""
        return self.visits[-1].on if self.visits else None

    @property
    def is_due(self) -> bool:
        """Whether the case needs an action."""
        return bool(self.action)

    @property
    def stage_label(self) -> str:
        """The stage as the ledger shows it, with the days a document has waited for service."""
        if self.stage is Stage.CLOSED:
            return f"{self.stage.value}（{self.case.status}）"
        if self.stage is Stage.INQUIRY:
            return "已发协查函" if self.inquiry else "待发协查函"
        if self.stage in UNSERVED:
            entry = self.documents[UNSERVED[self.stage]]
            return f"{self.stage.value}（已下达 {(self.as_of - entry.issued_on).days} 天）"
        if self.stage is Stage.RETURNED and self.deadline and self.case.returned_on:
            late = (self.case.returned_on - self.deadline).days
            return f"已复学（{'期限内' if late <= 0 else f'逾期 {late} 天后'}）"
        return self.stage.value


def load_follow_up(
    profile: Profile, register: Register, as_of: dt.date, ledger: Path | None = None
) -> tuple[Ledger, list[FollowUp]]:
    """Read the county's ledger (or ``ledger``) and follow every case up against the register."""
    cases = load_ledger(ledger or profile.ledger, profile, today=max(as_of, dt.date.today()))
    return cases, follow_up(cases, register.entries(), profile, as_of)


def follow_up(
    ledger: Ledger, entries: Iterable[Entry], profile: Profile, as_of: dt.date
) -> list[FollowUp]:
    """The follow-up of every case of the ledger as of a day, in ledger order."""
    from reportgen.casework.procedure import follow

    documents = _latest(entries, as_of)
    visits = visits_by_case(v for v in ledger.visits if v.on <= as_of)
    return [
        follow(
            FollowUp(
                case,
                Stage.PERSUASION,
                tuple(visits.get(case.key, ())),
                {
                    kind: documents[(kind, case.key)]
                    for kind in FOLLOWED
                    if (kind, case.key) in documents
                },
                as_of=as_of,
            ),
            profile,
        )
        for case in ledger.cases
    ]


def _latest(entries: Iterable[Entry], as_of: dt.date) -> dict[tuple[str, str], Entry]:
    """The latest issued document of each kind for each case by the day, with its events by then."""
    found: dict[tuple[str, str], Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.issued_on, e.edition)):
        if entry.state == "issued" and entry.issued_on <= as_of:
            events = tuple(event for event in entry.events if event.on <= as_of)
            found[(entry.kind, entry.case_key)] = dataclasses.replace(entry, events=events)
    return found


@dataclass(frozen=True)
class DueGroup:
    """The cases one officer of one township has to act on."""

    township: str
    officer: str
    items: list[FollowUp]

    @property
    def overdue(self) -> int:
        """How many of the group's actions are overdue."""
        return sum(1 for item in self.items if item.days_overdue)


def due_list(
    followups: Iterable[FollowUp],
    profile: Profile,
    township: str | None = None,
    officer: str | None = None,
) -> list[DueGroup]:
    """What is due, by township (in the profile's order) and officer, overdue first in each."""
    groups: dict[tuple[str, str], list[FollowUp]] = {}
    for item in followups:
        case = item.case
        if not item.is_due or township not in (None, case.township):
            continue
        if officer not in (None, case.officer):
            continue
        groups.setdefault((case.township, case.officer), []).append(item)
    order = {t.name: index for index, t in enumerate(profile.townships)}
    keys = sorted(groups, key=lambda key: (order.get(key[0], len(order)), key))
    return [
        DueGroup(
            *key,
            sorted(groups[key], key=lambda i: (-i.days_overdue, i.due or dt.date.max, i.case.row)),
        )
        for key in keys
    ]


def describe(item: FollowUp) -> str:
    """One line of the due list: how late, who, where the case stands, what to do."""
    case = item.case
    when = (
        f"逾期 {item.days_overdue} 天"
        if item.days_overdue
        else f"{format_date(item.due)}前"
        if item.due
        else ""
    )
    where = item.stage_label
    document = item.document
    if document is not None and document.number:
        where += f" {document.document_number}"
        if document.kind == INQUIRY_KIND and document.deadline is not None:
            where += f"，回函期限 {format_date(document.deadline)}"
        elif document.kind == NOTICE_KIND and item.deadline:
            where += f"，期限 {format_date(item.deadline)}"
    elif item.visits:
        where += f" {len(item.visits)} 次，最近 {format_date(item.visits[-1].on)}"
    flags = f"　［{'；'.join(item.flags)}］" if item.flags else ""
    return f"{when}　{case.name}（第 {case.row} 行）　{where} → {item.action}{flags}"
