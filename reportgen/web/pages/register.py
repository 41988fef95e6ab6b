"""The register on the page: the documents issued, each one's files and service, service recorded
(the register notes who recorded it), a number voided with its reason, and the register exported.
A township account sees and changes only its township's entries; a school only its letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Response, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response as Answer

from reportgen.casework.register import Entry, Event
from reportgen.documents import kinds
from reportgen.errors import UsageProblem
from reportgen.intake.slips import read_slips
from reportgen.output.machine import register_json
from reportgen.web.access import EVERYONE, STAFF, allow, own_or_404, sees_entry
from reportgen.web.pages import form_date, form_text, query
from reportgen.web.site import record, site, user
from reportgen.web.uploads import find_upload, save_upload

pages = Blueprint("register", __name__, url_prefix="/register")

SERVICE_METHODS = ("直接送达", "留置送达", "委托送达", "邮寄送达", "公告送达")
"""The ways of service of the Civil Procedure Law (domain §5), as the 送达回证 names them."""
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
    slip = read_slips(kept.path.read_bytes())[0]
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
    """Record how and when a document was served on its recipient."""
    entry = find_entry(entry_id)
    if entry.state != "issued":
        raise UsageProblem("已作废的文书不能登记送达")
    method = form_text("method")
    if method not in SERVICE_METHODS:
        raise UsageProblem(f"送达方式应为 {'、'.join(SERVICE_METHODS)} 之一")
    day = form_date("on")
    if day > dt.date.today() or day < entry.issued_on:
        raise UsageProblem("送达日期不能早于成文日期，也不能晚于今天")
    event = Event("served", day, method, form_text("by"), form_text("note"))
    site().register().record_event(entry, event)
    record("登记送达", f"{entry.document_number or entry.id}：{method} {day.isoformat()}")
    return redirect(url_for("register.entry_page", entry_id=entry.id))


@pages.post("/<int:entry_id>/void")
@allow(*STAFF)
def void(entry_id: int) -> Answer:
    """Void a number with its reason; it stays in the register and is never used again."""
    entry = find_entry(entry_id)
    if not entry.number:
        raise UsageProblem("没有文号的文书不需要作废")
    why = form_text("why")
    if not why:
        raise UsageProblem("作废文号必须写明原因")
    site().register().void(entry.document_number, why)
    record("作废文号", f"{entry.document_number}：{why}")
    return redirect(url_for("register.entry_page", entry_id=entry.id))


@pages.get("/export.json")
@allow(*EVERYONE)
def export() -> Response:
    """The register as ``reportgen register list --format json`` gives it, cut to the user's."""
    titles = {key: kind.title for key, kind in kinds().items()}
    entries = my_entries(("issued",))
    record("导出文号登记", f"{len(entries)} 条")
    return Response(
        register_json(entries, titles),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=register.json"},
    )
