"""PDF through WeasyPrint: one document per case, one merged print file, never tofu.

WeasyPrint is imported only here and only when a PDF is made (it takes most of a second to
import). One FontConfiguration serves a whole batch: a new one per document makes memory climb
past a gigabyte over a thousand notices. Each case is laid out as its own document, so its
page numbers start at — 1 —; the merged print file is the pages of all of them in ledger order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.glyphs import missing_glyphs
from reportgen.write import atomic_output

_TAGS = re.compile(r"<style.*?</style>|<[^>]+>", re.DOTALL)


class MissingGlyphs(ReportgenError):
    """Characters no installed font can draw; the PDF is not written."""


@dataclass(frozen=True)
class PdfJob:
    """One case's HTML, the file it becomes, and how to name the case in a message."""

    html: str
    target: Path
    label: str


def check_glyphs(jobs: Sequence[PdfJob]) -> None:
    """Refuse the batch when any text has characters no font can draw, naming them and the case."""
    lines = []
    for job in jobs:
        missing = missing_glyphs(html.unescape(_TAGS.sub("", job.html)))
        if missing:
            shown = "、".join(f"{char}（U+{ord(char):04X}）" for char in missing)
            lines.append(f"  {job.label}：{shown}")
    if lines:
        raise MissingGlyphs(
            "以下字符没有任何已安装的字体可以显示，PDF 未生成（否则会印成空白方框）：\n"
            + "\n".join(lines)
            + "\n请安装含这些字的字体（如 sudo apt-get install fonts-hanazono），"
            "或在台账中核对这些字。"
        )


class PdfWriter:
    """Lays out HTML documents with one shared font configuration and writes their PDFs."""

    def __init__(self, base_url: Path) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.base_url = str(base_url)
        self.font_config = FontConfiguration()

    def layout(self, markup: str) -> Any:
        """One laid-out WeasyPrint document."""
        from weasyprint import HTML

        return HTML(string=markup, base_url=self.base_url).render(font_config=self.font_config)

    def write(self, document: Any, target: Path, force: bool) -> None:
        """Write a laid-out document atomically."""
        with atomic_output(target, force) as temporary:
            document.write_pdf(temporary)

    def write_merged(self, documents: Sequence[Any], target: Path, force: bool) -> None:
        """Write the pages of several documents, in order, as one file."""
        pages = [page for document in documents for page in document.pages]
        self.write(documents[0].copy(pages), target, force)
