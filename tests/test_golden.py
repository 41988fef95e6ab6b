"""Golden texts: the first document of every kind in the demo, compared as extracted text.

A change to a built-in template or to what a document says shows here as a text diff. When the
change is intended, regenerate the golden files with one command and review the diff:

    REGENERATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import docx_text

from reportgen.demo import DOCUMENTS

GOLDEN = Path(__file__).parent / "golden"


def first_docx(folder: Path) -> Path:
    """The first DOCX of a batch as its manifest lists them: ledger order, merged files last."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    name = next(f["path"] for f in manifest["files"] if f["format"] == "docx")
    return folder / name


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda document: document.kind)
def test_the_first_document_of_each_kind_reads_as_its_golden_text(
    demo_output: Path, document: object
) -> None:
    folder, kind = demo_output / document.folder, document.kind  # type: ignore[attr-defined]
    text = docx_text(first_docx(folder)) + "\n"
    golden = GOLDEN / f"{kind}.txt"
    if os.environ.get("REGENERATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
