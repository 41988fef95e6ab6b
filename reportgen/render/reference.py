"""The reference Word package every generated DOCX is built on: GB/T 9704-2012 in Word's terms.

Like Pandoc's reference document, it holds everything except the text: the page (A4, 天头 37 mm,
订口 28 mm, 版心 156 × 225 mm), the paragraph styles the converter names (公文标题, 正文, 一级标题 …),
the font table with the names Word, WPS and LibreOffice look for, and the footers with "— 1 —" on
the right of odd pages and the left of even ones. It is written here as XML, so that it can be read
and reviewed; ``reportgen templates export reference`` writes it as a ``reference.docx`` a county
can restyle in Word and put in its templates folder.

Lengths are in Word's units: twentieths of a point (twips) for indents and lines, half-points for
sizes. 3号 = 16 pt = 32 half-points; a line is 28.95 pt = 579 twips (22 lines in 225 mm); two
characters of indent are 640 twips. Characters are drawn 0.25 pt narrower (spacing -5) so that 28
of them fit the 156 mm line, as the standard's 22 × 28 grid asks; punctuation is not compressed
and no space is put between Chinese and digits (Word's and WPS's defaults would shift the line
breaks from the PDF's). The language is zh-CN, so that LibreOffice breaks lines where the PDF does
(with digits in English it wraps a number that the PDF keeps at the line's end, as it puts a
little space around it); a 文号 and an ID number are in runs of their own whose digits are English
(see ``wordml``), since in Chinese LibreOffice breaks a number anywhere ("〔202" / "6〕").
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BODY_FONT, TITLE_FONT, HEADING_FONT, KAI_FONT, PAGE_NUMBER_FONT = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
LINE = 579
"""28.95 pt, the line pitch of 22 lines in the 225 mm type area."""
INDENT = 640
"""Two characters of 3号 type."""
TYPE_AREA = 8844
"""156 mm, the width of the type area."""

FONTS = (
    # name, alternative names, pitch family: Word shows the first installed; WPS and LibreOffice
    # read the alternative names (altName) when the official font is missing.
    (BODY_FONT, "仿宋,FangSong,FangSong_GB2312", "modern"),
    (TITLE_FONT, "FZXiaoBiaoSong-B05S,方正小标宋_GBK", "script"),
    (HEADING_FONT, "SimHei", "modern"),
    (KAI_FONT, "楷体,KaiTi,KaiTi_GB2312", "modern"),
    (PAGE_NUMBER_FONT, "SimSun", "auto"),
)


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _style(
    style_id: str,
    name: str,
    paragraph: str = "",
    run: str = "",
    based_on: str | None = "Normal",
) -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{base}<w:qFormat/>'
        f"<w:pPr>{paragraph}</w:pPr><w:rPr>{run}</w:rPr></w:style>"
    )


NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
CENTRED = f'{NO_INDENT}<w:jc w:val="center"/>'
KEEP = "<w:keepNext/><w:keepLines/>"


OFF_GRID = '<w:snapToGrid w:val="0"/>'
"""A paragraph whose lines are not one grid line (28.95 pt) high: LibreOffice would round each of
them up to a whole number of grid lines (a 35 pt title line to two)."""


def _exactly(twips: int) -> str:
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{twips}" w:lineRule="exact"/>'
    return spacing if twips == LINE else OFF_GRID + spacing


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


PARAGRAPH_STYLES = (
    _style(
        "Title",
        "公文标题",
        f'{KEEP}{_exactly(700)}{CENTRED}<w:outlineLvl w:val="0"/>',
        f'{_fonts(TITLE_FONT)}<w:spacing w:val="0"/>{_size(44)}',
    ),
    _style(
        "SheetTitle",
        "表头标题",
        f'{KEEP}{OFF_GRID}<w:spacing w:before="0" w:after="400" w:line="700" w:lineRule="exact"/>'
        f"{CENTRED}",
        f'{_fonts(TITLE_FONT)}<w:spacing w:val="0"/>{_size(44)}',
    ),
    _style("DocNumber", "发文字号", f"{KEEP}{CENTRED}"),
    _style("Addressee", "主送机关", f'{KEEP}<w:spacing w:before="{LINE}"/>{NO_INDENT}'),
    _style("Heading1", "一级标题", f'{KEEP}<w:outlineLvl w:val="1"/>', _fonts(HEADING_FONT)),
    _style("Heading2", "二级标题", f'{KEEP}<w:outlineLvl w:val="2"/>', _fonts(KAI_FONT)),
    _style("Heading3", "三级标题", f'{KEEP}<w:outlineLvl w:val="3"/>', "<w:b/><w:bCs/>"),
    _style("BodyFlush", "正文（不缩进）", NO_INDENT),
    _style(
        "Signature",
        "署名",
        f'{KEEP}<w:ind w:right="{INDENT}" w:rightChars="200" w:firstLine="0" w:firstLineChars="0"/>'
        '<w:jc w:val="right"/>',
    ),
    _style("Note", "注", f"{_exactly(440)}{NO_INDENT}", _size(28)),
    _style(
        "Caption",
        "表题",
        f"{KEEP}{_exactly(440)}{CENTRED}",
        f'{_fonts(HEADING_FONT)}<w:spacing w:val="0"/>{_size(24)}',
    ),
    _style("Figure", "图", f'{KEEP}<w:spacing w:before="120" w:after="240"/>{CENTRED}'),
    _style(
        "Cut",
        "裁剪线",
        f'<w:pBdr><w:top w:val="dashed" w:sz="6" w:space="4" w:color="000000"/></w:pBdr>{OFF_GRID}'
        f'<w:spacing w:before="160" w:after="160" w:line="400" w:lineRule="exact"/>{CENTRED}',
        _size(24),
    ),
    _style("TableText", "表格文字", f'{_exactly(440)}{NO_INDENT}<w:jc w:val="left"/>', _size(28)),
    _style("TableHeading", "表格栏目", f"{_exactly(440)}{CENTRED}", _size(28)),
    _style(
        "DataText",
        "数据表文字",
        f"{_exactly(360)}{CENTRED}",
        f'<w:spacing w:val="0"/>{_size(24)}',
    ),
    _style(
        "DataHeading",
        "数据表栏目",
        f"<w:keepNext/>{_exactly(360)}{CENTRED}",
        f'{_fonts(HEADING_FONT)}<w:spacing w:val="0"/>{_size(24)}',
    ),
    _style("PageBreak", "分页", f"<w:pageBreakBefore/>{_exactly(20)}{NO_INDENT}", _size(2)),
    _style("SectionEnd", "分节", f"{_exactly(14)}{NO_INDENT}", _size(2)),
    _style(
        "PageNumber",
        "页码",
        _exactly(300),
        f'{_fonts(PAGE_NUMBER_FONT)}<w:spacing w:val="0"/>{_size(28)}',
    ),
)

STYLES = (
    f'{DECLARATION}<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_fonts(BODY_FONT)}{_size(32)}<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    f"{_exactly(LINE)}</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/><w:pPr><w:widowControl/>"
    '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
    f'<w:ind w:firstLine="{INDENT}" w:firstLineChars="200"/><w:jc w:val="both"/>'
    f'</w:pPr><w:rPr>{_fonts(BODY_FONT)}<w:spacing w:val="-5"/>{_size(32)}</w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
    '<w:style w:type="table" w:customStyle="1" w:styleId="FormTable"><w:name w:val="公文表格"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:jc w:val="center"/><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
    '<w:left w:w="113" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
    '<w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + "".join(PARAGRAPH_STYLES)
    + "</w:styles>"
)

SETTINGS = (
    f'{DECLARATION}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
    '<w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
    'office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
)

FONT_TABLE = (
    f'{DECLARATION}<w:fonts xmlns:w="{W}">'
    + "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternatives}"/>'
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, alternatives, family in FONTS
    )
    + "</w:fonts>"
)


def _footer(alignment: str, indent: str) -> str:
    """A footer paragraph "— 1 —" in 4号 宋体, one character in from its side."""
    return (
        f"{DECLARATION}<w:ftr {NAMESPACES}>"
        f'<w:p><w:pPr><w:pStyle w:val="PageNumber"/><w:ind {indent}/>'
        f'<w:jc w:val="{alignment}"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
    )


ODD_FOOTER = _footer("right", 'w:right="280" w:firstLine="0" w:firstLineChars="0"')
EVEN_FOOTER = _footer("left", 'w:left="280" w:firstLine="0" w:firstLineChars="0"')
BLANK_FOOTER = (
    f'{DECLARATION}<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="PageNumber"/></w:pPr></w:p>'
    "</w:ftr>"
)
"""The footer of form pages (送达回证, 存根, 回函, records to sign), which carry no page number."""


def _section(odd: str, even: str, numbering: str) -> str:
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="{odd}"/>'
        f'<w:footerReference w:type="even" r:id="{even}"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" '
        f'w:footer="1191" w:gutter="0"/>{numbering}'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>'
    )


SECTION = _section("rIdFooterOdd", "rIdFooterEven", '<w:pgNumType w:start="1"/>')
"""A4 with the official margins; page numbers restart at — 1 — in every document."""
SHEET_SECTION = _section("rIdFooterBlank", "rIdFooterBlank", "")
"""The same page for the forms at the end of a document, without page numbers."""
PAGE_BREAK = '<w:p><w:pPr><w:pStyle w:val="PageBreak"/></w:pPr></w:p>'
"""A page break where no paragraph follows at once (a table begins the page)."""
SHEET_MARK = "<!--sheet-->"
"""Where a form's page begins (the converter's mark, taken out when the document is built)."""
SECTION_END = f'<w:p><w:pPr><w:pStyle w:val="SectionEnd"/>{SECTION}</w:pPr></w:p>'
"""The end of a document's numbered pages where no paragraph of its own can end them."""

DOCUMENT_RELATIONSHIPS = (
    f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships">'
    f'<Relationship Id="rIdStyles" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{R}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{R}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdFooterOdd" Type="{R}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEven" Type="{R}/footer" Target="footer2.xml"/>'
    f'<Relationship Id="rIdFooterBlank" Type="{R}/footer" Target="footer3.xml"/>'
    "</Relationships>"
)
PACKAGE_RELATIONSHIPS = (
    f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = (
    f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Default Extension="jpg" ContentType="image/jpeg"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_WORD}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_WORD}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_WORD}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_WORD}.fontTable+xml"/>'
    f'<Override PartName="/word/footer1.xml" ContentType="{_WORD}.footer+xml"/>'
    f'<Override PartName="/word/footer2.xml" ContentType="{_WORD}.footer+xml"/>'
    f'<Override PartName="/word/footer3.xml" ContentType="{_WORD}.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
    'core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
)
APP_PROPERTIES = (
    f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>reportgen</Application></Properties>'
)

FIXED_PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELATIONSHIPS,
    "docProps/app.xml": APP_PROPERTIES,
    "word/_rels/document.xml.rels": DOCUMENT_RELATIONSHIPS,
    "word/styles.xml": STYLES,
    "word/settings.xml": SETTINGS,
    "word/fontTable.xml": FONT_TABLE,
    "word/footer1.xml": ODD_FOOTER,
    "word/footer2.xml": EVEN_FOOTER,
    "word/footer3.xml": BLANK_FOOTER,
}
"""Every part of the reference package but the document and its core properties."""


def document(body: str) -> str:
    """A whole ``word/document.xml`` around rendered body content, with the official section.

    Where the first form's page begins, the numbered pages end: the paragraph before it carries
    their section (a new section begins a new page, so the form's own page break goes); the forms
    from there on are the last section, whose footer is blank.
    """
    first = body.find(SHEET_MARK)
    if first < 0:
        return (
            f"{DECLARATION}<w:document {NAMESPACES}><w:body>{body}{SECTION}</w:body></w:document>"
        )
    pages, forms = body[:first].rstrip(), body[first:].replace(SHEET_MARK, "")
    if forms.startswith(PAGE_BREAK):
        forms = forms[len(PAGE_BREAK) :]
    else:
        forms = forms.replace("<w:pageBreakBefore/>", "", 1)
    last = pages.rfind("<w:p>")
    if pages.endswith("</w:p>") and pages.startswith("<w:p><w:pPr>", last):
        end = pages.index("</w:pPr>", last)
        pages = pages[:end] + SECTION + pages[end:]
    else:
        pages += SECTION_END
    return (
        f"{DECLARATION}<w:document {NAMESPACES}><w:body>{pages}{forms}{SHEET_SECTION}"
        "</w:body></w:document>"
    )


def core_properties(title: str, author: str, day: dt.date) -> str:
    """The document's title, its author (the issuing body) and the day it was made."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    return (
        f"{DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
