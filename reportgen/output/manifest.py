"""``manifest.json``: every file an output folder holds, with its kind, row, 文号 and SHA-256.

Batches add to the folder's manifest: a second batch into the same folder (another township, the
reissued notice of one child) appends its files, and a file written again replaces its own line.
A voided document's files stay listed, marked void with the reason, as the register holds them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen.output.write import write_text

MANIFEST = "manifest.json"


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, or an empty one; a manifest of an earlier layout is read too."""
    path = folder / MANIFEST
    try:
        document = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        document = {}
    files = document.get("files", []) if isinstance(document, dict) else []
    batches = document.get("batches") or (
        [{"ledger": document["ledger"], "issued_on": document.get("issued_on")}]
        if isinstance(document, dict) and "ledger" in document
        else []
    )
    return {"batches": batches, "files": files}


def add_to_manifest(folder: Path, batch: dict[str, Any], files: Sequence[dict[str, Any]]) -> Path:
    """Record a batch and its files in the folder's manifest."""
    document = read_manifest(folder)
    paths = {entry["path"] for entry in files}
    kept = [entry for entry in document["files"] if entry.get("path") not in paths]
    document["batches"] = [*document["batches"], batch]
    document["files"] = [*kept, *files]
    return _write(folder, document)


def mark_void(folder: Path, doc_number: str, reason: str) -> None:
    """Mark a voided document's files in the folder's manifest."""
    document = read_manifest(folder)
    changed = False
    for entry in document["files"]:
        if entry.get("doc_number") == doc_number:
            entry["state"], entry["void_reason"] = "void", reason
            changed = True
    if changed:
        _write(folder, document)


def _write(folder: Path, document: dict[str, Any]) -> Path:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return write_text(folder / MANIFEST, text, force=True)
