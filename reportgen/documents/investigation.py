"""调查报告: what was done to find a child nobody can reach, for the file and the inspectors.

Seed 003 asks, for every child whose whereabouts cannot be established, an investigation report
with a detailed account and the investigators' signatures. The account is the child's persuasion
records (calls, visits, letters, with dates and results); the finding is the ledger's 备注 when it
says something, else the profile's wording. A child without any record is refused: a report that
recounts no search would be worth nothing.
"""

from __future__ import annotations

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


def lost_contact(pool: Pool) -> list[FollowUp]:
    """Every child of the investigation categories (失踪失联 by default), whatever its status."""
    codes = set(pool.profile.investigation.categories)
    return [item for item in pool.followups if item.case.category in codes]


def has_records(item: FollowUp) -> str:
    """The search must be on record before it can be reported."""
    return "" if item.visits else "没有劝返（查找）记录，无法写明调查经过；请先在“劝返记录”中登记"


def build(subject: Subject) -> dict[str, Any]:
    """The report's variables for one child."""
    case, profile, follow = subject.case, subject.profile, subject.follow
    assert case is not None and follow is not None
    category = profile.category(case.category)
    township = profile.township(case.township)
    unit = township.government if township else profile.bureau
    return {
        **common(subject),
        "student": student(case),
        "guardian": guardian(case),
        "township": case.township,
        "left_on": case.left_on,
        "category": f"{case.category}类（{category.name}）" if category else case.category,
        "visits": [
            {"on": v.on, "by": v.by, "how": v.how, "result": v.result} for v in follow.visits
        ],
        "finding": case.notes or profile.investigation.finding,
        "investigators": profile.investigation.investigators,
        "unit": unit,
    }


KIND = DocumentKind(
    key="investigation",
    title="失联儿童调查报告",
    template="reports/investigation",
    variables={
        **COMMON_VARIABLES,
        **STUDENT_VARIABLES,
        **GUARDIAN_VARIABLES,
        "township": "乡镇（街道）",
        "left_on": "离校日期（可能为空）",
        "category": "核查类别，如 G类（失踪失联）",
        "visits": "查找记录的列表，每条有 on（日期）、by（查找人）、how（方式）、result（结果）",
        "finding": "调查结论（台账备注，或县区配置的默认表述）",
        "investigators": "调查人签名栏的个数",
        "unit": "调查单位（乡镇人民政府或教育局）",
    },
    required_fields=(),
    numbered=False,
    build=build,
    select=lost_contact,
    selection="失踪失联（G 类等）",
    check_case=has_records,
)
