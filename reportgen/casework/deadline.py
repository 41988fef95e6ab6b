"""Deadlines of notices: calendar days, or working days by the Chinese holiday calendar.

A period of calendar days or months whose last day is a rest day or a holiday ends on the first
working day after it, as the procedure laws count 期间 (《行政诉讼法》第八十三条 and its kin); the
short periods the laws give in working days (《行政处罚法》第八十五条: 三日、五日、七日;
《行政强制法》第六十九条: 十日以内) skip rest days and holidays altogether.

Working days follow the State Council's holiday schedule, 调休 Saturdays included, as the
chinese-calendar package publishes it. That package covers the years whose schedule has been
announced; past its last year, weekends alone are skipped and the deadline says it is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
import cn2an

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


def period_words(rule: DeadlineRule) -> str:
    """The period as a notice and a plan word it: 七日, 五个工作日."""
    days = str(cn2an.an2cn(rule.days, "low"))
    return days + ("个工作日" if rule.kind == "working" else "日")


def compute_deadline(issued: dt.date, rule: DeadlineRule) -> Deadline:
    """The deadline of a notice issued on ``issued``: ``rule.days`` days counted from the next day."""
    return days_after(issued, rule.days, working=rule.kind == "working")


def days_after(start: dt.date, days: int, *, working: bool = False) -> Deadline:
    """The last day of a period of ``days`` counted from the day after ``start``.

    Working days skip rest days and holidays; a calendar period ending on one runs to the next
    working day.
    """
    if not working:
        return _next_working(start + dt.timedelta(days=days))
    day, counted, provisional = start, 0, False
    while counted < days:
        day += dt.timedelta(days=1)
        workday, known = is_workday(day)
        provisional = provisional or not known
        counted += workday
    return Deadline(day, provisional)


def months_after(start: dt.date, months: int) -> Deadline:
    """The last day of a period of months (诉讼期六个月, 申请强制执行三个月), by the same rule."""
    return _next_working(add_months(start, months))


def _next_working(day: dt.date) -> Deadline:
    """``day``, or the first working day after it when it is a rest day or a holiday."""
    provisional = False
    while True:
        workday, known = is_workday(day)
        provisional = provisional or not known
        if workday:
            return Deadline(day, provisional)
        day += dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day so many months later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """Whether a day is a working day, and whether the holiday calendar knows its year."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False
