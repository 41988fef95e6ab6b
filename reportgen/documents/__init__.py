"""Document kinds: what each document says, built from one case (or one school) and the profile.

Each kind names its templates, the variables it gives them (with a line of description each, which
``reportgen templates vars`` prints and ``templates check`` checks against), the ledger fields it
cannot do without, whether it takes a 文号 from the register, and the function that builds its
context. The batch and the template tools know kinds only through this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Case, Ledger
from reportgen.casework.followup import FollowUp
from reportgen.casework.register_entries import Entry
from reportgen.errors import UsageProblem
from reportgen.profile import Profile


@dataclass(frozen=True)
class Subject:
    """What one document is about: a case, or for a generic letter a school."""

    profile: Profile
    issued_on: dt.date
    case: Case | None = None
    school: str = ""
    entry: Entry | None = None
    follow: FollowUp | None = None
    """The case's follow-up as of the issue date: its visits and the documents issued before."""
    records: tuple[Any, ...] = ()
    """The case's rows in a file other than the ledger, for kinds made from one (payments)."""


@dataclass(frozen=True)
class Pool:
    """What a batch chooses its cases from: every valid case, followed up as of the issue date."""

    profile: Profile
    followups: list[FollowUp]
    issued_on: dt.date
    reissue: bool = False
    """The batch gives new 文号: a second letter to chase, a decision issued again."""


def still_out(pool: Pool) -> list[FollowUp]:
    """Cases still counted as out of school (code table) whose status is not closed."""
    chosen = []
    for item in pool.followups:
        category = pool.profile.category(item.case.category)
        status = pool.profile.status(item.case.status)
        if category and category.counted and status and status.open:
            chosen.append(item)
    return chosen


@dataclass(frozen=True)
class LeftOut:
    """Rows of a roster that a kind's selection leaves out, for one reason."""

    reason: str
    rows: tuple[int, ...]

    def __str__(self) -> str:
        shown = "、".join(str(row) for row in self.rows[:10])
        more = "等" if len(self.rows) > 10 else ""
        return f"{len(self.rows)} 人{self.reason}（第 {shown}{more} 行）"


Loader = Callable[[Path, Profile, dt.date, str | None], tuple[Ledger, dict[str, tuple[Any, ...]]]]
"""Reads a roster (path, profile, today, sheet): its people as a ledger, and each one's rows."""


def again(issued: Entry, pool: Pool) -> bool:
    """Whether a document already issued is made again: on its own day, or when reissuing.

    A batch run twice on the same day gives the same files and numbers; on a later day a document
    once issued is not issued again unless the officer asks for new numbers.
    """
    return pool.reissue or issued.issued_on == pool.issued_on


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document reportgen makes."""

    key: str
    title: str
    template: str
    """Template path without extension: ``.html`` and ``.docx`` beside each other."""
    variables: Mapping[str, str]
    required_fields: tuple[str, ...]
    numbered: bool
    build: Callable[[Subject], dict[str, Any]]
    deadline: Callable[[Subject], dt.date] | None = None
    """The day the recipient must act by, which the register records for follow-up."""
    recipient: Callable[[Case], str] = lambda case: case.guardian
    """To whom a numbered kind is addressed, as the register records it (受送达人 or 收函机关)."""
    select: Callable[[Pool], list[FollowUp]] = still_out
    """The cases the kind is made for when no one says otherwise."""
    selection: str = "仍计为失学、状态未办结"
    """That default selection in words, for the message when nothing is selected."""
    issuer: Callable[[Subject], tuple[str, str, Path | None]] | None = None
    """Who issues a numbered kind: name, 文号 abbreviation, seal image."""
    check_case: Callable[[FollowUp], str] | None = None
    """What a case lacks beyond its fields (e.g. persuasion records), or "" when it has all."""
    load: Loader | None = None
    """Reads a file other than the case ledger (a roster): its people as cases, with their rows."""
    check_profile: Callable[[Profile], None] | None = None
    """Refuses, before anything is numbered or written, a profile lacking what the kind needs."""
    left_out: Callable[[Pool], list[LeftOut]] | None = None
    """Why the cases of a roster its selection does not choose are left out, by reason."""
    named: Callable[[Profile], str] | None = None
    """The title as the county's profile names the kind, where provinces name it differently."""

    def title_for(self, profile: Profile) -> str:
        """The kind's title in this county: the profile's name for it, or the usual one."""
        return self.named(profile) if self.named else self.title


def kinds() -> dict[str, DocumentKind]:
    """Every document kind by its key."""
    from reportgen.documents import (
        deadline_notice,
        demand,
        enforcement,
        enrolment,
        home_teaching,
        inquiry,
        investigation,
        parent_letter,
        penalty,
        prior_notice,
        subsidy,
    )

    every = (
        deadline_notice.KIND,
        parent_letter.KIND,
        parent_letter.GENERIC,
        prior_notice.KIND,
        penalty.KIND,
        demand.KIND,
        enforcement.KIND,
        inquiry.KIND,
        investigation.KIND,
        home_teaching.KIND,
        subsidy.KIND,
        enrolment.KIND,
    )
    return {kind.key: kind for kind in every}


def kind_of(key: str) -> DocumentKind:
    """A document kind by key, or an error listing the kinds."""
    known = kinds()
    if key not in known:
        raise UsageProblem(f"不认识的文书种类 {key}；可用：{'、'.join(known)}")
    return known[key]


def grade_name(grade: int | None) -> str:
    """一年级 … 九年级 for a grade number; empty when unknown."""
    return f"{'一二三四五六七八九'[grade - 1]}年级" if grade and 1 <= grade <= 9 else ""


def student(case: Case) -> dict[str, Any]:
    """The student as templates show it, with what official records identify a child by."""
    return {
        "name": case.name,
        "gender": case.gender,
        "school": case.school,
        "grade": grade_name(case.grade),
        "class_name": case.class_name,
        "id_number": case.id_number,
        "birth_date": case.birth_date,
        "address": case.household_address,
    }


def guardian(case: Case) -> dict[str, str]:
    """The guardian as templates show it."""
    return {
        "name": case.guardian,
        "relation": case.relation,
        "phone": case.phone,
        "id_number": case.guardian_id,
    }


COMMON_VARIABLES = {
    "county": "县（区）名称",
    "bureau": "教育局全称",
    "hotline": "咨询电话（可能为空）",
    "issued_on": "成文日期（日期，用 |cn_date 显示为 2024年5月1日）",
}
STUDENT_VARIABLES = {
    "student.name": "学生姓名",
    "student.gender": "学生性别",
    "student.school": "学校",
    "student.grade": "年级，如 三年级",
    "student.class_name": "班级，如 2班",
    "student.id_number": "身份证号",
    "student.birth_date": "出生日期（可能为空）",
    "student.address": "户籍地址（可能为空）",
}
GUARDIAN_VARIABLES = {
    "guardian.name": "监护人姓名",
    "guardian.relation": "监护人与学生的关系（可能为空）",
    "guardian.phone": "监护人电话",
    "guardian.id_number": "监护人身份证号（可能为空；处罚程序的文书必填）",
}


def common(subject: Subject) -> dict[str, Any]:
    """Variables every document has."""
    profile = subject.profile
    return {
        "county": profile.county,
        "bureau": profile.bureau,
        "hotline": profile.hotline,
        "issued_on": subject.issued_on,
    }
