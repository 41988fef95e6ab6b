"""限期复学通知书: the notice to a guardian whose child has not returned, with 送达回证 and 存根.

Issued by the case's township government (or the county bureau, per the profile) once persuasion
has failed; it states the facts, the legal basis, the deadline counted by the profile's rule and
the consequences, and carries a 文号 from the register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.casework.deadline import compute_deadline, period_words
from reportgen.casework.followup import NOTICE_KIND, FollowUp, Stage
from reportgen.documents import DocumentKind, Pool, Subject, again, still_out
from reportgen.documents.served import SERVED_VARIABLES, issuer_of, served
from reportgen.intake.text import format_date
from reportgen.wording import fill


def not_yet_notified(pool: Pool) -> list[FollowUp]:
    """Cases still out whose persuasion failed: enough visits, and no notice yet.

    No notice goes out before ``follow_up.visits_before_notice`` visits are on record; one issued
    is made again as :func:`~reportgen.documents.again` says.
    """
    enough = pool.profile.follow_up.visits_before_notice
    return [
        item
        for item in still_out(pool)
        if (item.notice is None and item.stage is Stage.PERSUASION and len(item.visits) >= enough)
        or (item.notice is not None and again(item.notice, pool))
    ]


issuer = issuer_of(NOTICE_KIND)


def build(subject: Subject) -> dict[str, Any]:
    """The notice's variables for one case."""
    case, profile = subject.case, subject.profile
    assert case is not None
    deadline = compute_deadline(subject.issued_on, profile.deadline)
    served_context = served(subject, NOTICE_KIND)
    period = period_words(profile.deadline)
    return {
        **served_context,
        "officer": case.officer,
        "visits": len(subject.follow.visits) if subject.follow else 0,
        "wording": wording(subject, served_context["issuer"]["name"], period, deadline.day),
        "deadline": {
            "day": deadline.day,
            "days": profile.deadline.days,
            "period": period,
            "working": profile.deadline.kind == "working",
            "note": deadline.note,
        },
    }


def wording(subject: Subject, issuer_name: str, period: str, day: dt.date) -> dict[str, str]:
    """The county's sentences of the notice, their blanks filled from the case."""
    case, profile = subject.case, subject.profile
    assert case is not None
    rule = profile.notice
    facts = {
        "学生": case.name,
        "学校": case.school,
        "监护人": case.guardian,
        "期限": period,
        "机关": issuer_name,
        "电话": profile.hotline,
        "责任人": case.officer,
    }
    order = fill(rule.order, facts)
    if rule.print_deadline and order.endswith("。"):
        assumed = f"（按本通知书于{format_date(subject.issued_on)}送达计，即{format_date(day)}前）"
        order = order[:-1] + assumed + "。"
    contact = fill(rule.contact, facts) if profile.hotline or "{电话}" not in rule.contact else ""
    return {
        "title": fill(rule.title, facts),
        "legal_basis": fill(rule.legal_basis, facts),
        "duty": fill(rule.duty, facts),
        "order": order,
        "consequences": fill(rule.consequences, facts),
        "contact": contact,
        "closing": fill(rule.closing, facts),
    }


KIND = DocumentKind(
    key="deadline",
    title="限期复学通知书",
    template="notices/deadline",
    variables={
        **SERVED_VARIABLES,
        "officer": "劝返责任人",
        "visits": "劝返记录的次数",
        "wording.title": "文书名称（县区配置 notice.title）",
        "wording.legal_basis": "法律依据（notice.legal_basis）",
        "wording.duty": "法定义务的表述（notice.duty）",
        "wording.order": "责令复学的句子（notice.order，已填入学生、学校、期限）",
        "wording.consequences": "逾期后果（notice.consequences）",
        "wording.contact": "联系方式的句子（notice.contact；没有咨询电话时为空）",
        "wording.closing": "结束语（notice.closing，可能为空）",
        "deadline.day": "按成文当日送达推算的复学期限最后一天（期限实际自送达之日起算，跟进按送达日期计算）",
        "deadline.days": "期限天数",
        "deadline.period": "期限，如 七日、五个工作日",
        "deadline.working": "是否按工作日计算",
        "deadline.note": "期限说明（节假日安排未收录时提示核对，否则为空）",
    },
    required_fields=("guardian", "school"),
    numbered=True,
    build=build,
    issuer=issuer,
    select=not_yet_notified,
    selection="仍计为失学、状态未办结、劝返次数已够、尚未下达通知书",
    named=lambda profile: profile.notice.title,
)
