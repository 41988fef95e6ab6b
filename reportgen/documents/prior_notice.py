"""行政处罚事先告知书: before any penalty, the guardian is told what is proposed and may answer.

《行政处罚法》第四十四条: the facts, the reasons and the basis of the penalty proposed, and the
rights to 陈述、申辩 (within the profile's days of service) and, where the penalty allows it, to a
hearing. Made for the cases whose served notice ran out without the child's return; numbered and
served like the notice, with its own 送达回证.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import PRIOR_KIND, FollowUp, Stage
from reportgen.documents import DocumentKind, Pool, Subject, again
from reportgen.documents.procedure import (
    HISTORY_VARIABLES,
    PENALTY_VARIABLES,
    PROCEDURE_FIELDS,
    check_penalty_profile,
    evidence,
    history,
    penalty_rule,
)
from reportgen.documents.served import SERVED_VARIABLES, issuer_of, served


def deadline_passed(pool: Pool) -> list[FollowUp]:
    """Cases whose served notice's deadline has passed without the child's return."""
    return [
        item
        for item in pool.followups
        if (
            item.stage is Stage.NOTICE
            and item.prior is None
            and item.deadline is not None
            and pool.issued_on > item.deadline
        )
        or (item.prior is not None and again(item.prior, pool))
    ]


def build(subject: Subject) -> dict[str, Any]:
    """The prior notice's variables for one case."""
    return {
        **served(subject, PRIOR_KIND),
        **history(subject),
        "evidence": evidence(subject),
        "penalty": penalty_rule(subject.profile),
    }


KIND = DocumentKind(
    key=PRIOR_KIND,
    title="行政处罚事先告知书",
    template="notices/prior-notice",
    variables={
        **SERVED_VARIABLES,
        **HISTORY_VARIABLES,
        **PENALTY_VARIABLES,
        "doc_number": "本告知书的文号",
        "evidence": "证据（限期复学通知书及送达回证、劝返记录……）",
    },
    required_fields=PROCEDURE_FIELDS,
    numbered=True,
    build=build,
    select=deadline_passed,
    selection="限期复学通知书已送达、期限已过、仍未复学",
    issuer=issuer_of(PRIOR_KIND),
    check_profile=check_penalty_profile,
)
