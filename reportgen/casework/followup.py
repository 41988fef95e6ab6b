"""Follow-up of open cases: where each stands in the legal chain and what is due next.

The chain is the one of domain §5 and the seeds: persuasion visits (劝返) → 限期复学通知书 → if the
deadline passes without return, 行政处罚决定书 → if that is not complied with, a 催告 and an
application to the court (申请人民法院强制执行). A case's stage comes from the 文号 register (what
was actually issued, with its dates and deadline) and from its persuasion records; the pace (first
visit, longest gap between visits, visits before a notice, time before the court) is the county's.

Everything is computed as of one day, so a list printed on Monday and one printed on Friday differ
only by what happened in between.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reportgen.casework.cases import Case, Ledger
from reportgen.casework.deadline import compute_deadline
from reportgen.casework.register import Entry, Register
from reportgen.intake.ledger import load_ledger
from reportgen.intake.text import format_date
from reportgen.intake.visits import Visit, visits_by_case
from reportgen.profile import Profile

NOTICE_KIND = "deadline"
PENALTY_KIND = "penalty"
INQUIRY_KIND = "inquiry"


class Stage(StrEnum):
    """How far a case has gone along the legal chain."""

    PERSUASION = "劝返"
    NOTICE = "已下达限期复学通知书"
    PENALTY = "已作出行政处罚决定"
    INQUIRY = "协查"
    RETURNED = "已复学"
    CLOSED = "已办结"


@dataclass(frozen=True)
class FollowUp:
    """One case as of a day: its stage, its documents, its visits and the next action due."""

    case: Case
    stage: Stage
    visits: tuple[Visit, ...] = ()
    notice: Entry | None = None
    penalty: Entry | None = None
    inquiry: Entry | None = None
    """The latest 协查函 sent about the child, if any."""
    action: str = ""
    """The next action due; empty for a case that needs none."""
    due: dt.date | None = None
    days_overdue: int = 0
    flags: tuple[str, ...] = ()
    """What the officer should notice: no visit for too long, a return date but an open status."""
    unvisited: bool = False
    """No visit for longer than the county allows between visits (or none at all)."""

    @property
    def deadline(self) -> dt.date | None:
        """The 限期复学 deadline of the notice issued, if any."""
        return self.notice.deadline if self.notice else None

    @property
    def document(self) -> Entry | None:
        """The latest document of the case's chain: decision, notice or 协查函."""
        return self.penalty or self.notice or self.inquiry

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
        """The stage as the ledger shows it, with the return measured against the deadline."""
        if self.stage is Stage.CLOSED:
            return f"{self.stage.value}（{self.case.status}）"
        if self.stage is Stage.INQUIRY:
            return "已发协查函" if self.inquiry else "待发协查函"
        if self.stage is Stage.RETURNED and self.deadline and self.case.returned_on:
            late = (self.case.returned_on - self.deadline).days
            return f"已复学（{'期限内' if late <= 0 else f'逾期 {late} 天后'}）"
        return self.stage.value


def load_follow_up(
    profile: Profile, register: Register, as_of: dt.date, ledger: Path | None = None
) -> tuple[Ledger, list[FollowUp]]:
    """Read the county's ledger (or ``ledger``) and follow every case up against the register."""
    cases = load_ledger(ledger or profile.ledger, profile, today=as_of)
    return cases, follow_up(cases, register.entries(), profile, as_of)


def follow_up(
    ledger: Ledger, entries: Iterable[Entry], profile: Profile, as_of: dt.date
) -> list[FollowUp]:
    """The follow-up of every case of the ledger as of a day, in ledger order."""
    documents = _latest(entries, profile, as_of)
    visits = visits_by_case(v for v in ledger.visits if v.on <= as_of)
    return [
        _follow(
            FollowUp(
                case,
                Stage.PERSUASION,
                tuple(visits.get(case.key, ())),
                documents.get((NOTICE_KIND, case.key)),
                documents.get((PENALTY_KIND, case.key)),
                documents.get((INQUIRY_KIND, case.key)),
            ),
            profile,
            as_of,
        )
        for case in ledger.cases
    ]


def _latest(
    entries: Iterable[Entry], profile: Profile, as_of: dt.date
) -> dict[tuple[str, str], Entry]:
    """The latest document of each kind for each case, issued by the day.

    A notice registered without its deadline (numbered before deadlines were recorded) gets the
    one the profile's rule gives for its issue date.
    """
    found: dict[tuple[str, str], Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.issued_on, e.edition)):
        if entry.issued_on <= as_of:
            found[(entry.kind, entry.case_key)] = _with_deadline(entry, profile)
    return found


def _with_deadline(entry: Entry, profile: Profile) -> Entry:
    if entry.kind != NOTICE_KIND or entry.deadline is not None:
        return entry
    deadline = compute_deadline(entry.issued_on, profile.deadline).day
    return dataclasses.replace(entry, deadline=deadline)


def _follow(base: FollowUp, profile: Profile, as_of: dt.date) -> FollowUp:
    """Where a case stands: returned, closed, or the next step of the chain from its documents."""
    case = base.case
    status = profile.status(case.status)
    still_open = status is None or status.open
    if case.returned_on is not None and case.returned_on <= as_of:
        if not still_open:
            return dataclasses.replace(base, stage=Stage.RETURNED)
        flag = f"已填复学日期 {format_date(case.returned_on)}，状态仍为“{case.status}”"
        return _action(
            base, Stage.RETURNED, "核实复学情况，更新台账状态", as_of, as_of=as_of, flags=(flag,)
        )
    if not still_open:
        return dataclasses.replace(base, stage=Stage.CLOSED)
    if case.category in profile.inquiry.categories:
        return _inquiry(base, as_of)
    return _chain(base, profile, as_of)


def _chain(base: FollowUp, profile: Profile, as_of: dt.date) -> FollowUp:
    """The next step of the legal chain, and whether the case has gone too long unvisited."""
    flags = _visit_flags(base.case, base.visits, profile, as_of)
    return dataclasses.replace(_next_step(base, profile, as_of, flags), unvisited=bool(flags))


def _next_step(
    base: FollowUp, profile: Profile, as_of: dt.date, flags: tuple[str, ...]
) -> FollowUp:
    """The next step of the legal chain, from the latest document issued."""
    notice, penalty = base.notice, base.penalty
    if penalty is not None:
        due = penalty.issued_on + dt.timedelta(days=profile.follow_up.enforcement_after_days)
        action = "仍未复学的，催告后申请人民法院强制执行"
        return _action(base, Stage.PENALTY, action, due, as_of=as_of, flags=flags)
    if notice is not None and notice.deadline is not None:
        action = (
            "期满核查是否复学"
            if as_of <= notice.deadline
            else "逾期未复学：报乡镇人民政府作出行政处罚决定"
        )
        return _action(base, Stage.NOTICE, action, notice.deadline, as_of=as_of, flags=flags)
    return _persuasion(base, profile, as_of, flags)


def _inquiry(base: FollowUp, as_of: dt.date) -> FollowUp:
    """A child said to study elsewhere: send the 协查函, wait for the reply, chase it when late."""
    letter = base.inquiry
    if letter is None or letter.deadline is None:
        return _action(base, Stage.INQUIRY, "发协查函核实就读情况", as_of, as_of=as_of, flags=())
    action = "等待协查回函" if as_of <= letter.deadline else "协查函逾期未复：发函催复或电话联系"
    return _action(base, Stage.INQUIRY, action, letter.deadline, as_of=as_of, flags=())


def _persuasion(
    base: FollowUp, profile: Profile, as_of: dt.date, flags: tuple[str, ...]
) -> FollowUp:
    """Before any notice: visit, visit again, or — after enough visits — ask for the notice."""
    rule, visits, left_on = profile.follow_up, base.visits, base.case.left_on
    if not visits:
        due = left_on + dt.timedelta(days=rule.first_visit_days) if left_on else as_of
        return _action(base, Stage.PERSUASION, "首次家访劝返", due, as_of=as_of, flags=flags)
    due = visits[-1].on + dt.timedelta(days=rule.visit_interval_days)
    if len(visits) < rule.visits_before_notice:
        return _action(base, Stage.PERSUASION, "再次家访劝返", due, as_of=as_of, flags=flags)
    action = f"已劝返 {len(visits)} 次仍未复学：报请下达限期复学通知书"
    return _action(base, Stage.PERSUASION, action, due, as_of=as_of, flags=flags)


def _visit_flags(
    case: Case, visits: Sequence[Visit], profile: Profile, as_of: dt.date
) -> tuple[str, ...]:
    """A case not visited for longer than the county allows between visits."""
    interval = profile.follow_up.visit_interval_days
    if visits:
        gap = (as_of - visits[-1].on).days
        return (f"{gap} 天未劝返",) if gap > interval else ()
    if case.left_on is not None and (as_of - case.left_on).days > interval:
        return (f"离校 {(as_of - case.left_on).days} 天，无劝返记录",)
    return () if case.left_on is not None else ("无劝返记录",)


def _action(
    base: FollowUp,
    stage: Stage,
    action: str,
    due: dt.date,
    *,
    as_of: dt.date,
    flags: tuple[str, ...],
) -> FollowUp:
    overdue = max(0, (as_of - due).days)
    return dataclasses.replace(
        base, stage=stage, action=action, due=due, days_overdue=overdue, flags=flags
    )


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
        DueGroup(*key, sorted(groups[key], key=lambda i: (-i.days_overdue, i.due, i.case.row)))
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
    if item.penalty is not None:
        where += f" {item.penalty.document_number}"
    elif item.inquiry is not None and item.inquiry.deadline is not None:
        where += f" {item.inquiry.document_number}，回函期限 {format_date(item.inquiry.deadline)}"
    elif item.notice is not None:
        deadline = f"，期限 {format_date(item.deadline)}" if item.deadline else ""
        where += f" {item.notice.document_number}{deadline}"
    elif item.visits:
        where += f" {len(item.visits)} 次，最近 {format_date(item.visits[-1].on)}"
    flags = f"　［{'；'.join(item.flags)}］" if item.flags else ""
    return f"{when}　{case.name}（第 {case.row} 行）　{where} → {item.action}{flags}"
