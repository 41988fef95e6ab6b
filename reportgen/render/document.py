"""One document kind's renderings for a batch: the DOCX and the HTML (so the PDF) from one source.

Which source that is follows the county's template folder, so that the two formats can never say
different things without it being noticed:
- no county template of the kind: the built-in HTML template, read as WordprocessingML for Word;
- a county HTML template (whole, or ``{% extends "builtin:…" %}``): that, for both formats;
- a county Word template only: that, and the PDF is laid out from each rendered DOCX;
- both: each renders its own format, and :meth:`Rendering.difference` tells where they part
  (the batch refuses such documents before anything is numbered or written).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.render.docx import DocxWriter, Properties, RenderedDocx
from reportgen.render.html import HtmlRenderer
from reportgen.render.templating import county_file
from reportgen.render.texts import Difference, difference, docx_paragraphs, html_paragraphs


@dataclass(frozen=True)
class Rendering:
    """One document in the formats asked for."""

    docx: RenderedDocx | None
    html: str | None

    def difference(self) -> Difference | None:
        """Where the Word and the PDF text of the document part, if they do."""
        if self.docx is None or self.html is None:
            return None
        return difference(docx_paragraphs(self.docx.xml), html_paragraphs(self.html))


class DocumentRenderer:
    """A kind's templates, compiled once for a batch, rendering each document in its formats."""

    def __init__(
        self,
        template: str,
        overrides: Path | None,
        formats: Iterable[str],
        pictures: Sequence[Path] = (),
    ) -> None:
        wanted = set(formats)
        own_docx = county_file(overrides, f"{template}.docx")
        own_html = county_file(overrides, f"{template}.html")
        self.from_docx = own_docx is not None and own_html is None
        """The PDF is laid out from the county's own Word documents."""
        needs_html = bool({"html", "pdf"} & wanted)
        needs_docx = "docx" in wanted or (needs_html and self.from_docx)
        self.docx = DocxWriter(template, overrides, pictures) if needs_docx else None
        self.html = HtmlRenderer(f"{template}.html", overrides) if needs_html else None

    def render(self, context: Mapping[str, Any], properties: Properties) -> Rendering:
        """One document: its DOCX and HTML, as the batch asked for them."""
        docx = self.docx.render(context, properties) if self.docx else None
        if self.html is None:
            return Rendering(docx, None)
        if self.from_docx and docx is not None:
            from reportgen.render.fromdocx import html_body

            return Rendering(
                docx, self.html.page(html_body(docx.xml, docx.pictures), properties.title)
            )
        return Rendering(docx, self.html.render(context))
