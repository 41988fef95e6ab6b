"""Files sent from the browser: kept in the workspace under a name the server makes (never the
name or path the browser sent), only if the suffix is one the page takes and the first bytes
agree with it, and no larger than the app allows; each visible to the account that sent it."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import abort, request

from reportgen.errors import Refused, UsageProblem
from reportgen.web.site import site, user


@dataclass(frozen=True)
class Upload:
    """An uploaded file: where the server keeps it, whose it is, what the browser called it."""

    token: str
    path: Path
    owner: str
    name: str
    purpose: str = ""
    """What the file was sent as (the case ledger, a roster), as the form said."""


def save_upload(kinds: Mapping[str, tuple[bytes, ...]], what: str, purpose: str = "") -> Upload:
    """The file of the form's ``file`` field, checked and kept under a name of the server's."""
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        raise UsageProblem(f"请选择要上传的{what}")
    suffix = Path(sent.filename).suffix.lower()
    if suffix not in kinds:
        raise Refused(f"只能上传{what}：{'、'.join(kinds)}；“{sent.filename}”不是")
    data = sent.read()
    if not data:
        raise UsageProblem(f"“{sent.filename}”是空文件")
    if kinds[suffix] and not data.startswith(kinds[suffix]):
        raise Refused(f"“{sent.filename}”的内容不是 {suffix} 文件（文件名和内容不符）")
    if (
        not kinds[suffix]
        and b"\x00" in data[:4096]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise Refused(f"“{sent.filename}”不是文本格式的 CSV 文件")
    token = secrets.token_hex(12)
    path = site().uploads / f"{token}{suffix}"
    path.write_bytes(data)
    note = {"owner": user().name, "name": Path(sent.filename).name, "purpose": purpose}
    path.with_suffix(".json").write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    return Upload(token, path, user().name, note["name"], purpose)


def find_upload(token: str) -> Upload:
    """An upload of the signed-in user's, or 404."""
    if not token.isalnum():
        abort(404)
    notes = site().uploads / f"{token}.json"
    if not notes.is_file():
        abort(404)
    note = json.loads(notes.read_text(encoding="utf-8"))
    files = [p for p in site().uploads.glob(f"{token}.*") if p.suffix != ".json"]
    if note["owner"] != user().name or not files:
        abort(404)
    return Upload(token, files[0], note["owner"], note["name"], note.get("purpose", ""))
