"""What other tools read: ``--format json`` of the work list, the register and the doctor's checks.

Keys are English and stable; dates are ISO 8601 (2026-11-23); text is the county's own, unescaped
(UTF-8). The same facts as the terminal list, so a county's own system or a script can take them
over without parsing Chinese sentences.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.casework.followup import DueGroup, FollowUp
    from reportgen.casework.register_entries import Record
    from reportgen.doctor import Check


def dumps(document: Any) -> str:
    """JSON as reportgen prints it: indented, Chinese as it is, dates as ISO strings."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain)


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def due_json(groups: Sequence[DueGroup], county: str, as_of: dt.date, ledger_errors: int) -> str:
    """The work list of ``reportgen due``: the groups, each case's stage and next action."""
    return dumps(
        {
            "county": county,
            "as_of": as_of,
            "items": sum(len(group.items) for group in groups),
            "overdue": sum(group.overdue for group in groups),
            "ledger_errors": ledger_errors,
            "groups": [
                {
                    "township": group.township,
                    "officer": group.officer,
                    "overdue": group.overdue,
                    "items": [_item(item) for item in group.items],
                }
                for group in groups
            ],
        }
    )


def _item(item: FollowUp) -> dict[str, Any]:
    case, document = item.case, item.document
    return {
        "row": case.row,
        "name": case.name,
        "id_number": case.id_number,
        "school": case.school,
        "guardian": case.guardian,
        "phone": case.phone,
        "stage": item.stage_label,
        "document_number": document.document_number if document else None,
        "issued_on": document.issued_on if document else None,
        "deadline": item.deadline,
        "visits": len(item.visits),
        "last_visit": item.last_visit,
        "action": item.action or None,
        "due": item.due,
        "days_overdue": item.days_overdue if item.is_due else None,
        "flags": list(item.flags),
    }


def register_json(records: Iterable[Record], titles: Mapping[str, str]) -> str:
    """The register of ``reportgen register list`` and ``register export``: each document's
    state, voiding, service and every event, as the register holds them."""
    return dumps([_document(record, titles) for record in records])


def _document(record: Record, titles: Mapping[str, str]) -> dict[str, Any]:
    entry = record.entry
    served = entry.last("served")
    void = {"reason": entry.void_reason, "at": record.voided_at, "by": record.voided_by}
    return {
        "document_number": entry.document_number,
        "issuer": entry.issuer,
        "year": entry.year,
        "number": entry.number,
        "kind": entry.kind,
        "title": titles.get(entry.kind, entry.kind),
        "edition": entry.edition,
        "case_key": entry.case_key,
        "township": entry.township,
        "recipient": entry.recipient,
        "student": entry.student,
        "issued_on": entry.issued_on,
        "deadline": entry.deadline,
        "state": entry.state,
        "void": void if entry.state == "void" else None,
        "served_on": served.on if served else None,
        "service_method": served.method if served else None,
        "events": [
            {
                "kind": logged.event.kind,
                "on": logged.event.on,
                "method": logged.event.method,
                "by": logged.event.by,
                "note": logged.event.note,
                "recorded_at": logged.recorded_at,
                "recorded_by": logged.recorded_by,
            }
            for logged in record.log
        ],
        "source": record.source,
        "recorded_at": record.recorded_at,
        "recorded_by": record.recorded_by,
    }


def checks_json(checks: Sequence[Check], healthy: bool) -> str:
    """The findings of ``reportgen doctor``."""
    return dumps(
        {
            "healthy": healthy,
            "checks": [
                {
                    "name": check.name,
                    "passed": check.passed,
                    "required": check.required,
                    "detail": check.detail,
                    "fix": None if check.passed else check.fix or None,
                }
                for check in checks
            ],
        }
    )
