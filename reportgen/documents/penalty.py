"""行政处罚决定书: the decision, after the prior notice and the guardian's chance to answer it.

Made for the cases whose 行政处罚事先告知书 was served and whose 陈述、申辩 period has run (or whose
statement the register records). It states, as 《行政处罚法》第五十九条 asks, the party with the
ID number, the facts and evidence, the 事先告知书 and what became of the statement, the penalty and
its basis (the province's article: see ``documents.procedure``), how and by when to pay a fine, and
how and within what time to seek 行政复议 or 行政诉讼; then the issuer, the date and its 文号.
"""

from __future__ import annotations

from reportgen.casework.followup import PENALTY_KIND, FollowUp, Stage
from reportgen.casework.procedure import statement_ends
from reportgen.documents import Pool
from reportgen.documents.procedure import evidence, next_steps, procedure_kind


def statement_period_over(item: FollowUp, pool: Pool) -> bool:
    """The served prior notice's 陈述申辩 period has run, or the statement is on record."""
    prior = item.prior
    if item.stage is not Stage.PRIOR or prior is None:
        return False
    ends = statement_ends(prior, pool.profile)
    return ends is not None and (pool.issued_on > ends or prior.last("statement") is not None)


KIND = procedure_kind(
    PENALTY_KIND,
    "行政处罚决定书",
    select=next_steps(lambda item: item.penalty, statement_period_over),
    selection="行政处罚事先告知书已送达、陈述申辩期限已过（或已陈述申辩）、仍未复学",
    variables={
        "doc_number": "本决定书的文号",
        "issuer.name": "作出决定的机关（乡镇人民政府或教育局）",
        "guardian.name": "当事人（监护人）姓名",
        "address": "当事人住址（户籍地址）",
        "evidence": "证据（限期复学通知书、事先告知书及送达回证、劝返记录……）",
    },
    extra=lambda subject: {"evidence": evidence(subject)},
)
