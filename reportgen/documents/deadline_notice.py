"""限期复学通知书: the notice to a guardian whose child has not returned, with 送达回证 and 存根.

Issued by the case's township government (or the county bureau, per the profile) once persuasion
has failed; it states the facts, the legal basis, the deadline counted by the profile's rule and
the consequences, and carries a 文号 from the register.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.casework.deadline import compute_deadline
from reportgen.casework.followup import FollowUp
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
    still_out,
    student,
)
from reportgen.errors import ProfileError
from reportgen.profile import Profile


def not_yet_notified(pool: Pool) -> list[FollowUp]:
    """Cases still out of school without a notice yet; one issued is made again as ``again`` says."""
    return [item for item in still_out(pool) if item.notice is None or again(item.notice, pool)]


def issuer(subject: Subject) -> tuple[str, str, Path | None]:
    """Who issues a case's notice: name, 文号 abbreviation and seal image."""
    assert subject.case is not None
    return issuer_for(subject.profile, subject.case.township)


def issuer_for(profile: Profile, township: str) -> tuple[str, str, Path | None]:
    """The notice issuer for a township: its government, or the bureau when the profile says so."""
    if profile.notice_issuer == "bureau":
        name, abbreviation, seal = profile.bureau, profile.bureau_abbreviation, profile.bureau_seal
    else:
        found = profile.township(township)
        if found is None:
            raise ProfileError(f"县区配置的 townships 中没有“{township}”，无法确定发文机关和文号")
        name, abbreviation, seal = found.government, found.abbreviation, found.seal
    if not abbreviation:
        raise ProfileError(f"县区配置没有给“{name}”设置发文字号的机关代字（abbreviation）")
    return name, abbreviation, seal


def served(subject: Subject) -> dict[str, Any]:
    """What every document served on a guardian says: 文号, issuer and seal, guardian, child."""
    case, entry = subject.case, subject.entry
    assert case is not None and entry is not None
    name, abbreviation, seal = issuer(subject)
    return {
        **common(subject),
        "doc_number": entry.document_number,
        "issuer": {"name": name, "abbreviation": abbreviation},
        "seal": seal.as_uri() if seal else None,
        "guardian": guardian(case),
        "student": student(case),
        "township": case.township,
        "address": case.household_address,
        "left_on": case.left_on,
    }


SERVED_VARIABLES = {
    **COMMON_VARIABLES,
    "doc_number": "文号，如 城政控学〔2026〕3号",
    "issuer.name": "发文机关（乡镇人民政府或教育局）",
    "issuer.abbreviation": "发文机关代字",
    "seal": "公章图片地址（没有公章图片时为空）",
    **GUARDIAN_VARIABLES,
    **STUDENT_VARIABLES,
    "township": "学生所在乡镇（街道）",
    "address": "户籍地址（送达地点）",
    "left_on": "离校日期（可能为空）",
}
"""The variables of :func:`served`."""


def build(subject: Subject) -> dict[str, Any]:
    """The notice's variables for one case."""
    case, profile = subject.case, subject.profile
    assert case is not None
    deadline = compute_deadline(subject.issued_on, profile.deadline)
    return {
        **served(subject),
        "officer": case.officer,
        "legal_basis": profile.legal_basis,
        "consequences": profile.notice_consequences,
        "deadline": {
            "day": deadline.day,
            "days": profile.deadline.days,
            "working": profile.deadline.kind == "working",
            "note": deadline.note,
        },
    }


KIND = DocumentKind(
    key="deadline",
    title="限期复学通知书",
    template="notices/deadline",
    variables={
        **SERVED_VARIABLES,
        "officer": "劝返责任人",
        "legal_basis": "法律依据（县区配置）",
        "consequences": "逾期后果（县区配置）",
        "deadline.day": "复学期限的最后一天",
        "deadline.days": "期限天数",
        "deadline.working": "是否按工作日计算",
        "deadline.note": "期限说明（节假日安排未收录时提示核对，否则为空）",
    },
    required_fields=("guardian", "school"),
    numbered=True,
    build=build,
    deadline=lambda subject: compute_deadline(subject.issued_on, subject.profile.deadline).day,
    issuer=issuer,
    select=not_yet_notified,
    selection="仍计为失学、状态未办结、尚未下达通知书",
)
