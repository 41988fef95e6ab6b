"""DOCX: Word documents staff can keep editing, from the kind's one template, compiled once.

The built-in way: the kind's HTML template is read as its WordprocessingML twin (``wordml``),
compiled once in the sandboxed, autoescaping environment and rendered per record into the body of
the reference package (``reference``), whose styles, fonts and footers are compressed once.

A county's own Word template (a ``.docx`` of the kind in its templates folder, as ``templates
export`` writes it and Word saves it) is rendered the docxtpl way: its ``word/document.xml`` is
prepared once by docxtpl's own clean-up (tags Word split across runs joined, ``{%p %}`` tags
resolved), compiled in the same environment, rendered per record; its other parts are copied.

Merged print files are composed with docxcompose.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template

from reportgen.output.write import atomic_output
from reportgen.render import reference, templating
from reportgen.render.docxcheck import DocxTemplateRefused, check_docx_template
from reportgen.render.images import Pictures, placed_files
from reportgen.render.package import Package

DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_MARGIN_PART = re.compile(r"word/(header|footer)\d*\.xml")
"""Headers and footers, which a county's Word template may fill with Jinja tags too."""
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")


@dataclass(frozen=True)
class Properties:
    """What a document says of itself (File → Properties): its title, author and day."""

    title: str
    author: str
    day: dt.date


@dataclass(frozen=True)
class RenderedDocx:
    """One rendered Word document: the package, its document XML and the pictures it shows."""

    package: bytes
    xml: str
    pictures: Mapping[str, bytes]
    """Each picture's bytes by its relationship id, for whoever reads the XML back."""


def _check_inside(template: Path, folder: Path | None) -> None:
    """A county Word template must be a file of its templates folder, not a link out of it."""
    if folder is not None and not template.resolve().is_relative_to(folder.resolve()):
        raise DocxTemplateRefused(
            f"Word 模板 {template.name} 是指向模板文件夹之外的链接（{template.resolve()}），已拒绝"
        )


def prepared_xml(template: Path, part: str = DOCUMENT_PART) -> str:
    """A Word template's document XML (or another part's), cleaned by docxtpl so that Jinja can
    read its tags."""
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(template) as package:
        xml = package.read(part).decode("utf-8")
    cleaned = DocxTemplate(template).patch_xml(xml)
    # One paragraph per line, as docxtpl renders: {%p %} tags and error lines refer to them.
    return _PARAGRAPH.sub(r"\n<w:p\1", cleaned)


class DocxWriter:
    """Renders one kind's Word documents for a whole batch.

    ``pictures`` are the image files its documents may show (seals, charts); each goes into the
    package once, and a document mentioning its file URI draws it.
    """

    def __init__(
        self, template: str, overrides: Path | None = None, pictures: Sequence[Path] = ()
    ) -> None:
        self.placed = placed_files(pictures)
        self.pictures = Pictures(self.placed)
        county = templating.county_file(overrides, f"{template}.docx")
        env = templating.docx_environment(overrides, self._draw)
        # A batch's templates stay as they are: no look at each template's file at each render.
        env.auto_reload = False
        if county is None:
            self.template = templating.load(env, f"{template}.html")
            self.own = False
            self.margins: dict[str, Template] = {}
            """A county template's headers and footers with Jinja tags, rendered as its body."""
            self.relationships = reference.DOCUMENT_RELATIONSHIPS
            fixed = {name: part.encode("utf-8") for name, part in reference.FIXED_PARTS.items()}
            del fixed[RELATIONSHIPS]
            self.package = Package({**fixed, **self._picture_parts()})
        else:
            _check_inside(county, overrides)
            check_docx_template(county)
            self.template = _compiled(env, county.name, prepared_xml(county))
            self.own = True
            with zipfile.ZipFile(county) as package:
                self.relationships = package.read(RELATIONSHIPS).decode("utf-8")
                types = package.read(CONTENT_TYPES).decode("utf-8")
                margins = [name for name in package.namelist() if _MARGIN_PART.fullmatch(name)]
            sources = {name: prepared_xml(county, name) for name in margins}
            self.margins = {
                name: _compiled(env, f"{county.name} {name}", source)
                for name, source in sources.items()
                if "{" in re.sub(r"<[^>]+>", "", source)
            }
            changing = frozenset({DOCUMENT_PART, CORE_PART, RELATIONSHIPS, CONTENT_TYPES})
            changing |= self.margins.keys()
            parts = {CONTENT_TYPES: _with_picture_types(types).encode("utf-8")}
            self.package = Package({**parts, **self._picture_parts()}, county, changing)

    def _picture_parts(self) -> dict[str, bytes]:
        return {placed.part: placed.picture.data for placed in self.placed.values()}

    def _draw(self, uri: str, role: str) -> str:
        return self.pictures.drawing(uri, role)

    def render(self, context: Mapping[str, Any], properties: Properties) -> RenderedDocx:
        """One rendered document."""
        self.pictures = pictures = Pictures(self.placed)
        body = templating.render(self.template, context)
        if self.own:  # the built-in macros it calls mark their forms' pages: one section here
            xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", body.replace(reference.SHEET_MARK, ""))
        else:
            xml = reference.document(body)
        changed = {
            DOCUMENT_PART: xml.encode("utf-8"),
            RELATIONSHIPS: _relationships(self.relationships, pictures.relationships()),
            CORE_PART: _core(properties),
            **{
                name: templating.render(part, context).encode("utf-8")
                for name, part in self.margins.items()
            },
            **pictures.parts(),
        }
        shown = {p.rid: p.picture.data for p in [*self.placed.values(), *pictures.added.values()]}
        return RenderedDocx(self.package.with_parts(changed), xml, shown)


# The relationships and properties of a batch's documents are mostly the same from one to the
# next: made once, the package sees the same part again and does not compress it again.


@lru_cache(maxsize=64)
def _relationships(relationships: str, pictures: str) -> bytes:
    """The document's relationships with those of its pictures."""
    return relationships.replace("</Relationships>", pictures + "</Relationships>").encode("utf-8")


@lru_cache(maxsize=64)
def _core(properties: Properties) -> bytes:
    """The document's core properties part."""
    core = reference.core_properties(properties.title, properties.author, properties.day)
    return core.encode("utf-8")


def _compiled(env: Environment, name: str, source: str) -> Template:
    """A county's Word template (or its header or footer) compiled from its prepared XML, or a
    message naming the Word paragraph at fault."""
    try:
        template = env.from_string(source)
    except templating.TemplateSyntaxError as error:
        raise templating.TemplateProblem(
            templating.describe(error, name) + _paragraph_hint(source, error.lineno)
        ) from None
    template.name = name
    return template


def _with_picture_types(types: str) -> str:
    """Content types that name PNG and JPEG, which the pictures need."""
    for extension, mime in (("png", "image/png"), ("jpeg", "image/jpeg")):
        if f'Extension="{extension}"' not in types:
            types = types.replace(
                "<Default ", f'<Default Extension="{extension}" ContentType="{mime}"/><Default ', 1
            )
    return types


def _paragraph_hint(source: str, line: int | None) -> str:
    """The text of the Word paragraph a template error is on, since Word has no line numbers."""
    if not line:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]) if line <= len(lines) else ""
    return f"；所在段落：“{text.strip()}”" if text.strip() else ""


def export_template(template: str, target: Path, force: bool) -> Path:
    """A kind's template as a Word file to edit: its text with the Jinja tags visible in it.

    The tags follow docxtpl's conventions, so the edited file renders as the county's template.
    """
    from reportgen.render.wordml import convert

    env = templating.environment()
    assert env.loader is not None
    source = env.loader.get_source(env, f"{templating.BUILTIN_PREFIX}:{template}.html")[0]
    body = convert(source, f"{template}.html", export=True)
    parts = {name: part.encode("utf-8") for name, part in reference.FIXED_PARTS.items()}
    core = reference.core_properties(Path(template).stem, "", dt.date.today())
    package = Package(parts).with_parts(
        {DOCUMENT_PART: reference.document(body).encode("utf-8"), CORE_PART: core.encode("utf-8")}
    )
    with atomic_output(target, force) as temporary:
        temporary.write_bytes(package)
    return target


def merge_docx(sources: Sequence[Path], target: Path, force: bool) -> None:
    """One .docx holding all the sources in order, each a section of its own.

    A section break (not a page break) ends each document, carrying the template's page set-up,
    so every document starts on a new page and its page numbers start again at "— 1 —".
    """
    from docx import Document
    from docxcompose.composer import Composer

    master = Document(str(sources[0]))
    composer = Composer(master)
    for source in sources[1:]:
        _end_section(master)
        composer.append(Document(str(source)))
    _same_footers(master)
    with atomic_output(target, force) as temporary:
        composer.save(str(temporary))


def _end_section(document: Any) -> None:
    """End the document so far with a section break like its own final section properties."""
    from docx.oxml.ns import qn

    final = document.element.body.find(qn("w:sectPr"))
    properties = document.add_paragraph()._p.get_or_add_pPr()
    properties.append(copy.deepcopy(final))


def _same_footers(document: Any) -> None:
    """Numbered sections with the first section's footers, the others (forms) with the last's.

    docxcompose drops the footers of the documents it appends; each document's sections are its
    numbered pages (whose numbers start at 1) and perhaps its forms, without page numbers.
    """
    from docx.oxml.ns import qn

    sections = [section._sectPr for section in document.sections]
    numbered, forms = (
        [copy.deepcopy(r) for r in s.findall(qn("w:footerReference"))]
        for s in (sections[0], sections[-1])
    )
    for section in sections[1:-1]:
        for footer in section.findall(qn("w:footerReference")):
            section.remove(footer)
        starts = section.find(qn("w:pgNumType")) is not None
        for footer in reversed(numbered if starts else forms):
            section.insert(0, copy.deepcopy(footer))
