"""The TrueType copies of the CFF faces: made once, reused, made again when the source changes or
the copy is damaged, and PDFs drawn with them say the same text in the same places."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from reportgen.render import truetype
from reportgen.render.html import HtmlRenderer
from reportgen.render.pdf import PdfWriter
from reportgen.render.truetype import Source, copy_of, copy_path, valid

TEXT = "限期复学通知书 第1号 张三同学：请于2026年12月1日前返校。"
NOTICE = (
    '{% extends "base.html" %}{% block body %}<h1 class="title">限期复学通知书</h1>'
    "<p>张三同学：请于2026年12月1日前返校复学，逾期依法处理。喆</p>{% endblock %}"
)
RARE = "喆"
"""Outside the copies made below: drawn from the original face."""


def cff_sources() -> list[Source]:
    found = truetype.sources()
    if not found:
        pytest.skip("no CFF Chinese face (fonts-noto-cjk) is installed here")
    return found


@pytest.fixture(scope="module")
def small_cff(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """A CFF face of a few characters, cut from an installed one: quick to convert."""
    source = cff_sources()[0]
    path = tmp_path_factory.mktemp("source") / "small.otf"
    with TTFont(source.path, fontNumber=source.index, lazy=True) as font:
        subsetter = subset.Subsetter(subset.Options(name_IDs=["*"], notdef_outline=True))
        subsetter.populate(text=TEXT)
        subsetter.subset(font)
        font.save(path)
    return replace(source, path=path, index=0)


def chars(text: str) -> frozenset[int]:
    return frozenset(map(ord, text))


def test_copy_is_made_once_with_truetype_outlines_and_the_same_metrics(
    small_cff: Source, tmp_path: Path
) -> None:
    made = copy_of(small_cff, tmp_path, chars(TEXT), build=True)
    assert made is not None and valid(made.path)
    assert made.family == small_cff.family + " TrueType"
    first = made.path.stat()
    again = copy_of(small_cff, tmp_path, chars(TEXT), build=True)
    assert again == made
    assert (made.path.stat().st_ino, made.path.stat().st_mtime_ns) == (
        first.st_ino,
        first.st_mtime_ns,
    )
    with TTFont(small_cff.path) as cff, TTFont(made.path) as ttf:
        assert "glyf" in ttf and "CFF " not in ttf and "CFF " in cff
        for char in set(TEXT):
            glyph = cff.getBestCmap()[ord(char)]
            copied = ttf.getBestCmap()[ord(char)]
            assert ttf["hmtx"][copied] == cff["hmtx"][glyph], char
    assert [p.name for p in tmp_path.iterdir()] == [made.path.name]  # no temporary file left


def test_changed_source_makes_a_new_copy(small_cff: Source, tmp_path: Path) -> None:
    source = replace(small_cff, path=tmp_path / "source.otf")
    shutil.copyfile(small_cff.path, source.path)
    old = copy_of(source, tmp_path / "cache", chars(TEXT), build=True)
    assert old is not None
    with TTFont(small_cff.path) as font:  # a new version of the font file
        font["head"].fontRevision += 1
        font.save(source.path)
    assert copy_path(source, tmp_path / "cache", chars(TEXT)) != old.path
    assert copy_of(source, tmp_path / "cache", chars(TEXT), build=False) is None
    new = copy_of(source, tmp_path / "cache", chars(TEXT), build=True)
    assert new is not None and new.path != old.path and valid(new.path)


@pytest.mark.parametrize("damage", ["cut short", "one byte changed", "not a font"])
def test_damaged_copy_is_refused_and_made_again(
    small_cff: Source, tmp_path: Path, damage: str
) -> None:
    made = copy_of(small_cff, tmp_path, chars(TEXT), build=True)
    assert made is not None
    data = bytearray(made.path.read_bytes())
    if damage == "cut short":
        data = data[: len(data) // 2]
    elif damage == "one byte changed":
        data[len(data) // 2] ^= 0x40
    else:
        data = bytearray(b"<html>" * 100)
    made.path.write_bytes(bytes(data))
    assert not valid(made.path)
    assert copy_of(small_cff, tmp_path, chars(TEXT), build=False) is None
    assert PdfWriter(tmp_path, faces=[made]).faces == []  # never handed to the layout
    again = copy_of(small_cff, tmp_path, chars(TEXT), build=True)
    assert again == made and valid(made.path)


def test_a_copy_of_another_family_version_or_folder_is_not_taken(
    small_cff: Source, tmp_path: Path
) -> None:
    made = copy_of(small_cff, tmp_path / "a", chars(TEXT), build=True)
    assert made is not None
    assert copy_path(small_cff, tmp_path / "a", chars(TEXT + "中")) != made.path
    assert copy_path(replace(small_cff, index=1), tmp_path / "a", chars(TEXT)) != made.path


def pdf_words(path: Path) -> str:
    """Every word of a PDF with its box, as poppler reads them."""
    return subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_drawn_with_copies_says_the_same_words_in_the_same_places(tmp_path: Path) -> None:
    (tmp_path / "notice.html").write_text(NOTICE, encoding="utf-8")
    markup = HtmlRenderer("notice.html", tmp_path).render({})
    text = html.unescape(re.sub(r"<[^>]+>", "", markup)) + "— 1 —"
    used = chars(text) - {ord(RARE)}
    copies = [copy_of(source, tmp_path / "cache", used, build=True) for source in cff_sources()]
    faces = [made for made in copies if made is not None]
    assert len(faces) == len(copies)
    for name, given in (("original", []), ("copies", faces)):
        writer = PdfWriter(tmp_path, faces=given)
        writer.write(writer.layout(markup), tmp_path / f"{name}.pdf", force=False)
    assert pdf_words(tmp_path / "copies.pdf") == pdf_words(tmp_path / "original.pdf")
    assert RARE in pdf_words(tmp_path / "copies.pdf")
    fonts = pdf_fonts(tmp_path / "copies.pdf")
    assert "TrueType-Bold" in fonts  # the title, in the bold copy
    truetype_faces = [line for line in fonts.splitlines() if "-TrueType" in line]
    assert truetype_faces and all("CID TrueType" in line for line in truetype_faces)
    assert "CID Type 0C" in fonts  # the rare character, from the original face
    assert "TrueType" not in pdf_fonts(tmp_path / "original.pdf").replace("CID TrueType", "")


def test_bold_text_is_not_drawn_from_a_regular_copy(tmp_path: Path) -> None:
    """With one face of a family missing, the family's other copies are not used either."""
    serif = [source for source in cff_sources() if source.family == "Noto Serif CJK SC"]
    if {source.weight for source in serif} != {400, 700}:
        pytest.skip("Noto Serif CJK SC regular and bold are not both installed here")
    few = chars("通知")
    regular = next(source for source in serif if source.weight == 400)
    assert copy_of(regular, tmp_path, few, build=True) is not None
    listed = truetype.copies(build=False, folder=tmp_path, chars=few)
    assert not [copy for copy in listed if copy.original == regular.family]
    bold = next(source for source in serif if source.weight == 700)
    assert copy_of(bold, tmp_path, few, build=True) is not None
    listed = truetype.copies(build=False, folder=tmp_path, chars=few)
    assert sorted(c.weight for c in listed if c.original == regular.family) == [400, 700]


def test_a_large_batch_makes_the_copies_once_and_draws_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.render import pdf

    if not sys.platform.startswith("linux"):
        pytest.skip("the cache folder is set through XDG_CACHE_HOME")
    cff_sources()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(truetype, "characters", lambda: chars(NOTICE + "— 0123456789"))
    monkeypatch.setattr(pdf, "BUILD_FROM", pdf.PARALLEL_PDFS)
    (tmp_path / "notice.html").write_text(NOTICE, encoding="utf-8")
    markup = HtmlRenderer("notice.html", tmp_path).render({})
    count = pdf.PARALLEL_PDFS
    pages = [(markup, tmp_path / f"{i}.pdf") for i in range(count)]
    pdf.write_pdfs(pages, tmp_path / "merged.pdf", False, tmp_path)
    made = sorted(truetype.cache_folder().iterdir())
    assert len(made) == len(truetype.sources()) and all(valid(path) for path in made)
    stamps = [path.stat().st_mtime_ns for path in made]
    for path in (tmp_path / "0.pdf", tmp_path / "merged.pdf"):
        assert "TrueType-Bold" in pdf_fonts(path)
    words = pdf_words(tmp_path / "0.pdf")
    pdf.write_pdfs(pages, tmp_path / "merged.pdf", True, tmp_path)
    assert [path.stat().st_mtime_ns for path in sorted(truetype.cache_folder().iterdir())] == stamps
    assert pdf_words(tmp_path / "0.pdf") == words
    merged = subprocess.run(
        ["pdftotext", str(tmp_path / "merged.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert merged.count("限期复学通知书") == count
