"""The words of a rendered document, paragraph by paragraph, in each format, and their comparison.

A DOCX and the PDF of the same document must say the same thing. Both are read here as the list
of their non-empty paragraphs (a table cell is a paragraph, a heading is one), white space
collapsed: Word's paragraphs from ``word/document.xml``, the PDF's from the HTML it is laid out
from. :func:`difference` names the first paragraph where they part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_BLOCKS = {
    "address", "article", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "html", "li", "main", "ol",
    "p", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_SILENT = {"head", "style", "script", "title", "template", "noscript"}


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def docx_paragraphs(xml: str | bytes) -> list[str]:
    """Every non-empty paragraph of a Word document's body (table cells included), in order."""
    root = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    found = []
    for paragraph in root.iter(f"{W}p"):
        pieces = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
            pieces.append(node.text or "" if node.tag == f"{W}t" else " ")
        text = _clean("".join(pieces))
        if text:
            found.append(text)
    return found


def html_paragraphs(markup: str) -> list[str]:
    """Every non-empty paragraph the HTML lays out: the text between block boundaries."""
    root = html.document_fromstring(markup)
    pieces: list[str] = []
    _walk(root, pieces)
    return [text for text in (_clean(piece) for piece in "".join(pieces).split("\x00")) if text]


def _walk(element: html.HtmlElement, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SILENT:
        pieces.append(element.tail or "")
        return
    block = tag in _BLOCKS
    if block:
        pieces.append("\x00")
    if tag == "br":
        pieces.append(" ")
    if isinstance(element.tag, str):
        pieces.append(element.text or "")
        for child in element:
            _walk(child, pieces)
    if block:
        pieces.append("\x00")
    pieces.append(element.tail or "")


@dataclass(frozen=True)
class Difference:
    """Where two renderings of one document part: the paragraph and its two wordings."""

    paragraph: int
    word: str
    pdf: str

    def __str__(self) -> str:
        return f"第 {self.paragraph} 段：Word 为“{self.word}”，PDF 为“{self.pdf}”"


def difference(word: list[str], pdf: list[str]) -> Difference | None:
    """The first paragraph where the Word and the PDF text differ, or None when they agree."""
    for index in range(max(len(word), len(pdf))):
        left = word[index] if index < len(word) else "（无）"
        right = pdf[index] if index < len(pdf) else "（无）"
        if left != right:
            return Difference(index + 1, left, right)
    return None
