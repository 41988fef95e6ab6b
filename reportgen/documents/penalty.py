"""行政处罚决定书: the decision, after the prior notice and the guardian's chance to answer it.

Made for the cases whose 行政处罚事先告知书 was served and whose 陈述、申辩 period has run (or whose
statement the register records). It states, as 《行政处罚法》第五十九条 asks, the party with the
ID number, the facts and evidence, the 事先告知书 and what became of the statement, the penalty and
its basis (the province's article: see ``documents.procedure``), how and by when to pay a fine, and
how and within what time to seek 行政复议 or 行政诉讼; then the issuer, the date and its 文号.
"""

from __future__ import annotations

from typing import Any

from reportgen.casework.followup import PENALTY_KIND, FollowUp, Stage
from reportgen.casework.procedure import statement_ends
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


def statement_period_over(pool: Pool) -> list[FollowUp]:
    """Cases whose served prior notice's 陈述申辩 period has run, or whose statement is on record."""
    chosen = []
    for item in pool.followups:
        prior = item.prior
        if item.penalty is not None:
            if again(item.penalty, pool):
                chosen.append(item)
            continue
        if item.stage is not Stage.PRIOR or prior is None:
            continue
        ends = statement_ends(prior, pool.profile)
        if ends is not None and (pool.issued_on > ends or prior.last("statement") is not None):
            chosen.append(item)
    return chosen


def build(subject: Subject) -> dict[str, Any]:
    """The decision's variables for one case."""
    return {
        **served(subject, PENALTY_KIND),
        **history(subject),
        "evidence": evidence(subject),
        "penalty": penalty_rule(subject.profile),
    }


KIND = DocumentKind(
    key=PENALTY_KIND,
    title="行政处罚决定书",
    template="notices/penalty",
    variables={
        **SERVED_VARIABLES,
        **HISTORY_VARIABLES,
        **PENALTY_VARIABLES,
        "doc_number": "本决定书的文号",
        "issuer.name": "作出决定的机关（乡镇人民政府或教育局）",
        "guardian.name": "当事人（监护人）姓名",
        "address": "当事人住址（户籍地址）",
        "evidence": "证据（限期复学通知书、事先告知书及送达回证、劝返记录……）",
    },
    required_fields=PROCEDURE_FIELDS,
    numbered=True,
    build=build,
    select=statement_period_over,
    selection="行政处罚事先告知书已送达、陈述申辩期限已过（或已陈述申辩）、仍未复学",
    issuer=issuer_of(PENALTY_KIND),
    check_profile=check_penalty_profile,
)
