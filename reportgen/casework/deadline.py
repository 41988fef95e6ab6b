"""Deadlines of notices: calendar days, or working days by the Chinese holiday calendar.

Working days follow the State Council's holiday schedule, 调休 Saturdays included, as the
chinese-calendar package publishes it. That package covers the years whose schedule has been
announced; past its last year, weekends alone are skipped and the deadline says it is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from reportgen.rules import DeadlineRule


@dataclass(frozen=True)
class Deadline:
    """The last day to comply, and whether the holiday calendar covered every day counted."""

    day: dt.date
    provisional: bool = False

    @property
    def note(self) -> str:
        """What to tell the officer when the deadline may move once the holidays are announced."""
        if not self.provisional:
            return ""
        return f"{self.day.year} 年节假日安排尚未收录，期限暂按周六、周日休息计算，请核对"


def compute_deadline(issued: dt.date, rule: DeadlineRule) -> Deadline:
    """The deadline of a notice issued on ``issued``: ``rule.days`` days counted from the next day."""
    if rule.kind == "calendar":
        return Deadline(issued + dt.timedelta(days=rule.days))
    day, counted, provisional = issued, 0, False
    while counted < rule.days:
        day += dt.timedelta(days=1)
        workday, known = is_workday(day)
        provisional = provisional or not known
        counted += workday
    return Deadline(day, provisional)


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """Whether a day is a working day, and whether the holiday calendar knows its year."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False
