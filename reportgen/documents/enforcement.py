"""强制执行申请书: the application to the court to enforce the decision (《行政强制法》第五十三条).

Made for the cases whose 催告书 was served ``penalty.demand_days`` working days before, the fine
still unpaid, within three months (``penalty.application_months``) of the end of the periods for
复议 and 诉讼. It names the applicant body and its head (the profile's ``signatories``), the
respondent with the ID number, the decision to enforce, the facts and basis, and lists what goes
with it (第五十五条): the decision and its service, the 催告书 and its service, the statement.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import COURT_KIND, FollowUp, Stage
from reportgen.casework.procedure import application_ends, court_from
from reportgen.documents import Pool, Subject
from reportgen.documents.procedure import next_steps, procedure_kind
from reportgen.documents.served import issuer_for


def demand_ran_out(item: FollowUp, pool: Pool) -> bool:
    """The served 催告书's days have run, the fine unpaid, the application still in time."""
    demand = item.demand
    may = court_from(demand, pool.profile) if demand else None
    if item.stage is not Stage.DEMAND or may is None or not item.is_due:
        return False
    last = application_ends(item, pool.profile)
    return pool.issued_on >= may and (last is None or pool.issued_on <= last)


def applicant(subject: Subject) -> dict[str, Any]:
    """The 催告书 the application rests on, and the head of the body applying."""
    follow, profile = subject.follow, subject.profile
    assert follow is not None and follow.demand is not None
    assert subject.case is not None
    body = issuer_for(profile, subject.case.township, COURT_KIND)[0]
    head = next((s for s in profile.signatories if s.office == body), None)
    demand = follow.demand
    return {
        "demand": {
            "doc_number": demand.document_number,
            "issued_on": demand.issued_on,
            "served_on": demand.served_on,
        },
        "head": {"title": head.title, "name": head.name} if head else None,
    }


KIND = procedure_kind(
    COURT_KIND,
    "强制执行申请书",
    select=next_steps(lambda item: item.application, demand_ran_out),
    selection="催告书已送达满期限、罚款仍未缴纳、仍在申请强制执行的期限内",
    variables={
        "demand.doc_number": "催告书的文号",
        "demand.served_on": "催告书的送达日期",
        "head.title": "申请机关负责人的职务（县区配置 signatories，可能为空）",
        "head.name": "申请机关负责人的姓名",
    },
    extra=applicant,
    recipient=lambda case: "人民法院",
)
