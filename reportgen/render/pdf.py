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
from reportgen.output.write import atomic_output
from reportgen.render.glyphs import missing_glyphs
from reportgen.render.justify import justify
from reportgen.render.policy import ResourceRefused, fetcher
from reportgen.render.truetype import Copy, checked, copies
from reportgen.render.workers import mortal_pool
from reportgen.resources import builtin_templates

PARALLEL_PDFS = 8
"""From this many PDFs on, layout runs in a second process too (the machine has two cores): a
notice takes ~0.2 s, starting the worker a small part of that."""
COPIES_FROM = PARALLEL_PDFS
"""From this many PDFs on, they are drawn with the TrueType copies of the fonts: checking and
loading the copies takes ~0.1 s a process, each notice then is written ~0.06 s faster."""
BUILD_FROM = 50
"""A batch of this many PDFs makes the TrueType copies of the fonts (once per machine, about a
minute) when they are missing; a smaller one uses them if they are there."""
MERGE_CHUNK = 100
"""Laid-out documents kept for the merged file before they are written out as one part."""
_TAGS = re.compile(r"<style.*?</style>|<[^>]+>", re.DOTALL)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


class MissingGlyphs(ReportgenError):
    """Characters no installed font can draw; the PDF is not written."""


@dataclass(frozen=True)
class PdfJob:
    """One document's HTML, and how to name its case in a message."""

    html: str
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

    def __init__(
        self, base_url: Path, roots: Sequence[Path] = (), *, faces: Sequence[Copy] = ()
    ) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.base_url = str(base_url)
        self.font_config = FontConfiguration()
        self.stylesheets: dict[str, Any] = {}
        self.fetcher, self.refusal = fetcher((builtin_templates(), base_url, *roots))
        self.faces = _register(self.font_config, faces)

    def _stylesheet(self, styles: str) -> str:
        """The batch's styles, each converted face named before the face it was made from."""
        for original, family in {face.original: face.family for face in self.faces}.items():
            styles = styles.replace(f'"{original}"', f'"{family}", "{original}"')
        return styles

    def layout(self, markup: str) -> Any:
        """One laid-out WeasyPrint document, its Chinese lines justified to both edges.

        The documents of a batch share their stylesheet; it is parsed once (parsing it again for
        every notice was a fifth of the layout time) and the page gets it ready-made.
        """
        from weasyprint import CSS, HTML

        styles = _STYLE.findall(markup)
        key = "\n".join(styles)
        options = {"base_url": self.base_url, "url_fetcher": self.fetcher}
        try:
            if key not in self.stylesheets:
                self.stylesheets[key] = CSS(
                    string=self._stylesheet(key), font_config=self.font_config, **options
                )
            page = HTML(string=_STYLE.sub("", markup), **options)
            document = page.render(
                stylesheets=[self.stylesheets[key]], font_config=self.font_config
            )
        except self.refusal as refusal:
            raise ResourceRefused(str(refusal)) from None
        justify(document)
        return document

    def write(self, document: Any, target: Path, force: bool) -> None:
        """Write a laid-out document atomically (attachments are fetched only now)."""
        with atomic_output(target, force) as temporary:
            try:
                document.write_pdf(temporary, url_fetcher=self.fetcher)
            except self.refusal as refusal:
                raise ResourceRefused(str(refusal)) from None

    def write_merged(self, documents: Sequence[Any], target: Path, force: bool) -> None:
        """Write the pages of several documents, in order, as one file."""
        pages = [page for document in documents for page in document.pages]
        self.write(documents[0].copy(pages), target, force)


def _register(font_config: Any, faces: Sequence[Copy]) -> list[Copy]:
    """Make the converted faces known to the layout under their own family names; those taken.

    Each face's bytes are read and checked here and handed over as they are, not through the
    pages' URL fetcher: a page cannot name the cache folder, nor a face change in between. A
    family with any face failing the check is left out whole (see ``truetype.copies``).
    """
    read = {face: checked(face.path) for face in faces}
    lacking = {face.original for face, data in read.items() if data is None}
    taken = [face for face in faces if face.original not in lacking]
    for face in taken:
        rule = {"src": [("external", face.path.as_uri())], "font_family": face.family}
        font_config.add_font_face({**rule, "font_weight": face.weight}, _serving(read[face]))
    return taken


def _serving(data: bytes | None) -> Any:
    """A URL fetcher that answers with ``data``, whatever it is asked for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Serving(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return URLFetcherResponse(url, data, {"Content-Type": "font/ttf"})

    return Serving()


def write_pdfs(
    pages: Sequence[tuple[str, Path | None]],
    merged: Path | None,
    force: bool,
    base_url: Path,
    roots: tuple[Path, ...] = (),
) -> None:
    """Write every HTML document as its PDF, and all of them as one merged PDF when asked; a
    document without a path of its own is only in the merged PDF.

    Pages may load pictures and stylesheets from the built-in templates, ``base_url`` and
    ``roots`` only (see ``render.policy``). A batch of :data:`COPIES_FROM` pages or more is
    drawn with the TrueType copies of the CFF fonts (``render.truetype``), made first when the
    batch is large enough to be worth it. Large batches are split in two halves laid out in two
    processes. The merged file is written in parts of :data:`MERGE_CHUNK`
    documents (keeping a thousand laid-out documents for one write took well over a gigabyte)
    and the parts are joined with pypdf.
    """
    prefix = merged.with_name(f".{merged.name}") if merged else None
    faces = copies(build=len(pages) >= BUILD_FROM) if len(pages) >= COPIES_FROM else []
    if len(pages) < PARALLEL_PDFS:
        parts = _write_run(list(pages), prefix, force, base_url, roots, faces=faces)
    else:
        middle = len(pages) // 2
        with mortal_pool(1) as pool:
            rest = list(pages[middle:])
            second = pool.submit(
                _write_run, rest, _tagged(prefix, "b"), force, base_url, roots, faces=faces
            )
            first = list(pages[:middle])
            parts = _write_run(first, _tagged(prefix, "a"), force, base_url, roots, faces=faces)
            parts += second.result()
    if merged:
        _concatenate(parts, merged, force)


def _tagged(prefix: Path | None, tag: str) -> Path | None:
    return prefix.with_name(f"{prefix.name}.{tag}") if prefix else None


def _write_run(
    pages: list[tuple[str, Path | None]],
    part_prefix: Path | None,
    force: bool,
    base_url: Path,
    roots: tuple[Path, ...],
    *,
    faces: list[Copy],
) -> list[Path]:
    """Write one run of PDFs; with a prefix, also its merged parts, whose paths are returned."""
    writer = PdfWriter(base_url, roots, faces=faces)
    documents: list[Any] = []
    parts: list[Path] = []
    for index, (markup, target) in enumerate(pages, 1):
        document = writer.layout(markup)
        if target is not None:
            writer.write(document, target, force)
        if part_prefix is None:
            continue
        documents.append(document)
        if len(documents) == MERGE_CHUNK or index == len(pages):
            parts.append(part_prefix.with_name(f"{part_prefix.name}.{len(parts)}.part"))
            writer.write_merged(documents, parts[-1], force=True)
            documents = []
    return parts


def _concatenate(parts: list[Path], target: Path, force: bool) -> None:
    """Join PDF parts, in order, into one file; the parts are removed whatever happens."""
    from pypdf import PdfWriter as Concatenation

    joined = Concatenation()
    try:
        for part in parts:
            joined.append(str(part))
        with atomic_output(target, force) as temporary:
            joined.write(str(temporary))
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
