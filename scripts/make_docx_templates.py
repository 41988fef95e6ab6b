"""Build the built-in DOCX templates in templates/ with the GB/T 9704-2012 layout.

The DOCX templates carry the same text and Jinja tags as their HTML twins; Word and WPS users
edit them like any document. Run after changing the wording:

    .venv/bin/python scripts/make_docx_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BODY, TITLE, PAGE_NUMBER = "仿宋_GB2312", "方正小标宋简体", "宋体"
LINE = Pt(28.95)
CHAR_SPACE = round((156 / 25.4 * 72 / 28 - 16) * 4096)
"""Word's grid offset (1/4096 pt) that puts 28 characters of 3号 type in the 156 mm type area."""


def east_asian(run_or_style: object, font: str, size: float) -> None:
    """Set a font for Chinese text (w:eastAsia) as well as Latin text, at a size in points."""
    font_obj = run_or_style.font  # type: ignore[attr-defined]
    font_obj.name = font
    font_obj.size = Pt(size)
    properties = run_or_style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def new_document() -> Document:  # type: ignore[valid-type]
    """An A4 document with the official margins, body style, and alternating page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(35 - 7 - 7)
    section.start_type = WD_SECTION_START.NEW_PAGE
    normal = document.styles["Normal"]
    east_asian(normal, BODY, 16)
    paragraph_format = normal.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = LINE
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)
    document.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")
    section._sectPr.append(restart)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))  # 22 lines in the 225 mm type area
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    return document


def page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """A footer paragraph "— 1 —" in 4号 宋体, one character in from its side."""
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(14)
    else:
        paragraph.paragraph_format.left_indent = Pt(14)
    east_asian(paragraph.add_run("— "), PAGE_NUMBER, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        east_asian(run, PAGE_NUMBER, 14)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {text} "
            run._r.append(instruction)
    east_asian(paragraph.add_run(" —"), PAGE_NUMBER, 14)


def title(document: Document, text: str, size: float = 22) -> None:  # type: ignore[valid-type]
    """A centred title in 2号 方正小标宋简体, followed by a blank line."""
    for line in text.split("\n"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(35)
        east_asian(paragraph.add_run(line), TITLE, size)


def body(
    document: Document, text: str, *, indent: bool = True, align: WD_ALIGN_PARAGRAPH | None = None
) -> Paragraph:  # type: ignore[valid-type]
    """A body paragraph in 3号 仿宋, first line indented two characters."""
    paragraph = document.add_paragraph()
    if indent:
        indentation = OxmlElement("w:ind")
        indentation.set(qn("w:firstLineChars"), "200")
        paragraph._p.get_or_add_pPr().append(indentation)
    if align is not None:
        paragraph.alignment = align
    east_asian(paragraph.add_run(text), BODY, 16)
    return paragraph


def signature(document: Document, lines: list[str]) -> None:  # type: ignore[valid-type]
    """署名 and 成文日期, right-aligned two characters in, one blank line under the text."""
    document.add_paragraph()
    for line in lines:
        paragraph = body(document, line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(32)


def page_break(document: Document) -> None:  # type: ignore[valid-type]
    """Start the next part on a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def form(document: Document, rows: list[tuple[str, str]]) -> None:  # type: ignore[valid-type]
    """A two-column bordered form in 4号 仿宋, as 送达回证 and 存根 are printed."""
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(50), Mm(106)
        for cell, text in zip(cells, (label, value), strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = Pt(22)
            if cell is cells[0]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            east_asian(paragraph.add_run(text), BODY, 14)
        if not value:
            cells[1].add_paragraph()
            cells[1].add_paragraph()


GUARDIAN = "{{ guardian.name }}{% if guardian.relation %}（{{ student.name }}的{{ guardian.relation }}）{% endif %}"
STUDENT_CLASS = "{{ student.school }}{{ student.grade }}{{ student.class_name }}"


def receipt(document: Document, name: str) -> None:  # type: ignore[valid-type]
    """The 送达回证 of a document, on a page of its own, as the receipt macro of templates/macros.html."""
    page_break(document)
    title(document, "送达回证")
    form(
        document,
        [
            ("送达文书名称及文号", name + "（{{ doc_number }}）"),
            ("受送达人", GUARDIAN),
            ("送达地点", "{{ address }}"),
            ("送达时间", "　　　　年　　月　　日　　时"),
            ("送达方式", "直接送达 □　留置送达 □　邮寄送达 □"),
            ("受送达人签名（盖章）", ""),
            ("送达人签名", ""),
            ("见证人签名（留置送达时）", ""),
            ("备注", ""),
        ],
    )
    signature(document, ["{{ issuer.name }}", "{{ issued_on|cn_date }}"])


def issuer_signature(document: Document) -> None:  # type: ignore[valid-type]
    """The issuing body with its seal (when the county has a seal image) and the date."""
    signature(
        document, ["{% if seal %}{{ seal }}{% endif %}{{ issuer.name }}", "{{ issued_on|cn_date }}"]
    )


def penalty() -> None:
    """行政处罚决定书 with its 送达回证, as templates/notices/penalty.html."""
    document = new_document()
    title(document, "{{ issuer.name }}\n行政处罚决定书")
    body(document, "{{ doc_number }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    body(
        document,
        "当事人：{{ guardian.name }}{% if guardian.relation %}，系{{ student.name }}的"
        "{{ guardian.relation }}{% endif %}{% if address %}，住{{ address }}{% endif %}。",
        indent=False,
    )
    body(
        document,
        "{{ student.name }}，{{ student.gender }}，系" + STUDENT_CLASS + "学生，自"
        '{{ left_on|cn_date if left_on else "本学期" }}起未到校上课。经学校和{{ township }}'
        "{% if visits %}{{ visits|cn_number }}次{% else %}多次{% endif %}劝返，仍未返校。"
        "本机关于{{ notice.issued_on|cn_date }}向你下达《限期复学通知书》（{{ notice.doc_number }}），"
        "责令你于{{ notice.deadline|cn_date }}前送{{ student.name }}复学。期限届满，你仍未送其复学。",
    )
    body(
        document,
        "以上事实，有《限期复学通知书》及其送达回证{% if visits %}、劝返记录{% endif %}等证据证明。",
    )
    body(
        document,
        "你的行为违反了父母或者其他法定监护人应当依法保证适龄儿童、少年按时入学接受并完成义务教育的规定。"
        "依据{{ penalty.legal_basis }}的规定，本机关决定：{{ penalty.decision }}",
    )
    body(
        document,
        "如不服本决定，可以自收到本决定书之日起{{ penalty.reconsideration_days|cn_number }}日内向"
        "{{ penalty.reconsideration_body }}申请行政复议，或者自收到本决定书之日起"
        "{{ penalty.lawsuit_months|cn_number }}个月内向{{ penalty.court }}提起行政诉讼。"
        "逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请人民法院强制执行。",
    )
    issuer_signature(document)
    receipt(document, "行政处罚决定书")
    document.save(TEMPLATES / "notices" / "penalty.docx")


def inquiry() -> None:
    """协查函 with its 回函, as templates/letters/inquiry.html."""
    document = new_document()
    title(document, "关于协助核查{{ student.name }}就读情况的函")
    body(document, "{{ doc_number }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    body(document, "{{ addressee }}：", indent=False)
    body(
        document,
        "为落实控辍保学工作要求，我局在核查疑似失学辍学儿童少年时了解到：我县适龄儿童{{ student.name }}"
        "（{{ student.gender }}，身份证号{{ student.id_number }}，户籍地址{{ student.address }}，"
        "监护人{{ guardian.name }}），据其家长反映现随家人在{{ study.place }}{{ study.school }}就读，"
        "但在全国中小学生学籍信息管理系统中没有学籍。",
    )
    body(
        document,
        "请贵局协助核实该生是否在{{ study.school }}就读、就读年级、学籍情况及资助政策落实情况，"
        "并于{{ reply_by|cn_date }}"
        "前填写所附回函，加盖公章后寄回我局{% if address %}（{{ address }}）{% endif %}。"
        "如该生未在贵辖区就读，也请在回函中注明。",
    )
    body(
        document,
        "感谢贵局的支持与配合。{% if contact %}联系人：{{ contact }}。{% endif %}"
        "{% if phone %}联系电话：{{ phone }}。{% endif %}",
    )
    issuer_signature(document)
    page_break(document)
    title(document, "协查回函")
    body(document, "{{ issuer.name }}：", indent=False)
    body(
        document,
        "贵局《关于协助核查{{ student.name }}就读情况的函》（{{ doc_number }}）收悉。经核查，情况如下：",
    )
    form(
        document,
        [
            ("学生姓名", "{{ student.name }}"),
            ("身份证号", "{{ student.id_number }}"),
            ("是否在读", "在我辖区就读 □　未在我辖区就读 □"),
            ("就读学校", ""),
            ("年级、班级", " "),
            ("学籍情况", "有学籍 □　无学籍 □　学籍号："),
            ("享受资助情况", "已享受家庭经济困难学生生活补助 □　未享受 □"),
            ("核查单位（盖章）", ""),
            ("经办人及电话", " "),
            ("日期", "　　　　年　　月　　日"),
        ],
    )
    body(
        document,
        "请于{{ reply_by|cn_date }}前寄回{{ issuer.name }}{% if address %}（{{ address }}）{% endif %}"
        "{% if phone %}，电话：{{ phone }}{% endif %}。",
        indent=False,
    )
    document.save(TEMPLATES / "letters" / "inquiry.docx")


def deadline_notice() -> None:
    """限期复学通知书 with its 送达回证 and 存根."""
    document = new_document()
    title(document, "{{ issuer.name }}\n限期复学通知书")
    body(document, "{{ doc_number }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    body(document, GUARDIAN + "：", indent=False)
    body(
        document,
        "{{ student.name }}，{{ student.gender }}，系" + STUDENT_CLASS + "学生，自"
        '{{ left_on|cn_date if left_on else "本学期" }}起未到校上课。经学校和{{ township }}'
        "多次家访劝返，至今仍未返校。",
    )
    body(
        document,
        "适龄儿童、少年的父母或者其他法定监护人应当依法保证其按时入学接受并完成义务教育。"
        "依照{{ legal_basis }}的规定，现责令你自接到本通知书之日起{{ deadline.days|cn_number }}"
        "{% if deadline.working %}个工作日{% else %}日{% endif %}内，即于{{ deadline.day|cn_date }}前，"
        "送{{ student.name }}到{{ student.school }}复学。",
    )
    body(document, "{{ consequences }}")
    body(document, "{% if hotline %}联系电话：{{ hotline }}{% endif %}")
    issuer_signature(document)
    receipt(document, "限期复学通知书")
    page_break(document)
    title(document, "限期复学通知书（存根）")
    form(
        document,
        [
            ("文号", "{{ doc_number }}"),
            ("学生", "{{ student.name }}　{{ student.gender }}　" + STUDENT_CLASS),
            (
                "监护人",
                "{{ guardian.name }}{% if guardian.relation %}（{{ guardian.relation }}）{% endif %}　{{ guardian.phone }}",
            ),
            ("离校日期", '{{ left_on|cn_date if left_on else "" }}'),
            ("下达日期", "{{ issued_on|cn_date }}"),
            ("复学期限", "{{ deadline.day|cn_date }}前"),
            ("劝返责任人", "{{ officer }}"),
            ("承办人签名", ""),
            ("签发人签名", ""),
        ],
    )
    body(document, "{% if deadline.note %}注：{{ deadline.note }}{% endif %}", indent=False)
    document.save(TEMPLATES / "notices" / "deadline.docx")


def parent_letter() -> None:
    """致家长的一封信 with its 回执."""
    document = new_document()
    title(document, "致家长的一封信")
    document.add_paragraph()
    body(
        document,
        "{% if student %}尊敬的{{ student.name }}同学家长：{% else %}尊敬的家长朋友们：{% endif %}",
        indent=False,
    )
    body(document, "您好！")
    body(
        document,
        "接受义务教育是每个适龄儿童、少年的权利，也是法律规定的义务。《中华人民共和国义务教育法》规定："
        "凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育；条件不具备的地区的儿童，"
        "可以推迟到七周岁。《中华人民共和国未成年人保护法》《中华人民共和国家庭教育促进法》也规定，父母或者其他"
        "监护人应当尊重未成年人受教育的权利，保障适龄未成年人依法接受并完成义务教育，不得使其辍学。",
    )
    loop(document, "{%p if student %}")
    body(
        document,
        "您的孩子{{ student.name }}是" + STUDENT_CLASS + "的学生{% if left_on %}，"
        "自{{ left_on|cn_date }}起未到校上课{% endif %}。请您高度重视，尽快送孩子返校复学；如有困难，"
        "请与学校或{{ township }}联系，我们将尽力帮助解决。",
    )
    loop(document, "{%p endif %}")
    body(
        document,
        "为此，请您做到：一是按时送孩子入学，保证孩子完成九年义务教育；二是孩子因病因事不能到校时，"
        "按学校规定请假；三是发现孩子有厌学、逃学苗头，及时与班主任沟通，共同做好教育引导；四是不得让"
        "未完成义务教育的孩子外出务工、经商或在家辍学。",
    )
    body(
        document,
        "国家对义务教育阶段学生实行“两免一补”政策：免除学杂费，免费提供教科书，对家庭经济困难的寄宿生和"
        "非寄宿生给予生活补助{% if subsidy %}（现行标准：小学寄宿生每生每年{{ subsidy.primary_boarding }}元、"
        "非寄宿生{{ subsidy.primary_day }}元，初中寄宿生每生每年{{ subsidy.junior_boarding }}元、"
        "非寄宿生{{ subsidy.junior_day }}元）{% endif %}，农村学校实施营养改善计划。任何孩子都不会因家庭"
        "经济困难而失学。",
    )
    body(document, "{% if hotline %}如有疑问，请拨打咨询电话：{{ hotline }}。{% endif %}")
    body(
        document,
        "孩子的成长离不开家庭、学校和社会的共同努力。让我们携起手来，不让一个孩子失学辍学！",
    )
    signature(document, ["{{ sender }}", "{{ issued_on|cn_date }}"])
    body(
        document,
        "- - - - - - - - 沿此线剪下，填好后交回学校 - - - - - - - -",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    title(document, "回　执", size=16)
    form(
        document,
        [
            ("学生姓名", '{{ student.name if student else "" }}'),
            (
                "学校及班级",
                "{% if student %}" + STUDENT_CLASS + "{% else %}{{ school }}{% endif %}",
            ),
            ("家长签名", ""),
            ("联系电话", ""),
            ("日期", "　　　　年　　月　　日"),
        ],
    )
    body(
        document,
        "我已阅读《致家长的一封信》，知晓送子女接受并完成义务教育是法定义务，保证送孩子按时入学、不辍学。",
        indent=False,
    )
    document.save(TEMPLATES / "letters" / "letter.docx")


def heading(document: Document, text: str, font: str = "黑体") -> None:  # type: ignore[valid-type]
    """A level-1 (黑体) or level-2 (楷体_GB2312) heading, indented like the body."""
    paragraph = body(document, "", indent=True)
    east_asian(paragraph.add_run(text), font, 16)


def loop(document: Document, tag: str) -> None:  # type: ignore[valid-type]
    """A paragraph holding only a docxtpl paragraph tag ({%p for … %} / {%p endfor %})."""
    document.add_paragraph(tag)


def data_table(
    document: Document,  # type: ignore[valid-type]
    headers: list[str],
    cells: list[str],
    loop_tag: str,
    total: list[str] | None = None,
) -> None:
    """A bordered 小四 table whose body row repeats with {%tr for … %}."""
    table = document.add_table(rows=0, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    blank = [""] * (len(headers) - 1)
    rows = [headers, [loop_tag, *blank], cells, ["{%tr endfor %}", *blank]]
    if total:
        rows.append(total)
    for values in rows:
        row = table.add_row().cells
        for cell, text in zip(row, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(18)
            east_asian(paragraph.add_run(text), BODY, 12)


def chart(document: Document, name: str) -> None:  # type: ignore[valid-type]
    """A centred chart (an InlineImage the report passes in)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("{{ " + name + " }}")


def investigation() -> None:
    """失联儿童调查报告, as templates/reports/investigation.html."""
    document = new_document()
    title(document, "{{ student.name }}失联情况调查报告")
    document.add_paragraph()
    body(document, "{{ bureau }}：", indent=False)
    body(
        document,
        "根据控辍保学工作要求，{{ unit }}对{{ category }}适龄儿童{{ student.name }}的去向进行了调查，"
        "现将情况报告如下。",
    )
    heading(document, "一、基本情况")
    form(
        document,
        [
            ("姓名", "{{ student.name }}（{{ student.gender }}）"),
            ("身份证号", "{{ student.id_number }}"),
            ("出生日期", '{{ student.birth_date|cn_date if student.birth_date else "" }}'),
            ("户籍地址", "{{ student.address }}"),
            ("原就读学校", STUDENT_CLASS),
            (
                "监护人",
                "{{ guardian.name }}{% if guardian.relation %}（{{ guardian.relation }}）{% endif %}"
                "　{{ guardian.phone }}",
            ),
            ("离校日期", '{{ left_on|cn_date if left_on else "" }}'),
        ],
    )
    heading(document, "二、调查经过")
    loop(document, "{%p for v in visits %}")
    body(
        document,
        '{{ loop.index }}. {{ v.on|cn_date }}，{{ v.by or "工作人员" }}以{{ v.how or "走访" }}方式查找'
        "{% if v.result %}，{{ v.result }}{% endif %}。",
    )
    loop(document, "{%p endfor %}")
    heading(document, "三、调查结论")
    body(document, "{{ finding }}")
    body(document, "以上情况属实。")
    signature(document, ["{{ unit }}", "{{ issued_on|cn_date }}"])
    data_table(
        document,
        ["签名栏", "签名"],
        ["调查人（签名）", ""],
        "{%tr for _ in range(investigators) %}",
        ["审核人（签名）", ""],
    )
    document.save(TEMPLATES / "reports" / "investigation.docx")


def home_teaching() -> None:
    """送教上门工作计划 and the monthly record sheets, as templates/letters/home-teaching.html."""
    document = new_document()
    title(document, "{{ student.name }}送教上门工作计划\n（{{ term }}）")
    document.add_paragraph()
    form(
        document,
        [
            (
                "学生",
                "{{ student.name }}　{{ student.gender }}　"
                '{{ student.birth_date|cn_date if student.birth_date else "" }}出生',
            ),
            ("学籍学校及年级", STUDENT_CLASS),
            ("送教原因", "{{ condition }}"),
            ("家庭住址", "{{ student.address }}"),
            (
                "监护人及电话",
                "{{ guardian.name }}{% if guardian.relation %}（{{ guardian.relation }}）{% endif %}"
                "　{{ guardian.phone }}",
            ),
            ("送教教师", "{{ teacher }}"),
        ],
    )
    heading(document, "一、送教安排")
    body(
        document,
        "本学期由{{ teacher }}老师送教上门，每月{{ visits_per_month }}次，每次不少于"
        "{{ hours_per_visit }}课时，具体时间与家长商定后提前告知。",
    )
    heading(document, "二、送教内容")
    body(
        document,
        '{{ subjects|join("、") }}。根据学生身体状况和学习能力确定个别化教育内容，每次送教有教案、'
        "有记录，由教师和家长签字。",
    )
    heading(document, "三、家长配合")
    body(
        document,
        "家长按约定时间在家陪同，配合教师开展教学和康复训练，在送教记录上签字，如实反映孩子的变化和需求。",
    )
    signature(document, ["{{ student.school }}", "{{ issued_on|cn_date }}"])
    loop(document, "{%p for month in months %}")
    page_break(document)
    title(document, "送教上门记录表（{{ month }}）")
    body(
        document,
        "学生：{{ student.name }}　　送教教师：{{ teacher }}　　"
        "每次不少于{{ hours_per_visit }}课时",
        indent=False,
    )
    data_table(
        document,
        ["次数", "日期", "课时", "送教内容", "教师签名", "家长签名"],
        ["{{ loop.index }}", "", "", "", "", ""],
        "{%tr for visit in range(visits_per_month) %}",
    )
    body(document, "本月情况小结：", indent=False)
    loop(document, "{%p endfor %}")
    document.save(TEMPLATES / "letters" / "home-teaching.docx")


def subsidy() -> None:
    """学生资助告知单, as templates/letters/subsidy.html."""
    document = new_document()
    title(document, "学生资助告知单")
    document.add_paragraph()
    body(document, "{{ student.name }}同学家长：", indent=False)
    kind = '{{ stage }}{{ "寄宿生" if boarding else "非寄宿生" }}'
    body(
        document,
        "根据国家义务教育阶段家庭经济困难学生生活补助政策，经学生家长申请、学校评议公示、教育部门审核，"
        "您的孩子{{ student.name }}（{{ school }}{{ student.grade }}，"
        + kind
        + "）享受家庭经济困难学生"
        "生活补助。现行标准为"
        + kind
        + "每生每年{{ yearly }}元，每学期{{ per_semester|money }}元。",
    )
    data_table(
        document,
        ["学期", "补助金额（元）"],
        ["{{ payment.semester }}", "{{ payment.amount|money }}"],
        "{%tr for payment in payments %}",
        ["合计", "{{ total|money }}（{{ total|capital_amount }}）"],
    )
    body(document, "发放方式：{{ payment_method }}")
    body(
        document,
        "资助资金专款专用，任何单位和个人不得截留、挤占、挪用，不得以任何理由抵扣学生费用。"
        "{% if hotline %}如有疑问或发现问题，请拨打咨询监督电话：{{ hotline }}。{% endif %}",
    )
    signature(document, ["{{ school }}", "{{ issued_on|cn_date }}"])
    document.save(TEMPLATES / "letters" / "subsidy.docx")


def enrolment() -> None:
    """入学通知书, as templates/letters/enrolment.html."""
    document = new_document()
    title(document, "{{ year }}年秋季新生入学通知书")
    document.add_paragraph()
    body(document, "{{ guardian.name }}：", indent=False)
    body(
        document,
        "您的孩子{{ student.name }}（{{ student.gender }}，{{ student.birth_date|cn_date }}出生）到"
        "{{ cutoff|cn_date }}已满六周岁。依照《中华人民共和国义务教育法》第十一条，应于{{ year }}年秋季"
        "入学接受义务教育。按照免试就近入学的原则，安排在{{ school }}就读。",
    )
    body(
        document,
        "请于{{ registration.start|cn_date }}{% if registration.end and registration.end != "
        "registration.start %}至{{ registration.end|cn_date }}{% endif %}，带孩子到"
        "{{ registration.place }}办理入学登记，并携带以下材料：{% for item in registration.materials %}"
        '{{ loop.index }}.{{ item }}{{ "；" if not loop.last else "。" }}{% endfor %}',
    )
    body(
        document,
        "送适龄子女按时入学接受并完成义务教育，是父母或者其他法定监护人的法定义务。孩子因身体状况需要"
        "延缓入学的，请由父母或者其他法定监护人提出申请，报当地乡镇人民政府或者县教育局批准。"
        "{% if hotline %}如有疑问，请拨打咨询电话：{{ hotline }}。{% endif %}",
    )
    signature(document, ["{{ bureau }}", "{{ issued_on|cn_date }}"])
    document.save(TEMPLATES / "letters" / "enrolment.docx")


def report(name: str, build: object) -> None:
    """Build one report template with ``build(document)`` and save it under templates/reports."""
    document = new_document()
    build(document)  # type: ignore[operator]
    document.save(TEMPLATES / "reports" / f"{name}.docx")


def self_inspection(document: Document) -> None:  # type: ignore[valid-type]
    """控辍保学工作自查报告, as templates/reports/self-inspection.html."""
    title(document, "{{ county }}{{ year }}年控辍保学工作自查报告")
    document.add_paragraph()
    body(document, "{{ content.basis }}")
    heading(document, "一、基本情况")
    body(document, "{{ schools_sentence }}")
    body(document, "{{ verification_sentence }}")
    loop(document, "{%p if reasons_sentence %}")
    body(document, "{{ reasons_sentence }}")
    loop(document, "{%p endif %}")
    body(document, "{{ status_sentence }}")
    data_table(
        document,
        ["类别", "名称", "是否核减", "人数"],
        [
            "{{ c.code }}",
            "{{ c.name }}",
            '{{ "仍计失学" if c.counted else "核减" }}',
            "{{ c.count }}",
        ],
        "{%tr for c in cases.categories %}",
        ["合计", "", "", "{{ cases.total }}"],
    )
    chart(document, "chart_categories")
    data_table(
        document,
        ["乡镇（街道）", "疑似失学儿童", "核减", "仍为疑似失学", "未办结"],
        [
            "{{ g.name }}",
            "{{ g.total }}",
            "{{ g.verified_out }}",
            "{{ g.suspected }}",
            "{{ g.open }}",
        ],
        "{%tr for g in cases.by_township %}",
    )
    chart(document, "chart_townships")
    heading(document, "二、主要工作与成效")
    loop(document, "{%p for item in content.measures %}")
    body(document, "{{ loop.index }}. {{ item.title }}")
    body(document, "{{ item.text }}")
    loop(document, "{%p endfor %}")
    body(document, "{{ results_sentence }}")
    heading(document, "三、存在问题和努力方向")
    body(document, "{{ content.problems }}")
    loop(document, "{%p for item in content.next_steps %}")
    body(document, "{{ loop.index }}. {{ item.title }}{{ item.text }}")
    loop(document, "{%p endfor %}")
    body(document, "{{ content.closing }}")
    signature(document, ["{{ bureau }}", "{{ issued_on|cn_date }}"])


def work_plan(document: Document) -> None:  # type: ignore[valid-type]
    """工作方案, as templates/reports/work-plan.html."""
    title(document, "{{ county }}进一步加强控辍保学\n提高义务教育巩固水平工作方案")
    document.add_paragraph()
    body(document, "{{ content.purpose }}")
    heading(document, "一、工作目标")
    body(document, "{{ targets_sentence }}")
    data_table(
        document,
        ["指标", "目标", "{{ year }}学年", "是否达到"],
        ["{{ goal.label }}", "{{ goal.target }}", "{{ goal.actual }}", "{{ goal.met }}"],
        "{%tr for goal in goals %}",
    )
    heading(document, "二、重点任务")
    loop(document, "{%p for task in content.tasks %}")
    heading(document, "（{{ loop.index|cn_number }}）{{ task.title }}", "楷体_GB2312")
    body(document, "{{ task.text }}")
    body(document, "牵头单位：{{ task.lead }}")
    body(document, "责任单位：{{ task.responsible }}")
    loop(document, "{%p endfor %}")
    heading(document, "三、时间安排")
    data_table(
        document,
        ["时间", "工作内容"],
        ["{{ step.period }}", "{{ step.work }}"],
        "{%tr for step in content.timeline %}",
    )
    heading(document, "四、工作要求")
    loop(document, "{%p for item in content.requirements %}")
    heading(document, "（{{ loop.index|cn_number }}）{{ item.title }}", "楷体_GB2312")
    body(document, "{{ item.text }}")
    loop(document, "{%p endfor %}")
    signature(document, ["{{ bureau }}", "{{ issued_on|cn_date }}"])


def summary(document: Document) -> None:  # type: ignore[valid-type]
    """工作总结, as templates/reports/summary.html."""
    title(document, "{{ bureau }}{{ year }}年控辍保学工作总结")
    document.add_paragraph()
    heading(document, "一、{{ year }}年工作完成情况")
    heading(document, "（一）家庭经济困难学生资助政策全覆盖", "楷体_GB2312")
    body(document, "{{ subsidy_sentence }}")
    data_table(
        document,
        ["学段", "人次", "金额（万元）", "其中原建档立卡人次", "其中原建档立卡金额（万元）"],
        [
            "{{ line.stage }}",
            "{{ line.persons }}",
            "{{ line.yuan|wan_yuan }}",
            "{{ line.registered_persons }}",
            "{{ line.registered_yuan|wan_yuan }}",
        ],
        "{%tr for line in subsidy_lines %}",
    )
    heading(document, "（二）确保孩子不因家庭经济困难而失学辍学", "楷体_GB2312")
    body(document, "{{ enrolment_sentence }}")
    body(document, "{{ disabled_sentence }}")
    heading(document, "二、主要工作措施")
    loop(document, "{%p for item in content.measures %}")
    heading(document, "（{{ loop.index|cn_number }}）{{ item.title }}", "楷体_GB2312")
    body(document, "{{ item.text }}")
    loop(document, "{%p endfor %}")
    heading(document, "三、工作亮点")
    loop(document, "{%p for item in content.highlights %}")
    body(document, "{{ item }}")
    loop(document, "{%p endfor %}")
    heading(document, "四、存在问题")
    loop(document, "{%p for item in content.problems %}")
    body(document, "{{ loop.index }}. {{ item }}")
    loop(document, "{%p endfor %}")
    signature(document, ["{{ bureau }}", "{{ issued_on|cn_date }}"])


if __name__ == "__main__":
    deadline_notice()
    penalty()
    inquiry()
    investigation()
    home_teaching()
    subsidy()
    enrolment()
    parent_letter()
    report("self-inspection", self_inspection)
    report("work-plan", work_plan)
    report("summary", summary)
    print("written:", *sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.docx")))
