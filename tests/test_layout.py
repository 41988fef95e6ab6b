"""GB/T 9704's grid in the printed PDFs: 28 characters a line, lines justified to both edges.

Every per-case kind the demo makes is read back with poppler (``pdftotext -bbox-layout``) and
measured: the lines of a paragraph hold 28 characters of 三号 type in the 156 mm line, and every
line but a paragraph's last ends at the right edge of the type area, as Word and WPS print it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import docx_text
from pdf_pages import LINE, Line, Page, pdf_pages

from reportgen.demo import DOCUMENTS

FULL_WIDTH = re.compile(r"[\u4e00-\u9fff，。、；：？！（）《》〈〉“”‘’〔〕]+")
"""Characters one em wide: a line of nothing else shows the grid."""
EM = 16
"""三号 type, in points."""
PER_CASE = sorted({document.folder for document in DOCUMENTS})


def first_pdf(demo_output: Path, folder: str) -> Path:
    """The first per-case PDF of a kind's folder (not the merged print file)."""
    pdfs = sorted(p for p in (demo_output / folder).glob("*.pdf") if "合并打印" not in p.name)
    assert pdfs, folder
    return pdfs[0]


def continued(page: Page, paragraphs: list[str]) -> list[Line]:
    """Body lines whose paragraph goes on in the next line, which starts flush left.

    A paragraph's last line is known by the document's paragraphs (read from its DOCX), since a
    one-line paragraph before a flush one looks like a ragged line.
    """
    lines = page.text_lines
    found = []
    for line, following in pairwise(lines):
        pitch = following.y0 - line.y0
        starts = page.left - 1 <= line.x0 <= page.left + 2 * EM + 1
        ends = any(paragraph.endswith(line.text) for paragraph in paragraphs)
        if starts and not ends and abs(pitch - LINE) < 1 and abs(following.x0 - page.left) < 1:
            found.append(line)
    return found


@pytest.fixture(scope="module")
def body_lines(demo_output: Path) -> dict[str, list[tuple[Page, Line]]]:
    """Each kind's continued body lines, with their pages."""
    found = {}
    for folder in PER_CASE:
        pdf = first_pdf(demo_output, folder)
        paragraphs = [
            re.sub(r"\s+", "", text) for text in docx_text(pdf.with_suffix(".docx")).split("\n")
        ]
        found[folder] = [
            (page, line) for page in pdf_pages(pdf) for line in continued(page, paragraphs)
        ]
    return found


def test_a_full_line_holds_28_characters(body_lines: dict[str, list[tuple[Page, Line]]]) -> None:
    lengths = [
        len(line.text)
        for lines in body_lines.values()
        for _, line in lines
        if FULL_WIDTH.fullmatch(line.text)
    ]
    assert len(lengths) > 20
    assert max(lengths) == 28
    assert lengths.count(28) > len(lengths) / 2, lengths


@pytest.mark.parametrize("folder", PER_CASE)
def test_lines_are_justified_to_both_edges(
    body_lines: dict[str, list[tuple[Page, Line]]], folder: str
) -> None:
    lines = body_lines[folder]
    assert lines, folder
    for page, line in lines:
        assert abs(line.x1 - page.right) < 1, (page.number, line.text, line.x1, page.right)
