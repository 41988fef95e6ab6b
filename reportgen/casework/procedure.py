"""The next step of each case, by the procedure and the county's profile (see ``followup``).

Each step reads what the register holds of the case's latest document: not yet served, the next
action is to serve it (within ``follow_up.serve_within_days``); served, the period it opened —
the 限期 of the notice, the 陈述申辩 period of the 事先告知书, the payment and challenge periods of
the 决定书, the ten days of the 催告书 — runs from that day, and the step after it is due when the
period has run. Who takes the step follows ``notice_issuer``: the township government, or the
bureau.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from reportgen.casework.deadline import compute_deadline, days_after, months_after
from reportgen.casework.followup import FollowUp, Stage
from reportgen.casework.register_entries import Entry
from reportgen.intake.text import format_date
from reportgen.profile import Profile

DAY = dt.timedelta(days=1)


def follow(base: FollowUp, profile: Profile) -> FollowUp:
    """Where a case stands: returned, closed, or the next step of its road."""
    case, as_of = base.case, base.as_of
    status = profile.status(case.status)
    still_open = status is None or status.open
    notice = base.notice
    deadline = _notice_deadline(notice, profile)
    base = dataclasses.replace(base, deadline=deadline)
    if case.returned_on is not None and case.returned_on <= as_of:
        if not still_open:
            return dataclasses.replace(base, stage=Stage.RETURNED)
        flag = f"已填复学日期 {format_date(case.returned_on)}，状态仍为“{case.status}”"
        return _action(base, Stage.RETURNED, "核实复学情况，更新台账状态", as_of, flags=(flag,))
    if not still_open:
        return dataclasses.replace(base, stage=Stage.CLOSED)
    return _road(base, profile)


def _road(base: FollowUp, profile: Profile) -> FollowUp:
    """An open case by its category: a letter, an investigation, a verification, or the law."""
    category = base.case.category
    if category in profile.inquiry.categories:
        return _inquiry(base)
    if category in profile.investigation.categories:
        return _investigation(base)
    code = profile.category(category)
    if code is not None and not code.counted:
        return _action(base, Stage.VERIFY, "核实就学情况，办结后更新台账状态", base.as_of)
    flags = _visit_flags(base, profile)
    return dataclasses.replace(_next_step(base, profile, flags), unvisited=bool(flags))


def _notice_deadline(notice: Entry | None, profile: Profile) -> dt.date | None:
    """The notice's deadline: its period counted from the day it was served."""
    if notice is None or notice.served_on is None:
        return None
    return compute_deadline(notice.served_on, profile.deadline).day


def decider(base: FollowUp, profile: Profile) -> str:
    """Who issues the case's documents: its township government, or the bureau."""
    if profile.notice_issuer == "bureau":
        return profile.bureau
    township = profile.township(base.case.township)
    return township.government if township else f"{base.case.township}人民政府"


def _next_step(base: FollowUp, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    """The step after the latest document of the legal chain (or before the first)."""
    steps = (
        (base.application, _court),
        (base.demand, _demand),
        (base.penalty, _penalty),
        (base.prior, _prior),
        (base.notice, _notice),
    )
    for entry, step in steps:
        if entry is not None:
            return step(base, entry, profile, flags)
    return _persuasion(base, profile, flags)


def _unserved(
    base: FollowUp,
    stage: Stage,
    entry: Entry,
    title: str,
    *,
    profile: Profile,
    flags: tuple[str, ...],
) -> FollowUp:
    due = entry.issued_on + dt.timedelta(days=profile.follow_up.serve_within_days)
    action = f"送达{title}，并记录送达（reportgen register served）"
    return _action(base, stage, action, due, flags=flags)


def _notice(base: FollowUp, entry: Entry, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    title = profile.notice.title
    if entry.served_on is None or base.deadline is None:
        return _unserved(base, Stage.NOTICE_UNSERVED, entry, title, profile=profile, flags=flags)
    if base.as_of <= base.deadline:
        return _action(base, Stage.NOTICE, "期满核查是否复学", base.deadline, flags=flags)
    action = f"逾期未复学：由{decider(base, profile)}下达行政处罚事先告知书"
    return _action(base, Stage.NOTICE, action, base.deadline, flags=flags)


def statement_ends(entry: Entry, profile: Profile) -> dt.date | None:
    """The last day of the guardian's 陈述、申辩 (and hearing request) after the 事先告知书."""
    if entry.served_on is None:
        return None
    rule = profile.penalty
    days = max(rule.statement_days, rule.hearing_days if rule.hearing else 0)
    return days_after(entry.served_on, days, working=True).day  # 《行政处罚法》第八十五条


def _prior(base: FollowUp, entry: Entry, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    ends = statement_ends(entry, profile)
    if ends is None:
        return _unserved(
            base, Stage.PRIOR_UNSERVED, entry, "行政处罚事先告知书", profile=profile, flags=flags
        )
    stated = entry.last("statement") is not None
    if base.as_of <= ends and not stated:
        action = f"等待当事人陈述、申辩（{format_date(ends)}前）"
        return _action(base, Stage.PRIOR, action, ends, flags=flags)
    heard = "复核当事人的陈述、申辩后，" if stated else "陈述申辩期满，"
    action = f"{heard}由{decider(base, profile)}作出行政处罚决定"
    return _action(base, Stage.PRIOR, action, ends + DAY, flags=flags)


def challenge_ends(entry: Entry, profile: Profile) -> dt.date | None:
    """The day the periods for 行政复议 and 行政诉讼 against a served decision have both run."""
    if entry.served_on is None:
        return None
    rule = profile.penalty
    reconsider = days_after(entry.served_on, rule.reconsideration_days).day
    return max(reconsider, months_after(entry.served_on, rule.lawsuit_months).day)


def _penalty(base: FollowUp, entry: Entry, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    ends = challenge_ends(entry, profile)
    if ends is None:
        return _unserved(
            base, Stage.PENALTY_UNSERVED, entry, "行政处罚决定书", profile=profile, flags=flags
        )
    rule = profile.penalty
    settled = _any(entry, ("paid", "reconsideration", "lawsuit"))
    if not rule.fine or settled:
        return dataclasses.replace(base, stage=Stage.PENALTY, flags=flags)
    assert entry.served_on is not None  # challenge_ends() gave a day
    pay_by = days_after(entry.served_on, rule.pay_days).day
    if base.as_of <= pay_by:
        action = f"罚款缴纳期限内（{format_date(pay_by)}前），期满核查是否缴纳"
        return _action(base, Stage.PENALTY, action, pay_by, flags=flags)
    action = (
        f"罚款逾期未缴：复议、诉讼期限（{format_date(ends)}）届满仍未履行、"
        "也未申请复议或起诉的，送达催告书"
    )
    return _action(base, Stage.PENALTY, action, ends + DAY, flags=flags)


def _demand(base: FollowUp, entry: Entry, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    if entry.served_on is None:
        return _unserved(base, Stage.DEMAND_UNSERVED, entry, "催告书", profile=profile, flags=flags)
    if base.penalty is not None and _any(base.penalty, ("paid",)):  # paid after the 催告
        return dataclasses.replace(base, stage=Stage.DEMAND, flags=flags)
    may_apply = court_from(entry, profile)
    assert may_apply is not None  # served
    last = application_ends(base, profile)
    tail = f"（最迟{format_date(last)}）" if last else ""
    action = f"催告期满仍未履行：向人民法院申请强制执行{tail}"
    return _action(base, Stage.DEMAND, action, may_apply, flags=flags)


def court_from(demand: Entry, profile: Profile) -> dt.date | None:
    """The first day the court may be asked: the 催告书's days run after its service.

    《行政强制法》第五十四条 counts ten days from service, working days by 第六十九条.
    """
    if demand.served_on is None:
        return None
    return days_after(demand.served_on, profile.penalty.demand_days, working=True).day + DAY


def application_ends(base: FollowUp, profile: Profile) -> dt.date | None:
    """The last day to apply to the court: the application months after the challenge periods."""
    decision = base.penalty
    ends = challenge_ends(decision, profile) if decision else None
    return months_after(ends, profile.penalty.application_months).day if ends else None


def _court(base: FollowUp, entry: Entry, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    return dataclasses.replace(base, stage=Stage.COURT, flags=flags)


def _any(entry: Entry, kinds: Sequence[str]) -> bool:
    return any(entry.last(kind) is not None for kind in kinds)


def _inquiry(base: FollowUp) -> FollowUp:
    """A child said to study elsewhere: send the 协查函, wait for the reply, chase it when late."""
    letter, as_of = base.inquiry, base.as_of
    if letter is None or letter.deadline is None:
        return _action(base, Stage.INQUIRY, "发协查函核实就读情况", as_of)
    if letter.last("reply") is not None:
        return _action(base, Stage.INQUIRY, "已收到回函：按回函核实后更新台账", as_of)
    action = "等待协查回函" if as_of <= letter.deadline else "协查函逾期未复：发函催复或电话联系"
    return _action(base, Stage.INQUIRY, action, letter.deadline)


def _investigation(base: FollowUp) -> FollowUp:
    """A lost child: the search on record goes into an 调查报告, not a notice nobody can receive."""
    if base.investigation is None:
        action = "按查找记录写失联儿童调查报告" if base.visits else "走访查找，记录查找经过"
        return _action(base, Stage.INVESTIGATION, action, base.as_of)
    return dataclasses.replace(base, stage=Stage.INVESTIGATION)


def _persuasion(base: FollowUp, profile: Profile, flags: tuple[str, ...]) -> FollowUp:
    """Before any notice: visit, visit again, or — after enough visits — ask for the notice."""
    rule, visits, left_on = profile.follow_up, base.visits, base.case.left_on
    if not visits:
        due = left_on + dt.timedelta(days=rule.first_visit_days) if left_on else base.as_of
        return _action(base, Stage.PERSUASION, "首次家访劝返", due, flags=flags)
    due = visits[-1].on + dt.timedelta(days=rule.visit_interval_days)
    if len(visits) < rule.visits_before_notice:
        return _action(base, Stage.PERSUASION, "再次家访劝返", due, flags=flags)
    who = decider(base, profile)
    action = f"已劝返 {len(visits)} 次仍未复学：报请{who}下达{profile.notice.title}"
    return _action(base, Stage.PERSUASION, action, visits[-1].on, flags=flags)


def _visit_flags(base: FollowUp, profile: Profile) -> tuple[str, ...]:
    """A case not visited for longer than the county allows between visits."""
    interval, visits, as_of = profile.follow_up.visit_interval_days, base.visits, base.as_of
    left_on = base.case.left_on
    if visits:
        gap = (as_of - visits[-1].on).days
        return (f"{gap} 天未劝返",) if gap > interval else ()
    if left_on is not None and (as_of - left_on).days > interval:
        return (f"离校 {(as_of - left_on).days} 天，无劝返记录",)
    return () if left_on is not None else ("无劝返记录",)


def _action(
    base: FollowUp,
    stage: Stage,
    action: str,
    due: dt.date,
    *,
    flags: tuple[str, ...] = (),
) -> FollowUp:
    overdue = max(0, (base.as_of - due).days)
    return dataclasses.replace(
        base, stage=stage, action=action, due=due, days_overdue=overdue, flags=flags
    )
