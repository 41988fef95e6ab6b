"""How full each page of a PDF is: the measure behind "no page with a hole".

A page is read twice: as a picture (pdftoppm, grey, low resolution), to find how far down the
type area its last mark reaches, whatever the mark is — text, a table rule, a chart; and as text
(pdftotext), to count its lines, the page number aside. GB/T 9704's type area runs from 37 mm to
262 mm of the A4 page; the page number sits below it and is not counted.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

PAGE_MM = 297
TOP_MM, BOTTOM_MM = 37, 262
"""The type area's top and bottom, from the top of the page."""
DPI = 30
_PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@dataclass(frozen=True)
class Page:
    """One page: how far down the type area it is filled (0–1), its lines and its first line."""

    number: int
    fill: float
    lines: int
    first: str


def pages(pdf: Path) -> list[Page]:
    """Every page of a PDF, measured."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), "-png", str(pdf), f"{folder}/p"], check=True
        )
        pictures = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        fills = [_fill(Image.open(path)) for path in pictures]
    texts = [_lines(pdf, number) for number in range(1, len(fills) + 1)]
    return [
        Page(number, fill, len(lines), lines[0] if lines else "")
        for number, (fill, lines) in enumerate(zip(fills, texts, strict=True), 1)
    ]


def _fill(picture: Image.Image) -> float:
    """How far down the type area the page's last dark pixel lies."""
    grey = picture.convert("L")
    width, height = grey.size
    top, bottom = (round(height * mm / PAGE_MM) for mm in (TOP_MM, BOTTOM_MM))
    pixels = grey.load()
    assert pixels is not None
    last = top
    for y in range(top, bottom):
        if any(int(pixels[x, y]) < 128 for x in range(width)):  # type: ignore[arg-type]
            last = y
    return (last - top) / (bottom - top)


def _lines(pdf: Path, number: int) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not _PAGE_NUMBER.match(line)]


def holes(pdf: Path, fill: float = 0.7, least: int = 6) -> list[str]:
    """The pages that leave a hole, each with why.

    A page of the text that runs on into the next must be filled to ``fill`` of the type area; the
    last page of the text may end early but must hold at least ``least`` lines (not a lone
    heading, 署名 or two-line remainder). The pages of an 附件 (tables and charts, from the page
    headed 附件 on) must be filled to ``fill`` too, but for the very last page, the end of a table.
    """
    found = pages(pdf)
    annex = next((p.number for p in found if p.first.startswith("附件")), len(found) + 1)
    problems = []
    for page in found:
        last_of_text = page.number == min(annex, len(found) + 1) - 1
        if page.number == len(found) and page.number >= annex:
            continue
        if last_of_text:
            if page.lines < least:
                problems.append(f"第 {page.number} 页只有 {page.lines} 行")
        elif page.fill < fill:
            problems.append(f"第 {page.number} 页只排到版心的 {page.fill:.0%}")
    return problems
