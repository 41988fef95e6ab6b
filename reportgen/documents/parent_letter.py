"""致家长的一封信: why schooling is a legal duty, what parents must do, the support there is.

Generic (one per school, no personal data, for publicity) or personal (one per case, naming the
child and the date it stopped attending). Both end with a 回执 to tear off and return.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportgen.documents import (
    COMMON_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    Subject,
    common,
    student,
)
from reportgen.errors import ProfileError
from reportgen.render.codes import slip_code


def _subsidy(subject: Subject) -> dict[str, int] | None:
    try:
        standard = subject.profile.subsidy_standard(subject.issued_on)
    except ProfileError:  # no standard in force: the letter names none
        return None
    return {
        "primary_boarding": standard.primary_boarding,
        "primary_day": standard.primary_day,
        "junior_boarding": standard.junior_boarding,
        "junior_day": standard.junior_day,
    }


def build(subject: Subject) -> dict[str, Any]:
    """The letter's variables: personal when the subject is a case, generic for a school."""
    case, profile = subject.case, subject.profile
    school = case.school if case else subject.school
    sender = school if profile.letter_signed_by == "school" and school else profile.bureau
    return {
        **common(subject),
        "student": student(case) if case else None,
        "school": school,
        "township": case.township if case else "",
        "left_on": case.left_on if case else None,
        "subsidy": _subsidy(subject),
        "sender": sender,
        "slip_code": slip_code("回执", str(subject.entry.id)) if case and subject.entry else None,
    }


VARIABLES = {
    **COMMON_VARIABLES,
    "student": "学生（一封给全校的信时为空，可用 {% if student %} 判断）",
    **STUDENT_VARIABLES,
    "school": "学校",
    "township": "学生所在乡镇（街道）（全校通用的信为空）",
    "left_on": "离校日期（可能为空）",
    "subsidy.primary_boarding": "小学寄宿生生活补助，元/年",
    "subsidy.primary_day": "小学非寄宿生生活补助，元/年",
    "subsidy.junior_boarding": "初中寄宿生生活补助，元/年",
    "subsidy.junior_day": "初中非寄宿生生活补助，元/年",
    "sender": "署名（学校或教育局）",
    "slip_code": "回执上的二维码（家长签名后拍照，可用 reportgen register served --scan 记录回执）",
}
KIND = DocumentKind(
    key="letter",
    title="致家长的一封信",
    template="letters/letter",
    variables=VARIABLES,
    required_fields=("school",),
    numbered=False,
    build=build,
)
GENERIC = replace(
    KIND, key="letter-generic", select=lambda pool: pool.followups, selection="台账中的学校"
)
"""The same letter, one per school with no personal data (the batch gives it schools, not cases)."""
