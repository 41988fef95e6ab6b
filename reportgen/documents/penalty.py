"""行政处罚决定书: the decision against a guardian who let a 限期复学 deadline pass, with 送达回证.

Made for the cases the follow-up finds with a notice whose deadline has passed and no return. It
states the facts with the earlier notice's 文号 and dates, the province's legal basis and penalty
as the profile words them (no fine is assumed), the right to administrative reconsideration or a
lawsuit within the legal time limits, the issuer, the date and its own 文号 from the register.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import FollowUp, Stage
from reportgen.documents import DocumentKind, Pool, Subject, again
from reportgen.documents.deadline_notice import SERVED_VARIABLES, issuer, served
from reportgen.errors import ProfileError
from reportgen.profile import Profile


def overdue_notices(pool: Pool) -> list[FollowUp]:
    """Cases whose 限期复学通知书 deadline has passed without the child's return.

    A decision already made is made again only as :func:`~reportgen.documents.again` says.
    """
    return [
        item
        for item in pool.followups
        if (item.stage is Stage.NOTICE and item.days_overdue > 0)
        or (item.penalty is not None and again(item.penalty, pool))
    ]


def check_profile(profile: Profile) -> None:
    """The decision itself is the province's to word: refuse to guess it."""
    if not profile.penalty.decision.strip():
        raise ProfileError(
            "县区配置没有填写 penalty.decision（处罚决定）：各省规定不同，"
            "请按本省规定填写后再生成行政处罚决定书"
        )


def build(subject: Subject) -> dict[str, Any]:
    """The decision's variables for one case."""
    profile, follow = subject.profile, subject.follow
    assert follow is not None and follow.notice is not None
    rule = profile.penalty
    return {
        **served(subject),
        "visits": len(follow.visits),
        "notice": {
            "title": profile.notice.title,
            "doc_number": follow.notice.document_number,
            "issued_on": follow.notice.issued_on,
            "deadline": follow.deadline,
        },
        "penalty": {
            "decision": rule.decision.strip(),
            "legal_basis": rule.legal_basis,
            "reconsideration_body": rule.reconsideration_body or f"{profile.county}人民政府",
            "court": rule.court or f"{profile.county}人民法院",
            "reconsideration_days": rule.reconsideration_days,
            "lawsuit_months": rule.lawsuit_months,
        },
    }


KIND = DocumentKind(
    key="penalty",
    title="行政处罚决定书",
    template="notices/penalty",
    variables={
        **SERVED_VARIABLES,
        "doc_number": "本决定书的文号",
        "issuer.name": "作出决定的机关（乡镇人民政府或教育局）",
        "guardian.name": "当事人（监护人）姓名",
        "address": "当事人住址（户籍地址）",
        "visits": "劝返记录的次数",
        "notice.title": "此前下达的通知书的名称（县区配置 notice.title）",
        "notice.doc_number": "此前下达的限期复学通知书文号",
        "notice.issued_on": "限期复学通知书的下达日期",
        "notice.deadline": "限期复学通知书的复学期限",
        "penalty.decision": "处罚决定（县区配置）",
        "penalty.legal_basis": "处罚依据（县区配置）",
        "penalty.reconsideration_body": "受理行政复议的机关",
        "penalty.court": "管辖行政诉讼的人民法院",
        "penalty.reconsideration_days": "申请行政复议的期限（日）",
        "penalty.lawsuit_months": "提起行政诉讼的期限（月）",
    },
    required_fields=("guardian", "school"),
    numbered=True,
    build=build,
    select=overdue_notices,
    selection="限期复学通知书期限已过、仍未复学",
    issuer=issuer,
    check_profile=check_profile,
)
