"""The DOCX says its layout in terms Word, WPS and LibreOffice all read, checked in the files.

Every per-case kind the demo makes is opened with python-docx and its XML read back: a document
grid of lines only (a grid of characters makes LibreOffice set 14 characters a line), indents in
twips as well as in characters, fonts with alternative names, headings and 署名 kept with what
follows, table headers repeated, page breaks as paragraph properties, Chinese as the language,
properties that name the document and its issuer, forms without page numbers.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from test_one_text import county, notices
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.demo import DOCUMENTS
from reportgen.profile import Profile

PER_CASE = sorted({document.folder for document in DOCUMENTS})


def first_docx(demo_output: Path, folder: str) -> Path:
    """The first per-case DOCX of a kind, as its manifest lists them."""
    manifest = json.loads((demo_output / folder / "manifest.json").read_text(encoding="utf-8"))
    return (
        demo_output / folder / next(f["path"] for f in manifest["files"] if f["format"] == "docx")
    )


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def kept(paragraph: object) -> bool:
    """Whether a paragraph is kept with the next, by its own properties or else by its style."""
    element = paragraph._p  # type: ignore[attr-defined]
    own = element.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
    if own is not None:
        return own.get(qn("w:val")) not in ("0", "false")
    style = paragraph.style  # type: ignore[attr-defined]
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        if found is not None:
            return bool(found.get(qn("w:val")) not in ("0", "false"))
        style = style.base_style
    return False


@pytest.mark.parametrize("folder", PER_CASE)
def test_the_grid_indents_languages_and_page_breaks_are_read_alike(
    demo_output: Path, folder: str
) -> None:
    path = first_docx(demo_output, folder)
    document = Document(str(path))
    for section in document.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None
        assert grid.get(qn("w:linePitch")) == "579"
    indent = document.styles["Normal"].element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert (indent.get(qn("w:firstLine")), indent.get(qn("w:firstLineChars"))) == ("640", "200")
    body = part(path, "word/document.xml")
    assert '<w:br w:type="page"/>' not in body  # a page break is a paragraph's property
    styles = part(path, "word/styles.xml")
    assert 'w:val="zh-CN" w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles + body


def test_every_font_has_the_names_other_programs_look_for(demo_output: Path) -> None:
    table = part(first_docx(demo_output, PER_CASE[0]), "word/fontTable.xml")
    fonts = dict(re.findall(r'<w:font w:name="([^"]+)"><w:altName w:val="([^"]+)"/>', table))
    assert "仿宋" in fonts["仿宋_GB2312"].split(",")
    assert "楷体" in fonts["楷体_GB2312"].split(",")
    assert "SimHei" in fonts["黑体"].split(",")
    assert set(fonts) >= {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"}


@pytest.mark.parametrize("folder", PER_CASE)
def test_headings_and_the_signature_stay_with_what_follows(demo_output: Path, folder: str) -> None:
    document = Document(str(first_docx(demo_output, folder)))
    paragraphs = document.paragraphs
    for paragraph in paragraphs:
        if paragraph.style.style_id in ("Title", "Heading1", "Heading2", "SheetTitle"):
            assert kept(paragraph), paragraph.text
    signature = [i for i, p in enumerate(paragraphs) if p.style.style_id == "Signature"]
    assert signature, folder
    first = signature[0]
    block = signature[: next((n for n, i in enumerate(signature) if i != first + n), None)]
    assert kept(paragraphs[first - 1]), paragraphs[first - 1].text  # the text before the 署名
    assert all(kept(paragraphs[i]) for i in block[:-1])
    assert not kept(paragraphs[block[-1]])  # the 署名 drags nothing after it along


def test_a_table_repeats_its_header_row_on_every_page(demo_output: Path) -> None:
    document = Document(str(first_docx(demo_output, "送教上门")))
    grids = [t for t in document.tables if t.rows[0].cells[0].text == "次数"]
    assert grids
    for table in grids:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])


@pytest.mark.parametrize("folder", PER_CASE)
def test_properties_name_the_document_its_issuer_and_its_day(
    demo_output: Path, sample_profile: Profile, folder: str
) -> None:
    path = first_docx(demo_output, folder)
    document = Document(str(path))
    properties = document.core_properties
    text = "\n".join(p.text for p in document.paragraphs)
    kind, _, number = properties.title.partition(" ")
    assert folder.startswith(kind) or kind.startswith(folder), properties.title
    assert number in text  # its 文号, when it has one
    # The issuer signs it, or the bureau issues what a school signs for it (a subsidy notice).
    assert properties.author in text or properties.author == sample_profile.bureau
    assert properties.author
    core = part(path, "docProps/core.xml")
    assert f"<cp:lastModifiedBy>{properties.author}</cp:lastModifiedBy>" in core
    day = properties.created
    assert day is not None and day.year >= 2026  # not python-docx's template of 2013
    assert f"{day.year}年{day.month}月{day.day}日" in text  # the day the document is dated


def test_forms_have_no_page_number(demo_output: Path) -> None:
    document = Document(str(first_docx(demo_output, "限期复学通知书")))
    notice, forms = document.sections
    assert notice.footer.paragraphs[0].text.startswith("— ")
    assert "PAGE" in notice.footer.paragraphs[0]._p.xml
    assert forms.footer.paragraphs[0].text == "" and "PAGE" not in forms.footer._element.xml
    titles = {p.text: p for p in document.paragraphs if p.style.style_id == "SheetTitle"}
    assert "送达回证" in titles  # begins the forms' section: a new page
    stub = next(p for text, p in titles.items() if text.endswith("（存根）"))
    assert stub._p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def test_jinja_tags_in_a_county_templates_footer_are_filled_in(tmp_path: Path) -> None:
    folder = county(tmp_path)
    exported = CliRunner().invoke(
        app, ["templates", "export", "deadline", "--to", str(folder / "templates")]
    )
    assert exported.exit_code == 0, exported.output
    template = folder / "templates" / "notices" / "deadline.docx"
    word = Document(str(template))
    word.sections[0].footer.add_paragraph("{{ issuer.name }}　{{ doc_number }}")
    word.save(str(template))
    code, output = notices(folder, "--format", "docx")
    assert code == 0, output
    docx = sorted((folder / "通知书").glob("1_*.docx"))[0]
    footer = Document(str(docx)).sections[0].footer
    assert footer.paragraphs[-1].text == "城关镇人民政府　城政控学〔2026〕1号"
