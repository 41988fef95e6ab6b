"""强制执行申请书: the application to the court to enforce the decision (《行政强制法》第五十三条).

Made for the cases whose 催告书 was served at least ``penalty.demand_days`` days before, the fine
still unpaid, within three months (``penalty.application_months``) of the end of the periods for
复议 and 诉讼. It names the applicant body and its head (the profile's ``signatories``), the
respondent with the ID number, the decision to enforce, the facts and basis, and lists what goes
with it (第五十五条): the decision and its service, the 催告书 and its service, the statement.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import COURT_KIND, FollowUp, Stage
from reportgen.casework.procedure import application_ends, court_from
from reportgen.documents import DocumentKind, Pool, Subject, again
from reportgen.documents.procedure import (
    HISTORY_VARIABLES,
    PENALTY_VARIABLES,
    PROCEDURE_FIELDS,
    check_penalty_profile,
    history,
    penalty_rule,
)
from reportgen.documents.served import SERVED_VARIABLES, issuer_of, served


def demand_ran_out(pool: Pool) -> list[FollowUp]:
    """Cases whose served 催告书's days have run, the fine unpaid, the application still in time."""
    chosen = []
    for item in pool.followups:
        if item.application is not None:
            if again(item.application, pool):
                chosen.append(item)
            continue
        demand = item.demand
        may = court_from(demand, pool.profile) if demand else None
        if item.stage is not Stage.DEMAND or may is None:
            continue
        last = application_ends(item, pool.profile)
        if pool.issued_on >= may and item.is_due and (last is None or pool.issued_on <= last):
            chosen.append(item)
    return chosen


def build(subject: Subject) -> dict[str, Any]:
    """The application's variables for one case."""
    follow, profile = subject.follow, subject.profile
    assert follow is not None and follow.demand is not None
    context = served(subject, COURT_KIND)
    head = next((s for s in profile.signatories if s.office == context["issuer"]["name"]), None)
    demand = follow.demand
    return {
        **context,
        **history(subject),
        "penalty": penalty_rule(profile),
        "demand": {
            "doc_number": demand.document_number,
            "issued_on": demand.issued_on,
            "served_on": demand.served_on,
        },
        "head": {"title": head.title, "name": head.name} if head else None,
    }


KIND = DocumentKind(
    key=COURT_KIND,
    title="强制执行申请书",
    template="notices/enforcement",
    variables={
        **SERVED_VARIABLES,
        **HISTORY_VARIABLES,
        **PENALTY_VARIABLES,
        "demand.doc_number": "催告书的文号",
        "demand.served_on": "催告书的送达日期",
        "head.title": "申请机关负责人的职务（县区配置 signatories，可能为空）",
        "head.name": "申请机关负责人的姓名",
    },
    required_fields=PROCEDURE_FIELDS,
    numbered=True,
    build=build,
    recipient=lambda case: "人民法院",
    select=demand_ran_out,
    selection="催告书已送达满期限、罚款仍未缴纳、仍在申请强制执行的期限内",
    issuer=issuer_of(COURT_KIND),
    check_profile=check_penalty_profile,
)
