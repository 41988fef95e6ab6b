"""Uploading a ledger or a roster: its validation as a table, the file back with the bad cells
red, and — for the county — putting a clean one in place as the workspace's own."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Blueprint, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response

from reportgen.casework.cases import Ledger
from reportgen.errors import Refused, UsageProblem
from reportgen.intake.fields import ROSTERS
from reportgen.intake.ledger import load_ledger
from reportgen.intake.rosters import check_roster
from reportgen.output.marked import mark_problems
from reportgen.web.access import EVERYONE, allow
from reportgen.web.pages import form_text
from reportgen.web.site import record, site
from reportgen.web.uploads import Upload, find_upload, save_upload
from reportgen.web.users import Role

pages = Blueprint("ledger", __name__, url_prefix="/ledger")

SPREADSHEETS = {
    ".xlsx": (b"PK\x03\x04",),
    ".xlsm": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".csv": (),
}
"""The files accepted, with the first bytes each must start with (a CSV is any text)."""
PURPOSES = {"ledger": "台账", **{key: layout.title for key, layout in ROSTERS.items()}}
"""What an upload may be: the case ledger, or one of the rosters."""


def validated(kept: Upload) -> Ledger:
    """An upload validated as what it was sent as, as ``reportgen validate [--roster]`` does."""
    profile = site().profile()
    if kept.purpose in ROSTERS:
        return check_roster(kept.path, profile, kept.purpose)
    return load_ledger(kept.path, profile)


@pages.get("/")
@allow(*EVERYONE)
def upload_form() -> str:
    """The upload form, and the workspace's files it may replace."""
    files = {key: site().source(key) for key in PURPOSES}
    return render_template("ledger_upload.html", purposes=PURPOSES, files=files)


@pages.post("/")
@allow(*EVERYONE)
def upload() -> Response:
    """Keep the upload and show its validation."""
    purpose = form_text("purpose") or "ledger"
    if purpose not in PURPOSES:
        raise UsageProblem(f"请选择上传的是{'、'.join(PURPOSES.values())}中的哪一种")
    kept = save_upload(SPREADSHEETS, "表格", purpose)
    record(f"上传{PURPOSES[purpose]}", f"{kept.name}（{kept.token}）")
    return redirect(url_for("ledger.check", token=kept.token))


@pages.get("/<token>")
@allow(*EVERYONE)
def check(token: str) -> str:
    """The validation of an upload, every problem at once, as ``reportgen validate`` lists them."""
    kept = find_upload(token)
    what = PURPOSES.get(kept.purpose, "台账")
    return render_template("ledger_check.html", upload=kept, ledger=validated(kept), what=what)


@pages.get("/<token>/marked.xlsx")
@allow(*EVERYONE)
def marked(token: str) -> Response:
    """The uploaded file with the cells at fault marked, to fix in Excel."""
    kept = find_upload(token)
    target = kept.path.with_name(f"{token}-marked.xlsx")
    mark_problems(kept.path, validated(kept).problems, target, force=True)
    name = f"{Path(kept.name).stem}（已标出错误）.xlsx"
    return send_file(target, as_attachment=True, download_name=name)


@pages.post("/<token>/install")
@allow(Role.county)
def install(token: str) -> Response:
    """A clean upload becomes the workspace's ledger or roster; the one replaced is kept."""
    kept = find_upload(token)
    what = PURPOSES.get(kept.purpose, "台账")
    checked = validated(kept)
    if not checked.ok:
        raise Refused(f"{what}有 {len(checked.errors)} 处错误，改正后重新上传才能用作本县的{what}")
    current = site().source(kept.purpose or "ledger")
    if kept.path.suffix.lower() != current.suffix.lower():
        raise Refused(
            f"本县的{what}是 {current.name}：请在 Excel 或 WPS 中另存为 {current.suffix} 后再上传"
        )
    site().keep_history(current)
    staged = current.with_name(f".{current.name}.{token}")
    shutil.copyfile(kept.path, staged)
    staged.replace(current)
    record(f"更换本县{what}", f"{kept.name}：{checked.summary()}")
    return redirect(url_for("cases.listing"))
