"""DOCX: Word documents staff can keep editing, rendered from a template compiled once.

docxtpl's way, a new DocxTemplate per record that re-parses the whole package, costs ~27 ms a
notice. Only ``word/document.xml`` holds the template's tags, so it is prepared once with
docxtpl's own clean-up (tags that Word split across runs are joined, ``{%p %}`` tags resolved),
compiled once in the sandboxed, autoescaping environment, and rendered per record; every other
part of the package is copied as it is. Merged print files are composed with docxcompose.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reportgen.output.write import atomic_output
from reportgen.render import templating
from reportgen.render.package import Package

DOCUMENT_PART = "word/document.xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")


def prepared_xml(template: Path) -> str:
    """The template's document XML, cleaned by docxtpl so that Jinja can read its tags."""
    from docxtpl import DocxTemplate

    with zipfile.ZipFile(template) as package:
        xml = package.read(DOCUMENT_PART).decode("utf-8")
    cleaned = DocxTemplate(template).patch_xml(xml)
    # One paragraph per line, as docxtpl renders: {%p %} tags and error lines refer to them.
    return _PARAGRAPH.sub(r"\n<w:p\1", cleaned)


class DocxRenderer:
    """Renders one DOCX template for a whole batch.

    Seal images are added to the package once; a context whose ``seal`` is one of their file URIs
    gets, in its place, a drawing of that seal floating behind the signature, as a seal is stamped.
    """

    def __init__(
        self, template: Path, overrides: Path | None = None, seals: Sequence[Path] = ()
    ) -> None:
        source = prepared_xml(template)
        fixed, self.drawings = _seal_parts(template, seals)
        self.package = Package(template, DOCUMENT_PART, fixed)
        env = templating.environment(overrides)
        try:
            self.template = env.from_string(source)
        except templating.TemplateSyntaxError as error:
            raise templating.TemplateProblem(
                templating.describe(error, template.name) + _paragraph_hint(source, error.lineno)
            ) from None
        self.template.name = template.name

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The bytes of one rendered .docx."""
        seal = context.get("seal")
        if seal in self.drawings:
            context = {**context, "seal": self.drawings[seal]}
        xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", templating.render(self.template, context))
        return self.package.with_part(xml.encode("utf-8"))


SEAL_SIZE = 42 * 36000
"""A seal 42 mm across, in EMU."""
RELATIONSHIPS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _seal_parts(
    template: Path, seals: Sequence[Path]
) -> tuple[dict[str, bytes], dict[str, Markup]]:
    """The package parts that carry the seal images, and each seal's drawing by its file URI."""
    if not seals:
        return {}, {}
    with zipfile.ZipFile(template) as package:
        relationships = package.read(RELATIONSHIPS).decode("utf-8")
        types = package.read(CONTENT_TYPES).decode("utf-8")
    parts: dict[str, bytes] = {}
    drawings: dict[str, Markup] = {}
    for index, seal in enumerate(dict.fromkeys(seals)):
        extension = seal.suffix.lower().lstrip(".") or "png"
        rid = f"rIdReportgenSeal{index}"
        parts[f"word/media/reportgen-seal-{index}.{extension}"] = seal.read_bytes()
        relationships = relationships.replace(
            "</Relationships>",
            f'<Relationship Id="{rid}" Type="{IMAGE_RELATIONSHIP}" '
            f'Target="media/reportgen-seal-{index}.{extension}"/></Relationships>',
        )
        if f'Extension="{extension}"' not in types:
            mime = "image/jpeg" if extension in ("jpg", "jpeg") else f"image/{extension}"
            types = types.replace(
                "<Default ", f'<Default Extension="{extension}" ContentType="{mime}"/><Default ', 1
            )
        drawings[seal.as_uri()] = Markup(
            _SEAL_DRAWING.format(rid=rid, size=SEAL_SIZE, id=9000 + index)
        )
    parts[RELATIONSHIPS] = relationships.encode("utf-8")
    parts[CONTENT_TYPES] = types.encode("utf-8")
    return parts, drawings


_SEAL_DRAWING = (
    '</w:t></w:r><w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="251659264" behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>right</wp:align>'
    '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>-540000</wp:posOffset>'
    '</wp:positionV><wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapNone/><wp:docPr id="{id}" name="seal"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="seal"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    '</a:graphic></wp:anchor></w:drawing></w:r><w:r><w:t xml:space="preserve">'
)
"""A seal floating behind the signature, right-aligned in the type area (GB/T 9704 §7)."""


def _paragraph_hint(source: str, line: int | None) -> str:
    """The text of the Word paragraph a template error is on, since Word has no line numbers."""
    if not line:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]) if line <= len(lines) else ""
    return f"；所在段落：“{text.strip()}”" if text.strip() else ""


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
    with atomic_output(target, force) as temporary:
        composer.save(str(temporary))


def _end_section(document: Any) -> None:
    """End the document so far with a section break like its own final section properties."""
    from docx.oxml.ns import qn

    final = document.element.body.find(qn("w:sectPr"))
    properties = document.add_paragraph()._p.get_or_add_pPr()
    properties.append(copy.deepcopy(final))
