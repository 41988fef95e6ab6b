"""Golden texts: the first document of every kind in the demo, compared as extracted text.

The DOCX is read with python-docx (its paragraphs and table cells, in order); the PDF with
pdftotext, as its sentences (white space and page numbers aside), one a line.

A change to a built-in template or to what a document says shows here as a text diff. When the
change is intended, regenerate the golden files with one command and review the diff:

    REGENERATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text, sentences

from reportgen.demo import DOCUMENTS

GOLDEN = Path(__file__).parent / "golden"


def first_docx(folder: Path) -> Path:
    """The first DOCX of a batch as its manifest lists them: ledger order, merged files last."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    name = next(f["path"] for f in manifest["files"] if f["format"] == "docx")
    return folder / name


def golden(name: str, text: str) -> str:
    """The golden text of a name; written first when regenerating."""
    path = GOLDEN / name
    if os.environ.get("REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda document: document.kind)
def test_the_first_document_of_each_kind_reads_as_its_golden_text(
    demo_output: Path, document: object
) -> None:
    folder, kind = demo_output / document.folder, document.kind  # type: ignore[attr-defined]
    docx = first_docx(folder)
    text = docx_text(docx) + "\n"
    assert text == golden(f"{kind}.txt", text)
    pdf = "\n".join(sentences(pdf_text(docx.with_suffix(".pdf")))) + "\n"
    assert pdf == golden(f"{kind}.pdf.txt", pdf)
