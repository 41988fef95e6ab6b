"""Uploading a ledger: its validation as a table, the ledger back with the bad cells red, and —
for the county — putting a clean one in place as the workspace's ledger."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from flask import Blueprint, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response

from reportgen.errors import Refused
from reportgen.intake.ledger import load_ledger
from reportgen.output.marked import mark_problems
from reportgen.web import state_dir
from reportgen.web.access import EVERYONE, allow
from reportgen.web.site import record, site
from reportgen.web.uploads import find_upload, save_upload
from reportgen.web.users import Role

pages = Blueprint("ledger", __name__, url_prefix="/ledger")

SPREADSHEETS = {
    ".xlsx": (b"PK\x03\x04",),
    ".xlsm": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".csv": (),
}
"""The ledger files accepted, with the first bytes each must start with (a CSV is any text)."""


@pages.get("/")
@allow(*EVERYONE)
def upload_form() -> str:
    """The upload form, and what the workspace's ledger holds now."""
    return render_template("ledger_upload.html", current=site().profile().ledger)


@pages.post("/")
@allow(*EVERYONE)
def upload() -> Response:
    """Keep the upload and show its validation."""
    kept = save_upload(SPREADSHEETS, "台账表格")
    record("上传台账", f"{kept.name}（{kept.token}）")
    return redirect(url_for("ledger.check", token=kept.token))


@pages.get("/<token>")
@allow(*EVERYONE)
def check(token: str) -> str:
    """The validation of an upload, every problem at once, as ``reportgen validate`` lists them."""
    kept = find_upload(token)
    ledger = load_ledger(kept.path, site().profile())
    return render_template("ledger_check.html", upload=kept, ledger=ledger)


@pages.get("/<token>/marked.xlsx")
@allow(*EVERYONE)
def marked(token: str) -> Response:
    """The uploaded ledger with the cells at fault marked, to fix in Excel."""
    kept = find_upload(token)
    ledger = load_ledger(kept.path, site().profile())
    target = kept.path.with_name(f"{token}-marked.xlsx")
    mark_problems(kept.path, ledger.problems, target, force=True)
    name = f"{Path(kept.name).stem}（已标出错误）.xlsx"
    return send_file(target, as_attachment=True, download_name=name)


@pages.post("/<token>/install")
@allow(Role.county)
def install(token: str) -> Response:
    """A clean upload becomes the workspace's ledger; the one it replaces is kept in history."""
    kept = find_upload(token)
    profile = site().profile()
    ledger = load_ledger(kept.path, profile)
    if not ledger.ok:
        raise Refused(f"台账有 {len(ledger.errors)} 处错误，改正后重新上传才能用作本县台账")
    current = profile.ledger
    if kept.path.suffix.lower() != current.suffix.lower():
        raise Refused(
            f"本县台账是 {current.name}：请在 Excel 或 WPS 中另存为 {current.suffix} 后再上传"
        )
    if current.is_file():
        history = state_dir(site().root) / "history"
        history.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        shutil.copy2(current, history / f"{current.stem}-{stamp}{current.suffix}")
    staged = current.with_name(f".{current.name}.{token}")
    shutil.copyfile(kept.path, staged)
    staged.replace(current)
    record("更换本县台账", f"{kept.name}：{ledger.summary()}")
    return redirect(url_for("cases.listing"))
