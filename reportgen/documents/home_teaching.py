"""送教上门: the term plan for a child taught at home, and a visit record sheet for each month.

For children who cannot attend school (category I by default) whose status says home teaching has
been arranged. Seed 003 asks for a plan with a named teacher, teaching twice a month with at least
two class hours each time, and a record of every visit signed by the teacher and a parent, kept
month by month: the plan states the county's pace and subjects, and each month of the term gets a
blank sheet with one line per visit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.casework.followup import FollowUp
from reportgen.documents import (
    COMMON_VARIABLES,
    GUARDIAN_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    Pool,
    Subject,
    common,
    guardian,
    student,
)


def placed_at_home(pool: Pool) -> list[FollowUp]:
    """Children of the home-teaching categories whose status says they are taught at home."""
    rule = pool.profile.home_teaching
    return [
        item
        for item in pool.followups
        if item.case.category in rule.categories and item.case.status == rule.status
    ]


def school_term(day: dt.date) -> tuple[str, list[tuple[int, int]]]:
    """The term a day falls in, and its months: autumn September–January, spring March–July."""
    if day.month >= 8 or day.month == 1:
        first = day.year if day.month >= 8 else day.year - 1
        months = [(first, month) for month in (9, 10, 11, 12)] + [(first + 1, 1)]
        return f"{first}—{first + 1}学年第一学期", months
    return f"{day.year - 1}—{day.year}学年第二学期", [(day.year, m) for m in (3, 4, 5, 6, 7)]


def build(subject: Subject) -> dict[str, Any]:
    """The plan's and the record sheets' variables for one child."""
    case, profile = subject.case, subject.profile
    assert case is not None
    rule = profile.home_teaching
    term, months = school_term(subject.issued_on)
    category = profile.category(case.category)
    return {
        **common(subject),
        "student": student(case),
        "guardian": guardian(case),
        "condition": category.name if category else "",
        "teacher": case.teacher,
        "term": term,
        "months": [f"{year}年{month}月" for year, month in months],
        "visits_per_month": rule.visits_per_month,
        "hours_per_visit": rule.hours_per_visit,
        "subjects": rule.subjects,
    }


KIND = DocumentKind(
    key="home-teaching",
    title="送教上门计划及记录",
    template="letters/home-teaching",
    variables={
        **COMMON_VARIABLES,
        **STUDENT_VARIABLES,
        "student.address": "家庭住址（户籍地址）",
        **GUARDIAN_VARIABLES,
        "condition": "送教原因（类别名称，如 因病因残）",
        "teacher": "送教教师",
        "term": "学期，如 2026—2027学年第一学期",
        "months": "本学期各月，如 2026年9月",
        "visits_per_month": "每月送教次数",
        "hours_per_visit": "每次不少于的课时数",
        "subjects": "送教内容（科目）列表",
    },
    required_fields=("teacher", "school"),
    numbered=False,
    build=build,
    select=placed_at_home,
    selection="因病因残、状态为送教上门",
)
