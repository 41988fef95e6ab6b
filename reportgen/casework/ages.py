"""Ages in the school year: counted at a cutoff day (31 August by default, configurable).

Seed 002 counts the children of a school year as those born from 1 September to 31 August: a child
is of an age at the cutoff, not on the day a document is written.
"""

from __future__ import annotations

import datetime as dt

SCHOOL_AGES = range(6, 16)
"""Compulsory-education age: 6 to 15 at the cutoff (义务教育法第十一条)."""
ENTRY_AGE = SCHOOL_AGES.start


def _on(year: int, month_day: str) -> dt.date:
    month, day = (int(part) for part in month_day.split("-"))
    return dt.date(year, month, day)


def age_cutoff(as_of: dt.date, month_day: str) -> dt.date:
    """The cutoff day (e.g. 08-31) of the school year that ``as_of`` falls in: the last one passed."""
    cutoff = _on(as_of.year, month_day)
    return cutoff if cutoff <= as_of else _on(as_of.year - 1, month_day)


def coming_cutoff(day: dt.date, month_day: str) -> dt.date:
    """The next cutoff on or after a day: the one that decides who starts school next autumn."""
    cutoff = _on(day.year, month_day)
    return cutoff if cutoff >= day else _on(day.year + 1, month_day)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
