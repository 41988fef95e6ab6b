"""催告书: before applying to the court, the guardian is told in writing to carry out the decision.

《行政强制法》第五十四条: a body without its own power of enforcement serves a 催告书 first, and may
apply to the court ten days (the profile's ``penalty.demand_days``) after it is served. Made for
the cases whose decision imposed a fine that was neither paid nor challenged (行政复议, 行政诉讼)
within the periods of law, counted from the decision's service.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import DEMAND_KIND, FollowUp, Stage
from reportgen.casework.procedure import challenge_ends
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


def unpaid_and_unchallenged(pool: Pool) -> list[FollowUp]:
    """Cases whose fine is unpaid and unchallenged after the periods for 复议 and 诉讼 ran."""
    chosen = []
    for item in pool.followups:
        if item.demand is not None:
            if again(item.demand, pool):
                chosen.append(item)
            continue
        decision = item.penalty
        if item.stage is not Stage.PENALTY or decision is None or not item.is_due:
            continue
        ends = challenge_ends(decision, pool.profile)
        if ends is not None and pool.issued_on > ends:
            chosen.append(item)
    return chosen


def build(subject: Subject) -> dict[str, Any]:
    """The 催告书's variables for one case."""
    return {
        **served(subject, DEMAND_KIND),
        **history(subject),
        "penalty": penalty_rule(subject.profile),
    }


KIND = DocumentKind(
    key=DEMAND_KIND,
    title="催告书",
    template="notices/demand",
    variables={**SERVED_VARIABLES, **HISTORY_VARIABLES, **PENALTY_VARIABLES},
    required_fields=PROCEDURE_FIELDS,
    numbered=True,
    build=build,
    select=unpaid_and_unchallenged,
    selection="罚款逾期未缴、复议和诉讼期限已过、未申请复议或提起诉讼",
    issuer=issuer_of(DEMAND_KIND),
    check_profile=check_penalty_profile,
)
