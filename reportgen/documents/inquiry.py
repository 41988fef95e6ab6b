"""协查函: the county bureau asks another county's education bureau where a child really studies.

For children said to study elsewhere without a 学籍 (categories C and D by default, and only while
their status is open): the letter names the child, the place and school it is said to attend, and
asks the other bureau to confirm school, grade and 学籍 status by a reply date, on a 回函 slip to
fill in and send back. Each letter is numbered in the register with its reply date, so that
``reportgen due`` can list the letters nobody answered (seed 004's complaint).

It is laid out as a 函 (GB/T 9704 信函格式): its 文号 above the title, the 回函 named as its 附件, a named
contact, and the child's township government in 抄送. The place is written once: a school whose name
already begins with part of the place (郑州市金水区文化路第一小学 in 河南省郑州市金水区) follows the
rest of the place, not the whole of it again.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Case
from reportgen.casework.followup import FollowUp, Stage
from reportgen.documents import (
    COMMON_VARIABLES,
    GUARDIAN_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    Pool,
    Subject,
    again,
    common,
    guardian,
    student,
)
from reportgen.errors import ProfileError
from reportgen.profile import Profile
from reportgen.render.codes import slip_code


def being_verified(pool: Pool) -> list[FollowUp]:
    """Open cases of the inquiry categories without a letter yet: children said to study elsewhere.

    A letter already sent is sent again on its own day (a batch run twice gives the same files and
    numbers); with ``--reissue``, a new letter chases every reply that is overdue.
    """
    return [item for item in pool.followups if item.stage is Stage.INQUIRY and _due(item, pool)]


def _due(item: FollowUp, pool: Pool) -> bool:
    """No letter yet, the same day's letter again, or a chase for an overdue reply."""
    letter = item.inquiry
    if letter is None or letter.issued_on == pool.issued_on:
        return True
    return again(letter, pool) and item.days_overdue > 0


def _abbreviation(profile: Profile) -> str:
    return profile.inquiry.abbreviation or profile.bureau_abbreviation


def check_profile(profile: Profile) -> None:
    """The bureau must have a 文号 abbreviation for its letters."""
    if not _abbreviation(profile):
        raise ProfileError(
            "县区配置没有协查函的机关代字：请填写 inquiry.abbreviation（如 示教函）"
            "或 bureau_abbreviation"
        )


def issuer(subject: Subject) -> tuple[str, str, Path | None]:
    """The county bureau sends every letter."""
    profile = subject.profile
    return profile.bureau, _abbreviation(profile), profile.bureau_seal


def reply_by(subject: Subject) -> dt.date:
    """The day the other bureau is asked to answer by."""
    return subject.issued_on + dt.timedelta(days=subject.profile.inquiry.reply_days)


def addressee(case: Case) -> str:
    """The education bureau of the place where the child is said to study."""
    return f"{case.study_place}教育局"


_DIVISION = re.compile(r"[^省市区县州盟旗镇乡]*[省市区县州盟旗镇乡]")
"""One administrative division at the start of a name: 河南省, 郑州市, 金水区 …"""


def divisions(place: str) -> list[str]:
    """The leading divisions of a name, in order: 河南省郑州市金水区 → 河南省, 郑州市, 金水区."""
    found, position = [], 0
    while match := _DIVISION.match(place, position):
        found.append(match.group(0))
        position = match.end()
    return found


def where(place: str, school: str) -> str:
    """The school with its place in front, the place written once.

    A school named with its own city or district (郑州市金水区文化路第一小学) keeps its name whole,
    after the part of the place above that division (河南省); a school named without a place gets
    the whole place in front.
    """
    if not place or school.startswith(place):
        return school or place
    first = divisions(school)[:1]
    parts = divisions(place)
    if first and first[0] in parts:
        return "".join(parts[: parts.index(first[0])]) + school
    return place + school


def copied_to(subject: Subject) -> str:
    """The child's township government, sent a copy (抄送) of the letter."""
    case = subject.case
    assert case is not None
    township = subject.profile.township(case.township)
    return township.government if township else f"{case.township}人民政府"


def build(subject: Subject) -> dict[str, Any]:
    """The letter's variables for one child."""
    case, profile, entry = subject.case, subject.profile, subject.entry
    assert case is not None and entry is not None
    rule = profile.inquiry
    return {
        **common(subject),
        "doc_number": entry.document_number,
        "issuer": {"name": profile.bureau},
        "seal": profile.bureau_seal.as_uri() if profile.bureau_seal else None,
        "addressee": addressee(case),
        "student": student(case),
        "guardian": guardian(case),
        "study": {
            "place": case.study_place,
            "school": case.study_school,
            "where": where(case.study_place, case.study_school),
        },
        "copy_to": copied_to(subject),
        "category": case.category,
        "reply_by": reply_by(subject),
        "contact": rule.contact,
        "phone": rule.phone or profile.hotline,
        "address": rule.address,
        "slip_code": slip_code("协查回函", entry.document_number) if entry.number else None,
    }


KIND = DocumentKind(
    key="inquiry",
    title="协查函",
    template="letters/inquiry",
    variables={
        **COMMON_VARIABLES,
        "doc_number": "协查函文号，如 示教函〔2026〕5号",
        "issuer.name": "发函机关（教育局）",
        "seal": "教育局公章图片地址（没有公章图片时为空）",
        "addressee": "收函机关：现就读地 + 教育局",
        **STUDENT_VARIABLES,
        **GUARDIAN_VARIABLES,
        "study.place": "据了解的现就读地（省市县）",
        "study.school": "据了解的现就读学校",
        "study.where": "现就读地和学校，地名只写一次（如 河南省郑州市金水区文化路第一小学）",
        "copy_to": "抄送机关：学生所在乡镇人民政府（街道办事处）",
        "category": "核查类别代码",
        "reply_by": "请对方回函的截止日期",
        "contact": "联系人（县区配置）",
        "phone": "联系电话（县区配置，不填则为咨询电话）",
        "address": "回函寄送地址（县区配置）",
        "slip_code": "回函上的二维码（回函寄回后拍照，可用 reportgen register served --scan 记录回函）",
    },
    required_fields=("study_place", "study_school"),
    numbered=True,
    build=build,
    deadline=reply_by,
    recipient=addressee,
    select=being_verified,
    selection="现就读地待核实（C、D 类等，状态未办结）",
    issuer=issuer,
    check_profile=check_profile,
)
