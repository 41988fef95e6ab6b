"""调查报告: what was done to find a child nobody can reach, for the file and the inspectors.

Seed 003 asks, for every child whose whereabouts cannot be established, an investigation report
with a detailed account and the investigators' signatures. The account is the child's persuasion
records, grouped by the kind of check the 方式 column names (calls, home visits, the 村委会, the
派出所, letters sent: ``intake.visits.WAYS``), each with its date, who made it and what came of
it; the finding is the ledger's 备注 when it says something, else the profile's wording. Each
investigator signs and dates the report: those on record are named, and blank lines make up the
number the profile asks for. A child without any record is refused: a report that recounts no
search would be worth nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from reportgen.intake.visits import WAY_NAMES, Visit


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
        "visits": [_record(v) for v in follow.visits],
        "checks": checks(follow.visits),
        "finding": case.notes or profile.investigation.finding,
        "investigators": investigators(follow.visits, profile.investigation.investigators),
        "unit": unit,
    }


def _record(visit: Visit) -> dict[str, Any]:
    return {"on": visit.on, "by": visit.by, "how": visit.how, "result": visit.result}


def checks(visits: Sequence[Visit]) -> list[dict[str, Any]]:
    """The records grouped by kind of check, the known kinds first in their order, each by date."""
    kinds = sorted(
        {visit.how for visit in visits},
        key=lambda how: (WAY_NAMES.index(how) if how in WAY_NAMES else len(WAY_NAMES), how),
    )
    return [{"way": how, "visits": [_record(v) for v in visits if v.how == how]} for how in kinds]


def investigators(visits: Sequence[Visit], least: int) -> list[str]:
    """Who signs: everyone the records name, in the order they first searched, and blank names
    up to the number the profile asks for."""
    named = list(dict.fromkeys(visit.by for visit in visits if visit.by))
    return named + [""] * max(0, least - len(named))


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
        "checks": "按方式分组的查找记录，每组有 way（电话、家访、村委会、派出所、去函……）和 visits",
        "finding": "调查结论（台账备注，或县区配置的默认表述）",
        "investigators": "调查人姓名的列表（劝返记录中的查找人，不足县区配置的人数时补空白）",
        "unit": "调查单位（乡镇人民政府或教育局）",
    },
    required_fields=(),
    numbered=False,
    build=build,
    select=lost_contact,
    selection="失踪失联（G 类等）",
    check_case=has_records,
)
