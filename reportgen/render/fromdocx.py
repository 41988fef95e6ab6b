"""A rendered Word document read back as the official HTML, so that its PDF says what it says.

A county that edits only its Word template gets its PDF from its own DOCX: each rendered document
is read here, paragraph by paragraph, into the markup of the built-in templates (the reference
document's styles name what each paragraph is), and laid out with the official stylesheet.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
STYLES = {
    "Title": ("h1", "title"),
    "SheetTitle": ("h1", "sheet-title"),
    "Heading1": ("h2", ""),
    "Heading2": ("h3", ""),
    "Heading3": ("h4", ""),
    "DocNumber": ("p", "number"),
    "Addressee": ("p", "addressee"),
    "BodyFlush": ("p", "flush"),
    "Note": ("p", "note"),
    "Caption": ("p", "caption"),
    "Figure": ("figure", ""),
    "Cut": ("div", "cut"),
}
HEADINGS = {"TableHeading", "DataHeading"}


def html_body(xml: str, pictures: Mapping[str, bytes]) -> str:
    """The body markup of a Word document: its paragraphs, tables, pictures and page breaks."""
    body = etree.fromstring(xml.encode("utf-8")).find(f"{W}body")
    if body is None:
        return ""
    out: list[str] = ['<section class="notice">']
    signature = False
    for element in body:
        if element.tag == f"{W}tbl":
            out.append(_table(element, pictures))
            continue
        if element.tag != f"{W}p":
            continue
        style = _style(element)
        if _breaks_page(element):
            out.append('</section><section class="page">')
        if (style == "Signature") != signature:
            out.append('<div class="signature">' if not signature else "</div>")
            signature = not signature
        out.append(_paragraph(element, style, pictures))
    if signature:
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _style(paragraph: etree._Element) -> str:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val", "") if found is not None else ""


def _breaks_page(paragraph: etree._Element) -> bool:
    before = paragraph.find(f"{W}pPr/{W}pageBreakBefore")
    if before is not None and before.get(f"{W}val", "true") not in ("0", "false"):
        return True
    return any(br.get(f"{W}type") == "page" for br in paragraph.iter(f"{W}br"))


def _paragraph(paragraph: etree._Element, style: str, pictures: Mapping[str, bytes]) -> str:
    tag, css_class = STYLES.get(style, ("p", ""))
    attributes = f' class="{css_class}"' if css_class else ""
    alignment = paragraph.find(f"{W}pPr/{W}jc")
    if style not in STYLES and style != "Signature" and alignment is not None:
        side = {"center": "center", "right": "right", "end": "right"}.get(
            alignment.get(f"{W}val", "")
        )
        if side:
            attributes += f' style="text-align:{side};text-indent:0"'
    return f"<{tag}{attributes}>{_runs(paragraph, pictures)}</{tag}>"


def _runs(paragraph: etree._Element, pictures: Mapping[str, bytes]) -> str:
    out = []
    for run in paragraph.iter(f"{W}r"):
        bold = run.find(f"{W}rPr/{W}b") is not None
        text = []
        for node in run:
            if node.tag == f"{W}t":
                text.append(escape(node.text or ""))
            elif node.tag == f"{W}tab":
                text.append("\u3000")
            elif node.tag == f"{W}br" and node.get(f"{W}type") != "page":
                text.append("<br>")
            elif node.tag == f"{W}drawing":
                text.append(_picture(node, pictures))
        joined = "".join(text)
        out.append(f"<b>{joined}</b>" if bold and joined else joined)
    return "".join(out)


def _picture(drawing: etree._Element, pictures: Mapping[str, bytes]) -> str:
    blip = next(drawing.iter(f"{A}blip"), None)
    data = pictures.get(blip.get(f"{R}embed", "")) if blip is not None else None
    if data is None:
        return ""
    kind = "jpeg" if data[:2] == b"\xff\xd8" else "png"
    uri = f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"
    seal = drawing.find(f"{WP}anchor") is not None
    return f'<img class="seal" src="{uri}" alt="">' if seal else f'<img src="{uri}" alt="">'


def _table(table: etree._Element, pictures: Mapping[str, bytes]) -> str:
    rows = []
    data = False
    for row in table.iter(f"{W}tr"):
        tall = row.find(f"{W}trPr/{W}trHeight") is not None
        cells = []
        for cell in row.iter(f"{W}tc"):
            paragraphs = cell.findall(f"{W}p")
            styles = {_style(p) for p in paragraphs}
            data = data or bool(styles & {"DataText", "DataHeading"})
            tag = "th" if styles & HEADINGS else "td"
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            attributes = f' colspan="{span.get(f"{W}val")}"' if span is not None else ""
            attributes += ' class="tall"' if tall and tag == "td" else ""
            texts = [_runs(p, pictures) for p in paragraphs]
            content = (
                texts[0] if len(texts) == 1 else "".join(f'<p class="flush">{t}</p>' for t in texts)
            )
            cells.append(f"<{tag}{attributes}>{content}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="{"data" if data else "form"}">{"".join(rows)}</table>'
