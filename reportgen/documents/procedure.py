"""The documents after the notice: what they share of the case's history and the province's rules.

The 事先告知书, the 决定书, the 催告书 and the 强制执行申请书 all rest on the same record: the
notice and its service, the visits, the guardian's statement, the decision and its service. The
province's article for the penalty is its own: a decision resting only on 《义务教育法》第五十八条
is refused, since that article allows 批评教育 and 责令限期改正, not a warning or a fine.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

from reportgen.casework.cases import Case
from reportgen.casework.followup import FollowUp
from reportgen.casework.procedure import application_ends, challenge_ends, statement_ends
from reportgen.casework.register_entries import Entry
from reportgen.documents import DocumentKind, Pool, Subject, again
from reportgen.documents.served import SERVED_VARIABLES, issuer_of, served
from reportgen.errors import ProfileError
from reportgen.profile import Profile

NATIONAL = {
    "中华人民共和国义务教育法",
    "中华人民共和国未成年人保护法",
    "中华人民共和国家庭教育促进法",
}
"""Laws that give the duty but not the penalty: a warning or a fine needs the province's article."""
PROCEDURE_FIELDS = ("guardian", "guardian_id", "school")
"""What the party of a penalty procedure must be named by."""


def check_penalty_profile(profile: Profile) -> None:
    """The penalty is the province's to word and to found: refuse to guess either."""
    rule = profile.penalty
    if not rule.decision.strip():
        raise ProfileError(
            "县区配置没有填写 penalty.decision（处罚决定）：各省规定不同，"
            "请按本省规定填写后再生成行政处罚的文书"
        )
    titles = re.findall(r"《([^》]+)》", rule.legal_basis)
    if not any(title not in NATIONAL for title in titles):
        raise ProfileError(
            f"penalty.legal_basis 只引用了“{rule.legal_basis}”：《中华人民共和国义务教育法》"
            "第五十八条只规定批评教育、责令限期改正，警告、罚款须依据本省的规定"
            "（如《××省实施〈中华人民共和国义务教育法〉办法》第×条）；请在 penalty.legal_basis 中写明本省的条款"
        )
    fined = "罚款" in rule.decision
    if fined != bool(rule.fine):
        raise ProfileError(
            "penalty.decision 与 penalty.fine 不一致：决定中有罚款的，penalty.fine 写明罚款数额（元）；"
            "没有罚款的，penalty.fine 为 0"
        )


def penalty_rule(profile: Profile) -> dict[str, Any]:
    """The province's penalty as templates show it, with the courts and the periods of law."""
    rule = profile.penalty
    return {
        "decision": rule.decision.strip().rstrip("。"),
        "legal_basis": rule.legal_basis,
        "fine": rule.fine,
        "pay_days": rule.pay_days,
        "statement_days": rule.statement_days,
        "hearing": rule.hearing,
        "hearing_days": rule.hearing_days,
        "reconsideration_body": rule.reconsideration_body or f"{profile.county}人民政府",
        "court": rule.court or f"{profile.county}人民法院",
        "reconsideration_days": rule.reconsideration_days,
        "lawsuit_months": rule.lawsuit_months,
        "demand_days": rule.demand_days,
    }


PENALTY_VARIABLES = {
    "penalty.decision": "处罚决定（县区配置 penalty.decision）",
    "penalty.legal_basis": "处罚依据（县区配置，须有本省的条款）",
    "penalty.fine": "罚款数额（元，0 为不罚款）",
    "penalty.pay_days": "缴纳罚款的期限（日）",
    "penalty.statement_days": "陈述、申辩的期限（日）",
    "penalty.hearing": "当事人是否有权要求听证",
    "penalty.hearing_days": "要求听证的期限（日）",
    "penalty.reconsideration_body": "受理行政复议的机关",
    "penalty.court": "管辖的人民法院",
    "penalty.reconsideration_days": "申请行政复议的期限（日）",
    "penalty.lawsuit_months": "提起行政诉讼的期限（月）",
    "penalty.demand_days": "催告书送达后履行的期限（日）",
}


def history(subject: Subject) -> dict[str, Any]:
    """What was done before this document, each part from the register and the records."""
    follow, profile = subject.follow, subject.profile
    assert follow is not None and follow.notice is not None
    notice, prior, decision = follow.notice, follow.prior, follow.penalty
    statement = prior.last("statement") if prior else None
    return {
        "visits": len(follow.visits),
        "notice": {
            "title": profile.notice.title,
            "doc_number": notice.document_number,
            "issued_on": notice.issued_on,
            "served_on": notice.served_on,
            "deadline": follow.deadline,
        },
        "prior": {
            "doc_number": prior.document_number,
            "issued_on": prior.issued_on,
            "served_on": prior.served_on,
            "statement_ends": statement_ends(prior, profile),
            "statement": {"on": statement.on, "note": statement.note} if statement else None,
        }
        if prior
        else None,
        "decision": {
            "doc_number": decision.document_number,
            "issued_on": decision.issued_on,
            "served_on": decision.served_on,
            "challenge_ends": challenge_ends(decision, profile),
            "application_ends": application_ends(follow, profile),
        }
        if decision
        else None,
    }


HISTORY_VARIABLES = {
    "visits": "劝返记录的次数",
    "notice.title": "此前下达的通知书的名称（县区配置 notice.title）",
    "notice.doc_number": "限期复学通知书的文号",
    "notice.issued_on": "限期复学通知书的下达日期",
    "notice.served_on": "限期复学通知书的送达日期",
    "notice.deadline": "复学期限（自送达之日起算）",
    "prior.doc_number": "行政处罚事先告知书的文号（还没有时 prior 为空）",
    "prior.served_on": "事先告知书的送达日期",
    "prior.statement_ends": "陈述、申辩期限的最后一天",
    "prior.statement.on": "当事人提出陈述、申辩的日期（没有时 statement 为空）",
    "prior.statement.note": "陈述、申辩的内容（登记簿中的记录）",
    "decision.doc_number": "行政处罚决定书的文号（还没有时 decision 为空）",
    "decision.served_on": "决定书的送达日期",
    "decision.challenge_ends": "复议、诉讼期限届满之日",
    "decision.application_ends": "申请人民法院强制执行的最后一天",
}


def evidence(subject: Subject) -> list[str]:
    """The evidence on record, as a decision lists it: each item one the register or ledger holds."""
    found = history(subject)
    notice = found["notice"]
    items = [f"《{notice['title']}》（{notice['doc_number']}）及其送达回证"]
    if found["visits"]:
        items.append(f"劝返记录{found['visits']}份")
    if found["prior"]:
        items.append(f"《行政处罚事先告知书》（{found['prior']['doc_number']}）及其送达回证")
    items.append("学生学籍和离校情况登记（台账）")
    return items


Ready = Callable[[FollowUp, Pool], bool]


def next_steps(
    made: Callable[[FollowUp], Entry | None], ready: Ready
) -> Callable[[Pool], list[FollowUp]]:
    """A step's selection: the cases it is due for, and those it was made for to be made again.

    A step already made is made again on its own day (the same numbers) or when reissuing; one
    not yet made is made when ``ready`` says the step before it was served and its period ran.
    """

    def select(pool: Pool) -> list[FollowUp]:
        chosen = []
        for item in pool.followups:
            entry = made(item)
            if again(entry, pool) if entry is not None else ready(item, pool):
                chosen.append(item)
        return chosen

    return select


def procedure_kind(
    key: str,
    title: str,
    *,
    select: Callable[[Pool], list[FollowUp]],
    selection: str,
    variables: Mapping[str, str],
    extra: Callable[[Subject], dict[str, Any]] = lambda subject: {},
    recipient: Callable[[Case], str] | None = None,
) -> DocumentKind:
    """A document of the procedure after the notice: numbered, served, founded on the province.

    Each holds what the record says of the case (``history``), its 送达回证 (``served``) and the
    province's penalty (``penalty_rule``), and ``extra`` adds what is its own.
    """

    def build(subject: Subject) -> dict[str, Any]:
        return {
            **served(subject, key),
            **history(subject),
            "penalty": penalty_rule(subject.profile),
            **extra(subject),
        }

    kind = DocumentKind(
        key=key,
        title=title,
        template=f"notices/{key}",
        variables={**SERVED_VARIABLES, **HISTORY_VARIABLES, **PENALTY_VARIABLES, **variables},
        required_fields=PROCEDURE_FIELDS,
        numbered=True,
        build=build,
        select=select,
        selection=selection,
        issuer=issuer_of(key),
        check_profile=check_penalty_profile,
    )
    return dataclasses.replace(kind, recipient=recipient) if recipient else kind
