"""What each count means, defined once: still out of school, back, 辍学, notified, overdue.

A figure an inspector may read in several places — the 自查报告, the 工作总结, ``reportgen stats``,
the 三本台账 and ``reportgen due`` — is counted here, from the case's follow-up as of one day, so
it is the same number wherever it is printed. Each case counts in one place only: a child of a
category still counted as out of school is either still out, back at school, or placed or
verified (送教上门, 已核实); never two of them.
"""

from __future__ import annotations

import datetime as dt

from reportgen.casework.cases import Case
from reportgen.casework.followup import FollowUp, Stage
from reportgen.profile import Profile


def counted(case: Case, profile: Profile) -> bool:
    """A category the code table still counts as out of school (not 核减)."""
    category = profile.category(case.category)
    return category is not None and category.counted


def still_out(item: FollowUp, profile: Profile) -> bool:
    """Counted, and neither back at school nor placed or verified: still out of school."""
    return counted(item.case, profile) and item.stage not in (Stage.RETURNED, Stage.CLOSED)


def back(item: FollowUp, profile: Profile) -> bool:
    """Counted, and back at school by the day (its 复学日期 has come)."""
    return counted(item.case, profile) and item.stage is Stage.RETURNED


def settled(item: FollowUp, profile: Profile) -> bool:
    """Counted, and placed or verified without a return (送教上门, 已核实 …): the case is closed."""
    return counted(item.case, profile) and item.stage is Stage.CLOSED


def days_absent(item: FollowUp, profile: Profile, as_of: dt.date) -> int | None:
    """Days out of school, from 离校日期 to the return (if back by ``as_of``) or to ``as_of``.

    Only for children counted out of school and not otherwise settled: a 核减 child is at school
    elsewhere or not of this county, and a placed or verified one is no longer absent.
    """
    case = item.case
    if case.left_on is None or not counted(case, profile) or item.stage is Stage.CLOSED:
        return None
    back_on = case.returned_on if case.returned_on and case.returned_on <= as_of else as_of
    return max(0, (back_on - case.left_on).days)


def dropped_out(item: FollowUp, profile: Profile, as_of: dt.date) -> bool:
    """辍学: absent longer than the county's threshold, counted up to the return or the day."""
    return (days_absent(item, profile, as_of) or 0) > profile.absence.dropout_after_days


def notified(item: FollowUp) -> bool:
    """A 限期复学通知书 was issued for the case."""
    return item.notice is not None


def overdue(item: FollowUp) -> bool:
    """逾期未复学: the served notice's period has run and the child is not back."""
    late = item.deadline is not None and item.as_of > item.deadline
    return late and item.stage not in (Stage.RETURNED, Stage.CLOSED)
