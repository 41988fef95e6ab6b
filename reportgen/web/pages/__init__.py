"""The pages, one blueprint per part of the work: sign-in, ledger, cases, documents, register,
reports and administration. Each view declares its roles (``access.allow``)."""

from __future__ import annotations

import datetime as dt

from flask import request

from reportgen.errors import UsageProblem
from reportgen.intake.text import parse_date


def form_text(name: str) -> str:
    """A form field, stripped; empty when absent."""
    return (request.form.get(name) or "").strip()


def form_date(name: str, default: dt.date | None = None) -> dt.date:
    """A date field in any form the ledger accepts; today when left empty."""
    text = form_text(name)
    if not text:
        return default or dt.date.today()
    try:
        return parse_date(text)
    except ValueError:
        raise UsageProblem(f"日期“{text}”看不懂：请写作 2026-11-23 或 2026年11月23日") from None


def query(name: str) -> str | None:
    """A query-string filter, None when not given."""
    return (request.args.get(name) or "").strip() or None
