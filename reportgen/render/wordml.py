"""HTML templates → WordprocessingML templates: a kind's wording in one place, for both engines.

A document kind's wording lives in its HTML template, with the Jinja tags that fill it. For Word,
the *template* — not each rendered document — is translated into WordprocessingML with the same
Jinja tags in the same places, and compiled in the same sandbox; rendering it gives the body of
``word/document.xml``. The DOCX and the PDF therefore say the same words by construction, and a
county's HTML override (or its ``{% extends "builtin:…" %}`` block) changes both.

The translation knows the markup the built-in templates use (GB/T 9704 classes in
``official.css``): ``h1.title`` is the 公文标题 style, ``p.number`` the 发文字号, ``div.signature``
the 署名, ``section.page`` a page break, ``table.form`` a bordered form, ``b`` a bold run, ``img``
a drawing. Unknown tags give way to their text, so a county's own markup never loses words.

In *export* mode the Jinja tags become visible text in docxtpl's conventions (``{%p if … %}`` for a
paragraph of its own, ``{%tr for … %}`` for a table row), giving a Word file a county can edit.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportgen.errors import ReportgenError
from reportgen.render.markup import INNER, JINJA, Token, tokenize
from reportgen.render.reference import PAGE_BREAK, SHEET_MARK, TYPE_AREA

_CALL = re.compile(r"^[A-Za-z_]\w*\s*\(")
_UNBROKEN = re.compile(r"^[\w.]*(doc_number|id_number)$")
"""Values printed whole on one line (文号, ID numbers)."""
_ENGLISH = '<w:lang w:val="en-US"/>'
"""A run's language for digits and Latin letters."""
_SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML's white space, which collapses (the ideographic space U+3000 does not)."""
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SKIPPED = {"head", "style", "script", "title", "template", "noscript"}
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "li", "caption", "blockquote"}
BLOCKS = PARAGRAPHS | {"div", "section", "table", "ul", "ol", "article", "header", "footer"}
FORMATS = {"b": "<w:b/><w:bCs/>", "strong": "<w:b/><w:bCs/>", "i": "<w:i/>", "em": "<w:i/>"}
FORMATS["u"] = '<w:u w:val="single"/>'
OPENING = {"if", "for", "block", "macro", "call", "filter", "with", "raw", "autoescape"}
CLOSING = {f"end{word}" for word in OPENING}
CAPTURES = {"macro", "call", "filter"}
CAPTURE_ENDS = {"endmacro", "endcall", "endfilter", "endset"}
TALL_ROW = 880
"""44 pt, the height of a row left blank for a signature."""
CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
)
"""1 mm above and below a cell's text, 2 mm at its sides (as official.css), in every table: the
table style says so too, but LibreOffice reads a table's own margins only."""


class TemplateStructure(ReportgenError):
    """An HTML template whose structure Word cannot follow (a stray table tag, say)."""


@dataclass
class _Table:
    widths: list[int]
    kind: str
    """form, grid or data: how its cells are styled."""
    header_rows: set[int]
    """Indexes of the tokens of rows that repeat on every page (栏目)."""
    column: int = 0


@dataclass
class _Paragraph:
    implicit: bool
    virtual: bool = False
    """Inline content of a macro or a captured block: no paragraph of its own."""
    formats: list[str] = field(default_factory=list)


def convert(source: str, name: str = "模板", *, export: bool = False) -> str:
    """The WordprocessingML twin of an HTML template's source (body content, Jinja kept)."""
    return _Converter(tokenize(source), name, export).run()


class _Converter:
    """One pass over the tokens; the state is what is open at each point of the source."""

    def __init__(self, tokens: list[Token], name: str, export: bool) -> None:
        self.tokens, self.name, self.export = tokens, name, export
        self.out: list[str] = []
        self.open: list[Token] = []
        """Open block elements (containers and paragraph tags), innermost last."""
        self.paragraph: _Paragraph | None = None
        self.saved: list[_Paragraph | None] = []
        self.tables: list[_Table] = []
        self.cells: list[str] = []
        self.skip: list[str] = []
        self.page_break = ""
        """What starts the next page: "page", or "sheet" for a form without a page number."""
        self.last_properties: int | None = None
        self.index = 0

    def run(self) -> str:
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            getattr(self, f"_{token.kind}")(token)
            self.index += 1
        if self.paragraph is not None and not self.paragraph.virtual:
            self._close_paragraph()
        return "".join(self.out)

    # --- Jinja ------------------------------------------------------------------------------

    def _comment(self, token: Token) -> None:
        """Jinja comments say nothing in either format."""

    def _expr(self, token: Token) -> None:
        if self.skip:
            return
        if self.paragraph is not None and _UNBROKEN.match(token.inner) and not self.export:
            self._unbroken_run(token)
        elif self.paragraph is not None:
            self.out.append(escape(token.value) if self.export else token.value)
        elif _CALL.match(token.inner) and token.inner.split("(")[0].strip() not in _GLOBALS:
            if token.inner.split("(")[0].strip() == "signature":  # the 署名 macro
                self._keep_last_with_next(True)
            self.out.append(self._own_paragraph("p", token) if self.export else token.value)
        else:
            self._open_implicit()
            self._expr(token)

    def _stmt(self, token: Token) -> None:
        word = token.keyword
        if self.export and word == "block" and token.inner.split()[1:2] == ["title"]:
            self.skip.append("block")
        if self.skip:
            if self.export and word == "endblock" and self.skip[-1] == "block":
                self.skip.pop()
            return
        if self.export and word in ("extends", "block", "endblock"):
            return
        if self.paragraph is not None and self.paragraph.implicit and _structural(word):
            self._close_paragraph()
        if word in CAPTURES or (word == "set" and "=" not in token.inner):
            self._statement_text(token)
            self._enter_capture(token)
        elif word in CAPTURE_ENDS:
            if self.paragraph is not None and not self.paragraph.virtual:
                self._close_paragraph()
            self._statement_text(token)
            self.paragraph = self.saved.pop() if self.saved else None
        else:
            self._statement_text(token)

    def _statement_text(self, token: Token) -> None:
        """A statement in place: inside a paragraph as it is, else where Word can hold it."""
        if self.paragraph is not None:
            self.out.append(escape(token.value) if self.export else token.value)
        elif self.export:
            self.out.append(self._export_statement(token))
        else:
            if self.page_break and _structural(token.keyword):
                self._break_paragraph()
            self.out.append(token.value)

    def _enter_capture(self, token: Token) -> None:
        """A macro (or captured block) whose body has no block markup is inline text."""
        end = self._matching(self.index, token.keyword)
        body = self.tokens[self.index + 1 : end]
        self.saved.append(self.paragraph)
        inline = not any(t.kind == "start" and t.value in BLOCKS for t in body)
        self.paragraph = _Paragraph(implicit=False, virtual=True) if inline else None

    def _matching(self, start: int, word: str) -> int:
        ender = "endset" if word == "set" else f"end{word}"
        level = 0
        for index in range(start, len(self.tokens)):
            token = self.tokens[index]
            if token.kind != "stmt":
                continue
            if token.keyword == word and (word != "set" or "=" not in token.inner):
                level += 1
            elif token.keyword == ender:
                level -= 1
                if level == 0:
                    return index
        line = self.tokens[start].line
        raise TemplateStructure(f"{self.name} 第 {line} 行：{word} 没有对应的 {ender}")

    def _export_statement(self, token: Token) -> str:
        """A block-level statement as docxtpl writes it: a paragraph or a table row of its own."""
        if self.tables and not self.cells:
            columns = len(self.tables[-1].widths)
            return (
                f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{TYPE_AREA}" w:type="dxa"/>'
                f'<w:gridSpan w:val="{columns}"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'
                f"{escape(_prefixed(token, 'tr'))}</w:t></w:r></w:p></w:tc></w:tr>"
            )
        return self._own_paragraph("p", token)

    def _own_paragraph(self, prefix: str, token: Token) -> str:
        return (
            '<w:p><w:pPr><w:pStyle w:val="BodyFlush"/></w:pPr><w:r><w:t xml:space="preserve">'
            f"{escape(_prefixed(token, prefix))}</w:t></w:r></w:p>"
        )

    # --- HTML -------------------------------------------------------------------------------

    def _text(self, token: Token) -> None:
        if self.skip:
            return
        text = _XML_INVALID.sub("", _SPACES.sub(" ", html.unescape(token.value)))
        if self.paragraph is None:
            if not text.strip():
                return
            self._open_implicit()
        if self._at_paragraph_start():
            text = text.lstrip(" ")
        if text:
            self.out.append(escape(text))

    def _start(self, token: Token) -> None:
        name = token.value
        if self.skip or name in SKIPPED:
            if name in SKIPPED:
                self.skip.append(name)
            return
        handler = getattr(self, f"_open_{name}", None)
        if handler is not None:
            handler(token)
        elif name in PARAGRAPHS or (name == "div" and "cut" in token.classes):
            self._open_paragraph(token)
            self.open.append(token)
        elif name in FORMATS:
            if self.paragraph is None:
                self._open_implicit()
            assert self.paragraph is not None
            self._switch_run([*self.paragraph.formats, FORMATS[name]])
        elif name in BLOCKS:
            self._close_implicit()
            self.open.append(token)
            if "page" in token.classes:
                self.page_break = (
                    "sheet" if "sheet" in token.classes and not self.export else "page"
                )
            if "signature" in token.classes:
                self._keep_last_with_next(True)

    def _end(self, token: Token) -> None:
        name = token.value
        if self.skip:
            if name == self.skip[-1]:
                self.skip.pop()
            return
        handler = getattr(self, f"_close_{name}", None)
        if handler is not None:
            handler(token)
        elif name in FORMATS:
            if self.paragraph is not None:
                formats = list(self.paragraph.formats)
                if FORMATS[name] in formats:
                    formats.remove(FORMATS[name])
                self._switch_run(formats)
        elif any(element.value == name for element in self.open):
            while self.open:
                element = self.open.pop()
                self._close_element(element)
                if element.value == name:
                    break

    def _close_element(self, element: Token) -> None:
        """End a paragraph tag's paragraph, or a container's implicit one.

        The last paragraph of a 署名 or of a block kept together is not kept with what follows
        (else a chain of kept paragraphs would drag the text before them onto the next page).
        """
        if self.paragraph is not None and not self.paragraph.virtual:
            is_paragraph = element.value in PARAGRAPHS or "cut" in element.classes
            if is_paragraph or self.paragraph.implicit:
                self._close_paragraph()
        if element.classes & {"signature", "keep"}:
            self._keep_last_with_next(False)

    def _open_br(self, token: Token) -> None:
        if self.paragraph is not None:
            self.out.append('</w:t><w:br/><w:t xml:space="preserve">')

    def _open_img(self, token: Token) -> None:
        if self.paragraph is None:
            self._open_implicit()
        assert self.paragraph is not None
        role = next((name for name in ("seal", "code") if name in token.classes), "inline")
        call = f"docx_image({_expression(token.attrs.get('src', ''))}, {role!r})"
        if self.export:
            tag = escape(f"{{{{r {call} }}}}")
            self.out.append(f'</w:t></w:r><w:r><w:t xml:space="preserve">{tag}</w:t></w:r>')
        else:
            self.out.append(f"</w:t></w:r>{{{{ {call} }}}}")
        self.out.append(_run_start(self.paragraph.formats))

    def _open_table(self, token: Token) -> None:
        self._close_implicit()
        if self.page_break:
            self._break_paragraph()
        end = self._closing(self.index, "table")
        self.out.append(self._caption(self.index, end))
        table = self._layout(token, self.index, end)
        self.tables.append(table)
        self.out.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="FormTable"/>'
            f'<w:tblW w:w="{TYPE_AREA}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/>'
            f"{CELL_MARGINS}</w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in table.widths)
            + "</w:tblGrid>"
        )

    def _close_table(self, token: Token) -> None:
        if not self.tables:
            raise TemplateStructure(f"{self.name} 第 {token.line} 行：</table> 没有对应的 <table>")
        self.tables.pop()
        self.out.append("</w:tbl>")

    def _open_caption(self, token: Token) -> None:
        """Already written above the table (a Word table has no caption of its own)."""
        self.skip.append("caption")

    def _open_tr(self, token: Token) -> None:
        table = self._table(token)
        table.column = 0
        row = self.tokens[self.index : self._closing(self.index, "tr")]
        properties = "<w:cantSplit/>"
        if self.index in table.header_rows:
            properties += "<w:tblHeader/>"
        if any(t.kind == "start" and "tall" in t.classes for t in row):
            properties += f'<w:trHeight w:val="{TALL_ROW}" w:hRule="atLeast"/>'
        self.out.append(f"<w:tr><w:trPr>{properties}</w:trPr>")

    def _close_tr(self, token: Token) -> None:
        self._table(token)
        self.out.append("</w:tr>")

    def _open_td(self, token: Token) -> None:
        table = self._table(token)
        span = max(1, int(token.attrs.get("colspan", "1") or 1))
        width = sum(table.widths[table.column : table.column + span]) or table.widths[-1]
        table.column += span
        spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        self.out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spanned}'
            '<w:vAlign w:val="center"/></w:tcPr>'
        )
        self.cells.append(_cell_style(token, table))
        content = self.tokens[self.index : self._closing(self.index, token.value)]
        if not any(t.kind == "start" and t.value in BLOCKS for t in content):
            self._open_paragraph(token)

    _open_th = _open_td

    def _close_td(self, token: Token) -> None:
        if self.paragraph is not None and not self.paragraph.virtual:
            self._close_paragraph()
        else:
            self.out.append("<w:p/>")
        self.cells.pop()
        self.out.append("</w:tc>")

    _close_th = _close_td

    # --- paragraphs -------------------------------------------------------------------------

    def _open_paragraph(self, token: Token, *, implicit: bool = False) -> None:
        if self.paragraph is not None and not self.paragraph.virtual:
            self._close_paragraph()
        properties = f'<w:pStyle w:val="{self._style(token)}"/>'
        if any("keep" in element.classes for element in self.open):
            properties += "<w:keepNext/>"
        if self.page_break:
            properties += "<w:pageBreakBefore/>"
            self._mark_sheet()
        style = token.attrs.get("style", "")
        right = re.search(r"padding-right\s*:\s*(.+?)em", style)
        if right and not self.export:
            properties += _right_indent(_expression(right.group(1)))
        alignment = re.search(r"text-align\s*:\s*(center|right|left)", style)
        if alignment:
            properties += f'<w:jc w:val="{alignment.group(1)}"/>'
        self.out.append("<w:p>")
        self.last_properties = len(self.out)
        self.out.append(f"<w:pPr>{properties}</w:pPr>")
        self.paragraph = _Paragraph(implicit=implicit)
        self.out.append(_run_start([]))

    def _open_implicit(self) -> None:
        self._open_paragraph(Token("start", "p", 0), implicit=True)

    def _close_implicit(self) -> None:
        if self.paragraph is not None and self.paragraph.implicit:
            self._close_paragraph()

    def _close_paragraph(self) -> None:
        if self.out and self.out[-1].endswith(" ") and not self.out[-1].endswith("}"):
            self.out[-1] = self.out[-1].rstrip(" ")
        self.out.append("</w:t></w:r></w:p>")
        self.paragraph = None

    def _at_paragraph_start(self) -> bool:
        return bool(self.out) and self.out[-1].endswith('<w:t xml:space="preserve">')

    def _switch_run(self, formats: list[str]) -> None:
        assert self.paragraph is not None
        self.paragraph.formats = formats
        self.out.append("</w:t></w:r>" + _run_start(formats))

    def _unbroken_run(self, token: Token) -> None:
        """A 文号 or an ID number in a run of its own whose digits are English: LibreOffice breaks
        a line between any two Chinese characters, and takes digits for Chinese in Chinese text."""
        assert self.paragraph is not None
        formats = self.paragraph.formats
        self.out.append(f"</w:t></w:r>{_run_start([*formats, _ENGLISH])}{token.value}")
        self.out.append(f"</w:t></w:r>{_run_start(formats)}")

    def _break_paragraph(self) -> None:
        """A page break where no paragraph follows at once: an empty paragraph starting the page."""
        self._mark_sheet()
        self.out.append(PAGE_BREAK)

    def _mark_sheet(self) -> None:
        """Where a form's page begins, a mark: the numbered pages end at the first one rendered
        (see ``reference.document``)."""
        if self.page_break == "sheet":
            self.out.append(SHEET_MARK)
        self.page_break = ""

    def _keep_last_with_next(self, keep: bool) -> None:
        """Keep the last paragraph with the next or not: the paragraph before a 署名 is kept with
        it, so the 署名 never stands alone on a page; the last of a kept block is not."""
        if self.last_properties is not None:
            piece = re.sub(r"<w:keepNext( w:val=\"0\")?/>", "", self.out[self.last_properties])
            at = piece.index("/>") + 2  # after the style, where Word's schema wants it
            mark = "<w:keepNext/>" if keep else '<w:keepNext w:val="0"/>'
            self.out[self.last_properties] = piece[:at] + mark + piece[at:]

    def _style(self, token: Token) -> str:
        """The reference document's style for a paragraph of this tag, class and place."""
        if self.cells:
            return self.cells[-1]
        name, classes = token.value, token.classes
        if name == "h1":
            return "Title" if "title" in classes else "SheetTitle"
        style = _TAG_STYLES.get(name) or next(
            (style for cls, style in _CLASS_STYLES.items() if cls in classes), None
        )
        if style is None and any("signature" in element.classes for element in self.open):
            style = "Signature"
        return style or "Normal"

    # --- tables -----------------------------------------------------------------------------

    def _table(self, token: Token) -> _Table:
        if not self.tables:
            raise TemplateStructure(
                f"{self.name} 第 {token.line} 行：<{token.value}> 不在 <table> 之内"
            )
        return self.tables[-1]

    def _closing(self, start: int, name: str) -> int:
        level = 0
        for index in range(start, len(self.tokens)):
            token = self.tokens[index]
            if token.value != name or token.kind not in ("start", "end"):
                continue
            level += 1 if token.kind == "start" else -1
            if level == 0:
                return index
        raise TemplateStructure(f"{self.name} 第 {self.tokens[start].line} 行：<{name}> 没有结束")

    def _layout(self, token: Token, start: int, end: int) -> _Table:
        """Columns, widths and header rows of a table, read ahead from its source."""
        rows = [i for i in range(start, end) if self._is(i, "start", "tr")]
        first = _row_cells(self.tokens, rows[0], self._closing(rows[0], "tr")) if rows else []
        columns = sum(max(1, int(t.attrs.get("colspan", "1") or 1)) for t in first) or 1
        classes = token.classes
        kind = "data" if "data" in classes else "grid" if "grid" in classes else "form"
        if kind == "form" and columns == 2:
            label = round(TYPE_AREA * 0.4)
            widths = [label, TYPE_AREA - label]
        else:
            widths = [TYPE_AREA // columns] * columns
            widths[-1] += TYPE_AREA - sum(widths)
        head = [i for i in range(start, end) if self._is(i, "start", "thead")]
        if head:
            stop = self._closing(head[0], "thead")
            header = {row for row in rows if head[0] < row < stop}
        elif kind != "form" and first and all(t.value == "th" for t in first):
            header = {rows[0]}
        else:
            header = set()
        return _Table(widths, kind, header)

    def _caption(self, start: int, end: int) -> str:
        """A table's caption as the paragraph above it."""
        begin = next((i for i in range(start, end) if self._is(i, "start", "caption")), None)
        if begin is None:
            return ""
        stop = self._closing(begin, "caption")
        caption = Token("start", "p", self.tokens[begin].line, {"class": "caption"})
        tokens = [caption, *self.tokens[begin + 1 : stop], Token("end", "p", 0)]
        return _Converter(tokens, self.name, self.export).run()

    def _is(self, index: int, kind: str, name: str) -> bool:
        token = self.tokens[index]
        return token.kind == kind and token.value == name


_TAG_STYLES = {
    "h2": "Heading1",
    "h3": "Heading2",
    "h4": "Heading3",
    "h5": "Heading3",
    "h6": "Heading3",
    "figure": "Figure",
    "caption": "Caption",
    "div": "Cut",
}
_CLASS_STYLES = {
    "number": "DocNumber",
    "addressee": "Addressee",
    "flush": "BodyFlush",
    "note": "Note",
    "caption": "Caption",
    "figure": "Figure",
}
_GLOBALS = {"range", "lipsum", "dict", "cycler", "joiner", "namespace"}
"""Jinja's own functions, whose output is text, not markup."""


def _cell_style(token: Token, table: _Table) -> str:
    heading = token.value == "th"
    if table.kind == "data":
        return "DataHeading" if heading else "DataText"
    if heading or table.kind == "grid":
        return "TableHeading"
    return "TableText"


def _row_cells(tokens: list[Token], start: int, end: int) -> list[Token]:
    return [t for t in tokens[start:end] if t.kind == "start" and t.value in ("td", "th")]


def _structural(word: str) -> bool:
    return word in OPENING or word in CLOSING or word in ("else", "elif")


def _run_start(formats: list[str]) -> str:
    properties = f"<w:rPr>{''.join(formats)}</w:rPr>" if formats else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">'


def _right_indent(characters: str) -> str:
    """A paragraph's right indent from a Jinja expression counting characters (of 3号, 320 twips)."""
    return (
        f'<w:ind w:right="{{{{ (({characters})|float * 320)|round|int }}}}" '
        f'w:rightChars="{{{{ (({characters})|float * 100)|round|int }}}}" '
        'w:firstLine="0" w:firstLineChars="0"/>'
    )


def _prefixed(token: Token, prefix: str) -> str:
    """A Jinja tag with docxtpl's prefix: ``{% if x %}`` → ``{%p if x %}``."""
    opener, closer = ("{%", "%}") if token.kind == "stmt" else ("{{", "}}")
    return f"{opener}{prefix} {token.inner} {closer}"


def _expression(value: str) -> str:
    """An attribute value as one Jinja expression: its tags as they are, its text quoted."""
    parts = []
    position = 0
    for match in JINJA.finditer(value):
        if match.start() > position:
            parts.append(repr(value[position : match.start()]))
        inner = INNER.match(match.group(0))
        parts.append(f"({inner.group(2)})" if inner else "''")
        position = match.end()
    if position < len(value):
        parts.append(repr(value[position:]))
    return " ~ ".join(parts) or "''"
