"""A PDF's pages as poppler reads them: each text line with its box, in points.

Read with ``pdftotext -bbox-layout`` (poppler-utils), as the layout tests measure what is printed
and not what reportgen meant to print.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

MM = 72 / 25.4
TOP, BOTTOM, INSIDE, OUTSIDE = 37 * MM, 35 * MM, 28 * MM, 26 * MM
"""GB/T 9704's margins: 天头, the bottom, 订口 (left on odd pages) and the outer edge."""
LINE = 28.95
"""The line pitch of 22 lines in the 225 mm type area."""
TYPE_HEIGHT = 225 * MM
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    """One printed line: its text and its box (x from the left, y from the top)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """One page: its number in the file (from 1), its width and its lines top to bottom."""

    number: int
    width: float
    lines: tuple[Line, ...]

    @property
    def left(self) -> float:
        """The left edge of the type area: 订口 on odd pages, the outer margin on even ones."""
        return INSIDE if self.number % 2 else OUTSIDE

    @property
    def right(self) -> float:
        """The right edge of the type area."""
        return self.width - (OUTSIDE if self.number % 2 else INSIDE)

    @property
    def numbered(self) -> bool:
        """Whether the page prints a page number ("— 1 —")."""
        return any(PAGE_NUMBER.match(line.text) for line in self.lines)

    @property
    def text_lines(self) -> list[Line]:
        """The lines of the type area, the page number left aside."""
        return [line for line in self.lines if not PAGE_NUMBER.match(line.text)]

    @property
    def filled(self) -> float:
        """How far down the type area the text reaches, as a share of its height."""
        lines = self.text_lines
        return (max(line.y1 for line in lines) - TOP) / TYPE_HEIGHT if lines else 0.0


def pdf_pages(path: Path) -> list[Page]:
    """Every page of a PDF with its lines, in reading order."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml))
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), 1):
        lines = []
        for line in page.iter(f"{_XHTML}line"):
            text = "".join(word.text or "" for word in line.iter(f"{_XHTML}word"))
            box = [float(line.attrib[key]) for key in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(text, *box))
        lines.sort(key=lambda line: (round(line.y0), line.x0))
        pages.append(Page(number, float(page.attrib["width"]), tuple(lines)))
    return pages
