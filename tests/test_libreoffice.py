"""Every per-case kind's DOCX laid out by LibreOffice has the pages of reportgen's PDF.

Staff open the DOCX in WPS or Word; LibreOffice, headless, stands in for them. ``scripts/
lo_check.py`` is run as users run it, as a process, on the session's demo output: it converts the
first DOCX of every kind in one ``soffice`` call and counts the lines on each page of both PDFs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.demo import DOCUMENTS

SCRIPT = Path(__file__).parents[1] / "scripts" / "lo_check.py"
PER_CASE = sorted({document.folder for document in DOCUMENTS})
LINES = 2
"""How many lines a page may hold more or fewer in LibreOffice (a form's rows are a little taller
or shorter there) while the pages break at the same places."""


@pytest.fixture(scope="module")
def layouts(demo_output: Path) -> dict[str, dict[str, list[int]]]:
    """Each kind's lines per page in reportgen's PDF and in LibreOffice's, as the script reads them."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed here: scripts/install.sh installs it")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(demo_output), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, dict[str, list[int]]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("folder", PER_CASE)
def test_libreoffice_breaks_the_pages_where_the_pdf_does(
    layouts: dict[str, dict[str, list[int]]], folder: str
) -> None:
    pdf, libreoffice = layouts[folder]["pdf"], layouts[folder]["libreoffice"]
    assert len(libreoffice) == len(pdf), (pdf, libreoffice)
    for ours, theirs in zip(pdf, libreoffice, strict=True):
        assert theirs > 0 and abs(ours - theirs) <= LINES, (pdf, libreoffice)
