"""入学通知书: tells the family of every child reaching school age that it must start school.

Made from a roster of school-age children (a sheet or file of its own, read and checked like a
ledger by the roster's own layout, needing name, ID number, guardian and the school assigned
rather than a category and a status). The default selection is the children who are six at the coming cutoff (31 August by
default): those who start school this autumn. The notice names the school assigned, the date and
place to register, what to bring, and the guardian's duty under 义务教育法第十一条.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportgen.casework.ages import ENTRY_AGE, age_on, coming_cutoff
from reportgen.casework.cases import Ledger
from reportgen.casework.followup import FollowUp
from reportgen.documents import (
    COMMON_VARIABLES,
    GUARDIAN_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    LeftOut,
    Pool,
    Subject,
    common,
    guardian,
    student,
)
from reportgen.errors import ProfileError
from reportgen.intake import rosters
from reportgen.intake.fields import ROSTERS
from reportgen.intake.text import format_date
from reportgen.profile import Profile


def load_roster(
    path: Path, profile: Profile, today: dt.date, sheet: str | None
) -> tuple[Ledger, dict[str, tuple[Any, ...]]]:
    """The roster (a file, or a sheet of the ledger workbook), read and checked like a ledger.

    Its fields and required fields are the roster's own (``reportgen fields --roster enrolment``):
    a child not yet at school has no category or status.
    """
    return rosters.load_roster(path, profile, ROSTERS["enrolment"], sheet, today).ledger(), {}


def starting_school(pool: Pool) -> list[FollowUp]:
    """Children six years old at the coming cutoff: they start school this autumn."""
    cutoff = coming_cutoff(pool.issued_on, pool.profile.age_cutoff)
    return [
        item
        for item in pool.followups
        if item.case.birth_date and age_on(item.case.birth_date, cutoff) == ENTRY_AGE
    ]


def left_out(pool: Pool) -> list[LeftOut]:
    """The children of the roster who do not start school this autumn, and why."""
    cutoff = coming_cutoff(pool.issued_on, pool.profile.age_cutoff)
    day = format_date(cutoff)
    reasons = {
        "younger": f"到{day}未满六周岁，明年再入学",
        "older": f"到{day}已满七周岁，应已入学；如还没有上学，请列入台账核查",
        "unborn": "没有出生日期，无法计算年龄",
    }
    rows: dict[str, list[int]] = {key: [] for key in reasons}
    for item in pool.followups:
        birth = item.case.birth_date
        age = age_on(birth, cutoff) if birth else None
        if age != ENTRY_AGE:
            key = "unborn" if age is None else "younger" if age < ENTRY_AGE else "older"
            rows[key].append(item.case.row)
    return [LeftOut(reasons[key], tuple(found)) for key, found in rows.items() if found]


def check_profile(profile: Profile) -> None:
    """The registration dates change every year and cannot be guessed."""
    if profile.enrolment.registration_start is None:
        raise ProfileError(
            "县区配置没有填写 enrolment.registration_start（新生报名日期），无法生成入学通知书"
        )


def build(subject: Subject) -> dict[str, Any]:
    """The notice's variables for one child."""
    case, profile = subject.case, subject.profile
    assert case is not None
    rule = profile.enrolment
    cutoff = coming_cutoff(subject.issued_on, profile.age_cutoff)
    return {
        **common(subject),
        "student": student(case),
        "guardian": guardian(case),
        "cutoff": cutoff,
        "six_by_issue": case.birth_date is not None
        and age_on(case.birth_date, subject.issued_on) >= ENTRY_AGE,
        "year": cutoff.year,
        "school": case.school,
        "registration": {
            "start": rule.registration_start,
            "end": rule.registration_end,
            "place": rule.place or case.school,
            "materials": rule.materials,
        },
    }


KIND = DocumentKind(
    key="enrolment",
    title="入学通知书",
    template="letters/enrolment",
    variables={
        **COMMON_VARIABLES,
        **STUDENT_VARIABLES,
        **GUARDIAN_VARIABLES,
        "cutoff": "计算入学年龄的截止日，如 2026年8月31日",
        "six_by_issue": "成文之日是否已满六周岁（否则写“到截止日将满六周岁”）",
        "year": "入学年份（秋季）",
        "school": "分配（划片）的学校",
        "registration.start": "报名开始日期（县区配置）",
        "registration.end": "报名结束日期（可能为空）",
        "registration.place": "报名地点（县区配置，不填则为分配的学校）",
        "registration.materials": "需携带的材料列表（县区配置）",
    },
    required_fields=("guardian", "school"),
    numbered=False,
    build=build,
    select=starting_school,
    selection="今年满六周岁、秋季入学的儿童",
    load=load_roster,
    check_profile=check_profile,
    left_out=left_out,
)
