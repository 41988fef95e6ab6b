"""DOCX: Word documents staff can keep editing, rendered from a template compiled once.

docxtpl's way, a new DocxTemplate per record that re-parses the whole package, costs ~27 ms a
notice. Only ``word/document.xml`` holds the template's tags, so it is prepared once with
docxtpl's own clean-up (tags that Word split across runs are joined, ``{%p %}`` tags resolved),
compiled once in the sandboxed, autoescaping environment, and rendered per record; every other
part of the package is copied as it is. Merged print files are composed with docxcompose.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportgen import templating
from reportgen.render.package import Package
from reportgen.write import atomic_output

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
    """Renders one DOCX template for a whole batch."""

    def __init__(self, template: Path, overrides: Path | None = None) -> None:
        source = prepared_xml(template)
        self.package = Package(template, DOCUMENT_PART)
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
        xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", templating.render(self.template, context))
        return self.package.with_part(xml.encode("utf-8"))


def _paragraph_hint(source: str, line: int | None) -> str:
    """The text of the Word paragraph a template error is on, since Word has no line numbers."""
    if not line:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1]) if line <= len(lines) else ""
    return f"；所在段落：“{text.strip()}”" if text.strip() else ""


def merge_docx(sources: Sequence[Path], target: Path, force: bool) -> None:
    """One .docx holding all the sources in order, each starting on a new page."""
    from docx import Document
    from docxcompose.composer import Composer

    master = Document(str(sources[0]))
    composer = Composer(master)
    for source in sources[1:]:
        master.add_page_break()  # type: ignore[no-untyped-call]
        composer.append(Document(str(source)))
    with atomic_output(target, force) as temporary:
        composer.save(str(temporary))
