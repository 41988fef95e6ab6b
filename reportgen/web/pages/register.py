"""The register on the page: the documents issued, each one's files and service, service recorded
(the register notes who recorded it), a number voided with its reason, and the register exported.
A township account sees and changes only its township's entries; a school only its letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Response, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response as Answer

from reportgen.casework.register_entries import Entry, Event
from reportgen.casework.service import METHODS as SERVICE_METHODS
from reportgen.casework.service import Service, parse_method
from reportgen.casework.service import record as record_service
from reportgen.casework.service import void as void_document
from reportgen.documents import kinds
from reportgen.errors import UsageProblem
from reportgen.intake.slips import read_slips
from reportgen.intake.text import CellError
from reportgen.output.machine import register_json
from reportgen.web.access import EVERYONE, STAFF, allow, own_or_404, sees_entry
from reportgen.web.pages import form_date, form_text, query
from reportgen.web.site import record, site, user
from reportgen.web.uploads import find_upload, save_upload

pages = Blueprint("register", __name__, url_prefix="/register")

PHOTOS = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}


def my_entries(states: tuple[str, ...] = ("issued", "void")) -> list[Entry]:
    """The register's entries the user may see."""
    ledger, _ = site().follow_up()
    cases = {case.key: case for case in ledger.cases}
    return [e for e in site().register().entries(states=states) if sees_entry(user(), e, cases)]


def find_entry(entry_id: int) -> Entry:
    """An entry of the user's by its id, or 404."""
    found = next((entry for entry in my_entries() if entry.id == entry_id), None)
    own_or_404(found is not None)
    assert found is not None
    return found


@pages.get("/")
@allow(*EVERYONE)
def listing() -> str:
    """The documents recorded, optionally one year's."""
    year = query("year")
    entries = [e for e in my_entries() if year is None or str(e.year) == year]
    titles = {key: kind.title for key, kind in kinds().items()}
    return render_template("register.html", entries=entries, titles=titles, year=year)


@pages.get("/<int:entry_id>")
@allow(*EVERYONE)
def entry_page(entry_id: int) -> str:
    """One document: its number, recipient, files, service and voiding."""
    entry = find_entry(entry_id)
    files = [path for path in site().register().files(entry) if _inside(path)]
    photo = find_upload(query("photo") or "") if query("photo") else None
    return render_template(
        "entry.html",
        entry=entry,
        title=kinds()[entry.kind].title if entry.kind in kinds() else entry.kind,
        files=files,
        methods=SERVICE_METHODS,
        today=dt.date.today(),
        photo=photo,
    )


@pages.post("/scan")
@allow(*STAFF)
def scan() -> Answer:
    """A photo of a signed slip: its QR code names the document, whose service form then opens."""
    kept = save_upload(PHOTOS, "回证照片（.jpg 或 .png）")
    slip = read_slips([kept.path])[0]
    entry = next((e for e in my_entries() if slip.document in (e.document_number, str(e.id))), None)
    own_or_404(entry is not None)
    assert entry is not None
    record("上传回证照片", f"{slip.slip} {entry.document_number or entry.id}（{kept.token}）")
    return redirect(url_for("register.entry_page", entry_id=entry.id, photo=kept.token))


def _inside(path: Path) -> bool:
    """Only files inside the workspace are ever sent."""
    return path.resolve().is_relative_to(site().root) and path.is_file()


@pages.get("/<int:entry_id>/files/<int:number>")
@allow(*EVERYONE)
def entry_file(entry_id: int, number: int) -> Answer:
    """One of a document's files."""
    entry = find_entry(entry_id)
    files = [path for path in site().register().files(entry) if _inside(path)]
    own_or_404(0 <= number < len(files))
    record("下载", f"{entry.document_number or entry.id}：{files[number].name}")
    return send_file(files[number], as_attachment=True, download_name=files[number].name)


@pages.post("/<int:entry_id>/served")
@allow(*STAFF)
def served(entry_id: int) -> Answer:
    """Record how and when a document was served, under the rules ``register served`` follows."""
    entry = find_entry(entry_id)
    try:
        method = parse_method(form_text("method"))
    except CellError as error:
        raise UsageProblem(str(error)) from None
    event = Event("served", form_date("on"), method, form_text("by"), form_text("note"))
    record_service(site().register(), [Service(entry, event)], dt.date.today(), again=False)
    record("登记送达", f"{entry.document_number or entry.id}：{method} {event.on.isoformat()}")
    return redirect(url_for("register.entry_page", entry_id=entry.id))


@pages.post("/<int:entry_id>/void")
@allow(*STAFF)
def void(entry_id: int) -> Answer:
    """Void a number with its reason, as ``register void`` does; it is never used again."""
    entry = find_entry(entry_id)
    why = form_text("why")
    void_document(site().register(), entry.document_number or str(entry.id), why)
    record("作废文号", f"{entry.document_number}：{why}")
    return redirect(url_for("register.entry_page", entry_id=entry.id))


@pages.get("/export.json")
@allow(*EVERYONE)
def export() -> Response:
    """The register as ``reportgen register list --format json`` gives it, cut to the user's."""
    titles = {key: kind.title for key, kind in kinds().items()}
    mine = {entry.id for entry in my_entries(("issued",))}
    records = [r for r in site().register().records(("issued",)) if r.entry.id in mine]
    record("导出文号登记", f"{len(records)} 条")
    return Response(
        register_json(records, titles),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=register.json"},
    )
