"""Which documents a batch makes: the ledger validated, the cases chosen, each one checked.

With any error in the ledger, or any chosen case lacking what the kind needs, the batch stops
here with every problem listed (unless asked to skip the rows at fault): nothing has been
numbered or written yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportgen.casework.cases import Ledger
from reportgen.casework.followup import FollowUp, follow_up
from reportgen.documents import DocumentKind, LeftOut, Pool, Subject, kind_of
from reportgen.documents.request import BatchRequest
from reportgen.errors import LedgerInvalid, ReportgenError
from reportgen.intake.fields import FIELDS
from reportgen.intake.ledger import load_ledger
from reportgen.problems import Problem, Severity


class NothingToMake(ReportgenError):
    """No case is due for the kind on the day (within the township, school and cases asked)."""


@dataclass(frozen=True)
class Item:
    """One document to make: what it is about, and the ledger row it comes from."""

    subject: Subject
    row: int | None


@dataclass(frozen=True)
class Selection:
    """The kind, the validated ledger, the documents to make and the rows left out."""

    kind: DocumentKind
    ledger: Ledger
    items: list[Item]
    skipped: list[Problem]
    left_out: list[LeftOut]
    """Rows of a roster the kind's selection left out, by reason (children not six, say)."""


def select(request: BatchRequest) -> Selection:
    """The documents of a batch, or an error listing every problem in the way."""
    kind = kind_of(request.kind)
    if kind.check_profile:
        kind.check_profile(request.profile)
    # Dates after the clock's today are wrong; those after a backdated batch's day are not (the
    # follow-up as of that day leaves them out).
    today = max(request.issued_on, dt.date.today())
    if kind.load:
        ledger, records = kind.load(request.ledger, request.profile, today, request.sheet)
    else:
        ledger = load_ledger(request.ledger, request.profile, request.sheet, today)
        records = {}
    if ledger.errors and not request.skip_invalid:
        raise LedgerInvalid(ledger.errors)
    followups = follow_up(ledger, request.register.entries(), request.profile, request.issued_on)
    pool = Pool(request.profile, followups, request.issued_on, request.reissue)
    chosen = _within(kind.select(pool), request)
    within = replace(pool, followups=_within(followups, request))
    left_out = kind.left_out(within) if kind.left_out else []
    chosen, missing = _complete(chosen, kind, ledger)
    if missing and not request.skip_invalid:
        raise LedgerInvalid(missing)
    items = _items(kind, chosen, request, records)
    if not items:
        raise NothingToMake(f"没有符合条件的案件（{kind.selection}，并符合乡镇、学校、案件的筛选）")
    return Selection(kind, ledger, items, ledger.errors + missing, left_out)


def _within(items: list[FollowUp], request: BatchRequest) -> list[FollowUp]:
    """The cases of a township, a school and the cases named, when they are given."""
    wanted = set(request.cases)
    return [
        item
        for item in items
        if (not request.township or item.case.township == request.township)
        and (not request.school or item.case.school == request.school)
        and (not wanted or item.case.id_number in wanted or str(item.case.row) in wanted)
    ]


def _complete(
    chosen: list[FollowUp], kind: DocumentKind, ledger: Ledger
) -> tuple[list[FollowUp], list[Problem]]:
    """Cases that have everything the kind needs, and a problem for each thing missing."""
    problems, complete = [], []
    for item in chosen:
        lacking = [
            (FIELDS[key].header, f"生成{kind.title}需要填写“{FIELDS[key].header}”")
            for key in kind.required_fields
            if not getattr(item.case, key)
        ]
        if kind.check_case and (message := kind.check_case(item)):
            lacking.append(("", message))
        problems += [
            Problem(Severity.ERROR, str(ledger.path), ledger.sheet, item.case.row, header, "", text)
            for header, text in lacking
        ]
        if not lacking:
            complete.append(item)
    return complete, problems


def _items(
    kind: DocumentKind,
    chosen: Sequence[FollowUp],
    request: BatchRequest,
    records: dict[str, tuple[Any, ...]],
) -> list[Item]:
    if kind.key == "letter-generic":
        schools = list(dict.fromkeys(item.case.school for item in chosen))
        return [Item(Subject(request.profile, request.issued_on, school=s), None) for s in schools]
    return [
        Item(
            Subject(
                request.profile,
                request.issued_on,
                case=item.case,
                follow=item,
                records=records.get(item.case.key, ()),
            ),
            item.case.row,
        )
        for item in chosen
    ]
