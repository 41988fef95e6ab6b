"""The cases: a list filtered by township, school, category and stage; each case's file; the due
list. All from the county ledger followed up against the register, cut to the user's cases."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, send_file
from werkzeug.wrappers import Response

from reportgen.casework.cases import Ledger
from reportgen.casework.followup import DueGroup, FollowUp, Stage, describe, due_list
from reportgen.output.worklist import write_worklist
from reportgen.web.access import EVERYONE, STAFF, allow, own_or_404, scope_filters
from reportgen.web.pages import query
from reportgen.web.site import case_id, record, site, user

pages = Blueprint("cases", __name__, url_prefix="/cases")


@pages.get("/")
@allow(*EVERYONE)
def listing() -> str:
    """The cases the user may see, filtered as asked."""
    profile = site().profile()
    ledger, followups = site().follow_up()
    township, school = scope_filters(user(), query("township"), query("school"))
    category, stage = query("category"), query("stage")
    shown = [
        item
        for item in followups
        if (township is None or item.case.township == township)
        and (school is None or item.case.school == school)
        and (category is None or item.case.category == category)
        and (stage is None or item.stage.value == stage)
    ]
    return render_template(
        "cases.html",
        ledger=ledger,
        items=shown,
        schools=sorted({item.case.school for item in followups if item.case.school}),
        townships=[t.name for t in profile.townships],
        categories=profile.categories,
        stages=list(Stage),
        chosen={"township": township, "school": school, "category": category, "stage": stage},
        case_id=case_id,
    )


def find_case(identifier: str) -> FollowUp:
    """A case of the user's by its id, or 404 (another township's case is not there)."""
    _, followups = site().follow_up()
    found = next((item for item in followups if case_id(item.case) == identifier), None)
    own_or_404(found is not None)
    assert found is not None
    return found


@pages.get("/<identifier>")
@allow(*EVERYONE)
def case_file(identifier: str) -> str:
    """One case's file: the child, the visits, every document and its service, the next step."""
    item = find_case(identifier)
    entries = [
        entry
        for entry in site().register().entries(states=("issued", "void"))
        if entry.case_key == item.case.key
    ]
    return render_template(
        "case.html", item=item, entries=entries, next_step=describe(item) if item.is_due else ""
    )


@pages.get("/due")
@allow(*EVERYONE)
def due() -> str:
    """What is due, by township and officer, overdue first: ``reportgen due`` on a page."""
    ledger, day, groups = _due_groups()
    return render_template(
        "due.html", groups=groups, day=day, ledger=ledger, describe=describe, case_id=case_id
    )


@pages.get("/due.xlsx")
@allow(*STAFF)
def due_workbook() -> Response:
    """The due list as the work-list workbook ``reportgen due --format xlsx`` writes."""
    _, day, groups = _due_groups()
    target = site().exports / f"待办事项_{user().scope}_{day.isoformat()}.xlsx"
    county = site().profile().county
    write_worklist(groups, f"{county}{user().township}", day, target, True)
    record("导出待办事项", target.name)
    return send_file(target, as_attachment=True, download_name=target.name)


def _due_groups() -> tuple[Ledger, dt.date, list[DueGroup]]:
    """The user's due list as of the day asked (today by default), filtered as asked."""
    day = _as_of()
    ledger, followups = site().follow_up(day)
    return ledger, day, due_list(followups, site().profile(), query("township"), query("officer"))


def _as_of() -> dt.date:
    from reportgen.intake.text import parse_date

    text = query("as_of")
    try:
        return parse_date(text) if text else dt.date.today()
    except ValueError:
        return dt.date.today()
