"""GB/T 9704's grid in the printed PDFs: 28 characters a line, lines justified to both edges.

Every per-case kind the demo makes is read back with poppler (``pdftotext -bbox-layout``) and
measured: the lines of a paragraph hold 28 characters of 三号 type in the 156 mm line, and every
line but a paragraph's last ends at the right edge of the type area, as Word and WPS print it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import docx_text
from pdf_pages import LINE, Line, Page, pdf_pages

from reportgen.demo import DOCUMENTS
from reportgen.render.fonts import ROLES, FontRole, installed_families, substitute
from reportgen.render.html import HtmlRenderer
from reportgen.render.pdf import PdfWriter

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


def fonts_of(pdf: Path) -> dict[str, str]:
    """Each piece of text on a PDF's first page, with the name of the font it is drawn in."""
    from pypdf import PdfReader

    found: dict[str, str] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() and font:
            found[text.strip()] = str(font["/BaseFont"])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def role(name: str) -> FontRole:
    return next(role for role in ROLES if role.role == name)


def test_the_title_stands_in_a_bold_face_when_the_official_font_is_missing(
    demo_output: Path,
) -> None:
    title = role("标题")
    if substitute(title) in (title.official, *title.aliases):
        pytest.skip("方正小标宋简体 is installed here: the title is drawn in it")
    fonts = fonts_of(first_pdf(demo_output, "行政处罚决定书"))
    heading = next(font for text, font in fonts.items() if "行政处罚决定书" in text)
    body = next(font for text, font in fonts.items() if "当事人" in text)
    assert heading.endswith(("Bold", "Black")), heading
    assert not body.endswith(("Bold", "Black")), body


def test_kai_stands_in_with_mainland_punctuation_where_installed(tmp_path: Path) -> None:
    kai = role("二级标题")
    if "AR PL KaitiM GB" not in installed_families():
        pytest.skip("AR PL KaitiM GB (fonts-arphic-gkai00mp) is not installed here")
    if substitute(kai) != "AR PL KaitiM GB":
        pytest.skip(f"a closer 楷体 is installed here: {substitute(kai)}")
    (tmp_path / "heading.html").write_text(
        '{% extends "base.html" %}{% block body %}<h3>（一）加强组织领导</h3>{% endblock %}',
        encoding="utf-8",
    )
    markup = HtmlRenderer("heading.html", tmp_path).render({})
    writer = PdfWriter(tmp_path)
    writer.write(writer.layout(markup), tmp_path / "heading.pdf", force=False)
    assert "KaitiM" in fonts_of(tmp_path / "heading.pdf")["（一）加强组织领导"]


def per_case_pdfs(demo_output: Path, folder: str) -> list[Path]:
    """Every per-case PDF of a kind's folder (not the merged print file)."""
    return sorted(p for p in (demo_output / folder).glob("*.pdf") if "合并打印" not in p.name)


def text_lines(page: Page) -> list[Line]:
    """The lines of running text: those that start at the left edge or two characters in (not a
    署名 at the right, not a table's cells)."""
    return [line for line in page.text_lines if page.left - 1 <= line.x0 <= page.left + 2 * EM + 1]


@pytest.mark.parametrize("folder", PER_CASE)
def test_no_page_holds_only_a_heading_a_signature_a_table_or_a_remainder(
    demo_output: Path, folder: str
) -> None:
    """Every numbered page after the first holds three lines of text or more; forms (送达回证,
    存根, 回函, record sheets) are pages without a number, tables by design."""
    pdfs = per_case_pdfs(demo_output, folder)
    assert pdfs
    for pdf in pdfs:
        for page in pdf_pages(pdf)[1:]:
            if page.numbered:
                lines = [line.text for line in text_lines(page)]
                assert len(lines) >= 3, (pdf.name, page.number, lines)


@pytest.mark.parametrize("folder", ["协查函", "致家长的一封信"])
def test_a_letter_and_its_reply_fill_two_pages(demo_output: Path, folder: str) -> None:
    for pdf in per_case_pdfs(demo_output, folder):
        pages = pdf_pages(pdf)
        assert len(pages) == 2, pdf.name
        assert any(line.text.startswith(("回", "协查回函")) for line in pages[1].lines)


def test_two_months_of_home_teaching_share_a_record_page(demo_output: Path) -> None:
    for pdf in per_case_pdfs(demo_output, "送教上门"):
        months = [
            sum(line.text.startswith("送教上门记录表") for line in page.lines)
            for page in pdf_pages(pdf)[1:]
        ]
        assert months and all(count == 2 for count in months[:-1]), (pdf.name, months)
        assert months[-1] in (1, 2)


@pytest.mark.parametrize("folder", ["限期复学通知书", "行政处罚决定书", "催告书"])
def test_forms_carry_no_page_number(demo_output: Path, folder: str) -> None:
    pages = pdf_pages(first_pdf(demo_output, folder))
    assert pages[0].numbered
    forms = [page for page in pages if any("送达回证" in line.text for line in page.lines[:2])]
    assert forms
    assert not any(page.numbered for page in forms)


BROKEN_BEFORE = re.compile(r"〔\d{0,4}$|〔\d{4}〕\d*$")
"""A line that ends inside a 文号 (河政罚〔2026 / 〕2号)."""
BROKEN_AFTER = re.compile(r"^〔\d{4}〕")
"""A line that begins inside one (河政罚 / 〔2026〕2号)."""


@pytest.mark.parametrize("folder", PER_CASE)
def test_no_document_number_is_broken_across_lines(demo_output: Path, folder: str) -> None:
    for pdf in per_case_pdfs(demo_output, folder):
        for page in pdf_pages(pdf):
            for line, following in pairwise(page.text_lines):
                broken = BROKEN_BEFORE.search(line.text) or BROKEN_AFTER.match(following.text)
                assert not broken, (pdf.name, page.number, line.text, following.text)
