"""行政处罚事先告知书: before any penalty, the guardian is told what is proposed and may answer.

《行政处罚法》第四十四条: the facts, the reasons and the basis of the penalty proposed, and the
rights to 陈述、申辩 (within the profile's days of service) and, where the penalty allows it, to a
hearing. Made for the cases whose served notice ran out without the child's return; numbered and
served like the notice, with its own 送达回证.
"""

from __future__ import annotations

from reportgen.casework.followup import PRIOR_KIND, FollowUp, Stage
from reportgen.documents import Pool
from reportgen.documents.procedure import evidence, next_steps, procedure_kind


def deadline_passed(item: FollowUp, pool: Pool) -> bool:
    """The served notice's deadline has passed without the child's return."""
    late = item.deadline is not None and pool.issued_on > item.deadline
    return item.stage is Stage.NOTICE and late


KIND = procedure_kind(
    PRIOR_KIND,
    "行政处罚事先告知书",
    select=next_steps(lambda item: item.prior, deadline_passed),
    selection="限期复学通知书已送达、期限已过、仍未复学",
    variables={
        "doc_number": "本告知书的文号",
        "evidence": "证据（限期复学通知书及送达回证、劝返记录……）",
    },
    extra=lambda subject: {"evidence": evidence(subject)},
)
