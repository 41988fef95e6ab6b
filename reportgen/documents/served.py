"""What every document served on a guardian shares: its issuer, its 文号 series, and its 送达回证.

The 限期复学通知书, the 行政处罚事先告知书, the 行政处罚决定书 and the 催告书 are all served on the
guardian with a 送达回证; the 强制执行申请书 goes to the court. Each is issued by the case's
township government, or by the bureau when the profile says so, and each kind may have a 文号
series of its own (``townships[].series``, ``bureau_series``: a decision is often 罚字).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportgen.documents import (
    COMMON_VARIABLES,
    GUARDIAN_VARIABLES,
    STUDENT_VARIABLES,
    Subject,
    common,
    guardian,
    student,
)
from reportgen.errors import ProfileError
from reportgen.profile import Profile
from reportgen.render.codes import slip_code

Issuer = tuple[str, str, Path | None]
"""Who issues a document: name, 文号 abbreviation (of the kind's series) and seal image."""


def issuer_for(profile: Profile, township: str, kind: str) -> Issuer:
    """The issuer of a kind for a township: its government, or the bureau when the profile says so."""
    if profile.notice_issuer == "bureau":
        name, seal = profile.bureau, profile.bureau_seal
        abbreviation = profile.bureau_series.get(kind, profile.bureau_abbreviation)
    else:
        found = profile.township(township)
        if found is None:
            raise ProfileError(f"县区配置的 townships 中没有“{township}”，无法确定发文机关和文号")
        name, seal = found.government, found.seal
        abbreviation = found.series.get(kind, found.abbreviation)
    if not abbreviation:
        raise ProfileError(f"县区配置没有给“{name}”设置发文字号的机关代字（abbreviation）")
    return name, abbreviation, seal


def issuer_of(kind: str) -> Callable[[Subject], Issuer]:
    """The issuer function of a kind, as ``DocumentKind.issuer`` takes it."""

    def issuer(subject: Subject) -> Issuer:
        assert subject.case is not None
        return issuer_for(subject.profile, subject.case.township, kind)

    return issuer


def served(subject: Subject, kind: str) -> dict[str, Any]:
    """What a document served on a guardian says: 文号, issuer and seal, guardian, child, slip code."""
    case, entry = subject.case, subject.entry
    assert case is not None and entry is not None
    name, abbreviation, seal = issuer_for(subject.profile, case.township, kind)
    number = entry.document_number
    return {
        **common(subject),
        "doc_number": number,
        "issuer": {"name": name, "abbreviation": abbreviation},
        "seal": seal.as_uri() if seal else None,
        "guardian": guardian(case),
        "student": student(case),
        "township": case.township,
        "address": case.household_address,
        "left_on": case.left_on,
        "slip_code": slip_code("送达回证", number) if number else None,
    }


SERVED_VARIABLES = {
    **COMMON_VARIABLES,
    "doc_number": "文号，如 城政控学〔2026〕3号",
    "issuer.name": "发文机关（乡镇人民政府或教育局）",
    "issuer.abbreviation": "发文机关代字（本类文书的文号系列）",
    "seal": "公章图片地址（没有公章图片时为空）",
    **GUARDIAN_VARIABLES,
    **STUDENT_VARIABLES,
    "township": "学生所在乡镇（街道）",
    "address": "户籍地址（送达地点）",
    "left_on": "离校日期（可能为空）",
    "slip_code": "送达回证上的二维码（拍照或扫描后可用 reportgen register served --scan 记录送达）",
}
"""The variables of :func:`served`."""
