"""催告书: before applying to the court, the guardian is told in writing to carry out the decision.

《行政强制法》第五十四条: a body without its own power of enforcement serves a 催告书 first, and may
apply to the court ten days (the profile's ``penalty.demand_days``) after it is served. Made for
the cases whose decision imposed a fine that was neither paid nor challenged (行政复议, 行政诉讼)
within the periods of law, counted from the decision's service.
"""

from __future__ import annotations

from reportgen.casework.followup import DEMAND_KIND, FollowUp, Stage
from reportgen.casework.procedure import challenge_ends
from reportgen.documents import Pool
from reportgen.documents.procedure import next_steps, procedure_kind


def unpaid_and_unchallenged(item: FollowUp, pool: Pool) -> bool:
    """The fine is unpaid and unchallenged after the periods for 复议 and 诉讼 ran."""
    decision = item.penalty
    if item.stage is not Stage.PENALTY or decision is None or not item.is_due:
        return False
    ends = challenge_ends(decision, pool.profile)
    return ends is not None and pool.issued_on > ends


KIND = procedure_kind(
    DEMAND_KIND,
    "催告书",
    select=next_steps(lambda item: item.demand, unpaid_and_unchallenged),
    selection="罚款逾期未缴、复议和诉讼期限已过、未申请复议或提起诉讼",
    variables={},
)
