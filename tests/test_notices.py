"""Per-case notices end to end: real DOCX, PDF and HTML read back, and the register behind them.

One batch is rendered once per session (a PDF costs a fifth of a second) and read by many tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, docx_text, persuaded, row, save_xlsx
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pdf_pages import Line, pdf_pages
from pypdf import PdfReader
from typer.testing import CliRunner

from reportgen.casework.deadline import compute_deadline
from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app
from reportgen.demo import REPORTS_FOLDER
from reportgen.documents.batch import BatchResult, run_batch
from reportgen.documents.request import BatchRequest
from reportgen.errors import LedgerInvalid, OutputExists
from reportgen.profile import load_profile
from reportgen.render.pdf import MissingGlyphs
from reportgen.render.templating import TemplateProblem

ISSUED = dt.date(2026, 9, 30)  # the deadline runs over the National Day holidays
PROFILE = """\
county: 示范县
bureau_abbreviation: 示教
hotline: 0372-5551234
townships:
  - name: 城关镇
    abbreviation: 城政控学
  - name: 东风镇
    abbreviation: 东政控学
deadline:
  days: 7
  kind: working
"""
GIRL_2015 = "410526201502030049"


def ledger_rows(extra: list[list[Any]] | None = None) -> list[list[Any]]:
    rows = [
        row(1, "张三", BOY_2014, "男", left_on="2026-9-8"),
        _guardian(
            row(2, "吉𠮷", GIRL_2013, "女", category="L", status="已下达通知", township="东风镇"),
            '王&<建>"国',
        ),
        row(3, "阿依古丽·买买提", GIRL_2015, "女", category="L"),
        row(4, "../../x", BOY_2012, "男"),
        row(5, "李四", "410526201406060010", "男", category="B", status="已核实"),
        row(6, "王五", "410526201207080019", "男", category="L", status="已复学"),
        *(extra or []),
    ]
    return [HEADERS, *rows]


def save_ledger(path: Path, table: list[list[Any]]) -> Path:
    """Save a ledger whose children have each had the two visits a notice waits for."""
    return save_xlsx(path, table, more=persuaded(table[1:]))


def _guardian(values: list[Any], guardian: str) -> list[Any]:
    values[HEADERS.index("监护人")] = guardian
    return values


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    (root / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(root / "台账.xlsx", ledger_rows())
    return root


def request_for(root: Path, out: Path, **changes: Any) -> BatchRequest:
    base = BatchRequest(
        ledger=root / "台账.xlsx",
        profile=load_profile(root / "profile.yaml"),
        register=Register(root / REGISTER_FILE),
        out=out,
        formats=("docx", "pdf", "html"),
        merge=True,
        issued_on=ISSUED,
    )
    return replace(base, **changes)


@pytest.fixture(scope="session")
def batch(workspace: Path) -> BatchResult:
    return run_batch(request_for(workspace, workspace / "out"))


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def by_row(batch: BatchResult, fmt: str) -> dict[int | None, Path]:
    return {o.row: o.path for o in batch.outputs if o.format == fmt and not o.merged}


def test_default_selection_is_counted_and_open_cases(batch: BatchResult) -> None:
    assert sorted(by_row(batch, "docx")) == [2, 3, 4, 5]
    assert batch.numbers == [
        "城政控学〔2026〕1号",
        "东政控学〔2026〕1号",
        "城政控学〔2026〕2号",
        "城政控学〔2026〕3号",
    ]


def test_docx_holds_the_case_with_escaped_data(batch: BatchResult) -> None:
    text = docx_text(by_row(batch, "docx")[3])
    assert "东政控学〔2026〕1号" in text
    assert '王&<建>"国（吉𠮷的监护人）' not in text  # relation column absent: no parenthesis
    assert '王&<建>"国：' in text
    assert "吉𠮷，女，系城关中心小学三年级学生" in text
    assert "现责令你自收到本通知书之日起七个工作日内送吉𠮷到城关中心小学复学。" in text
    assert "2026年10月15日" not in text  # the deadline runs from service, not from the issue date
    assert "送达回证" in text and "限期复学通知书（存根）" in text


def test_docx_layout_is_official(batch: BatchResult) -> None:
    document = Document(str(by_row(batch, "docx")[2]))
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins if m is not None] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # type: ignore[union-attr]
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )
    assert document.settings.odd_and_even_pages_header_footer
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in footer
    assert section.even_page_footer.paragraphs[0].alignment != footer  # left on even pages
    assert Mm(0) == 0


def test_pdf_text_page_size_and_deadline_over_the_holiday(batch: BatchResult) -> None:
    path = by_row(batch, "pdf")[2]
    reader = PdfReader(str(path))
    assert len(reader.pages) == 3
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = pdf_text(path)
    assert "城政控学〔2026〕1号" in text
    assert "自收到本通知书之日起七个工作日内送张三到城关中心小学复学" in re.sub(r"\s+", "", text)
    # The notice is numbered; its forms (送达回证, 存根) carry no page number.
    assert [int(n) for n in re.findall(r"—\s*(\d+)\s*—", text)] == [1]
    # Seven working days from 2026-09-30 run past the National Day holidays to 10-15; the
    # register holds no deadline until the notice is served, for the period runs from service.
    rule = load_profile(path.parents[1] / "profile.yaml").deadline
    assert compute_deadline(ISSUED, rule).day == dt.date(2026, 10, 15)
    assert batch.entries[0].deadline is None


def test_pdf_draws_rare_characters_and_escaped_data(batch: BatchResult) -> None:
    text = re.sub(r"\s+", "", pdf_text(by_row(batch, "pdf")[3]))
    assert '王&<建>"国：' in text
    assert "吉𠮷" in text


def test_merged_files_hold_every_notice_in_ledger_order(batch: BatchResult) -> None:
    merged = {o.format: o.path for o in batch.outputs if o.merged}
    reader = PdfReader(str(merged["pdf"]))
    assert len(reader.pages) == 4 * 3
    first_pages = [reader.pages[i].extract_text() for i in (0, 3, 6, 9)]
    assert [n for n in batch.numbers] == [
        next(n for n in batch.numbers if n in re.sub(r"\s+", "", page)) for page in first_pages
    ]
    text = docx_text(merged["docx"])
    assert [text.index(n) for n in batch.numbers] == sorted(text.index(n) for n in batch.numbers)
    sections = Document(str(merged["docx"])).sections
    # Two sections a notice: its numbered pages (numbers restart at 1) and its forms (none).
    assert len(sections) == 2 * len(batch.numbers)
    for notice, forms in zip(sections[::2], sections[1::2], strict=True):
        assert notice._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert notice.footer.paragraphs[0].text.startswith("— ")
        assert forms.footer.paragraphs[0].text == ""


def test_file_names_stay_inside_the_output_folder(batch: BatchResult, workspace: Path) -> None:
    out = (workspace / "out").resolve()
    for output in batch.outputs:
        assert output.path.resolve().parent == out
    assert by_row(batch, "pdf")[5].name == "4_城关镇_··-··-x_限期复学通知书_城政控学〔2026〕3号.pdf"


def test_manifest_lists_every_file_with_its_hash(batch: BatchResult, workspace: Path) -> None:
    manifest = json.loads(batch.manifest.read_text(encoding="utf-8"))
    assert len(manifest["files"]) == len(batch.outputs) == 4 * 3 + 2
    for entry in manifest["files"]:
        path = workspace / "out" / entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    assert {e["doc_number"] for e in manifest["files"] if e["row"] == 2} == {"城政控学〔2026〕1号"}


def test_html_preview_is_escaped(batch: BatchResult) -> None:
    markup = by_row(batch, "html")[3].read_text(encoding="utf-8")
    assert "王&amp;&lt;建&gt;&#34;国" in markup


def test_running_again_refuses_to_overwrite_and_keeps_numbers(
    workspace: Path, batch: BatchResult
) -> None:
    with pytest.raises(OutputExists, match="已存在"):
        run_batch(request_for(workspace, workspace / "out"))
    again = run_batch(request_for(workspace, workspace / "again", formats=("docx",), merge=False))
    assert again.numbers == batch.numbers
    reissued = run_batch(
        request_for(
            workspace,
            workspace / "reissued",
            formats=("docx",),
            merge=False,
            township="东风镇",
            reissue=True,
        )
    )
    assert reissued.numbers == ["东政控学〔2026〕2号"]


def test_ledger_errors_stop_the_batch_unless_skipped(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(tmp_path / "台账.xlsx", ledger_rows([row(7, "赵六", "410526201406060011", "男")]))
    with pytest.raises(LedgerInvalid) as caught:
        run_batch(request_for(tmp_path, tmp_path / "out", formats=("docx",)))
    assert [p.row for p in caught.value.problems] == [8]
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / REGISTER_FILE).exists()
    done = run_batch(request_for(tmp_path, tmp_path / "out", formats=("docx",), skip_invalid=True))
    assert [p.row for p in done.skipped] == [8]
    assert done.documents == 4


def test_a_character_no_font_has_is_refused_before_numbering(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(tmp_path / "台账.xlsx", [HEADERS, row(1, "王\U0003134a", BOY_2014, "男")])
    with pytest.raises(MissingGlyphs, match=r"第 2 行 王\U0003134a：\U0003134a（U\+3134A）"):
        run_batch(request_for(tmp_path, tmp_path / "out"))
    assert Register(tmp_path / REGISTER_FILE).entries() == []
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_a_missing_guardian_is_named_with_its_row(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(tmp_path / "台账.xlsx", [HEADERS, _guardian(row(1, "张三", BOY_2014, "男"), "")])
    with pytest.raises(LedgerInvalid) as caught:
        run_batch(request_for(tmp_path, tmp_path / "out", formats=("docx",)))
    assert [str(p) for p in caught.value.problems] == [
        "台账.xlsx 工作表「台账」第 2 行「监护人」列 — 生成限期复学通知书需要填写“监护人”"
    ]


def test_county_override_extends_the_builtin_and_the_sandbox_refuses_internals(
    tmp_path: Path,
) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(tmp_path / "台账.xlsx", [HEADERS, row(1, "张三", BOY_2014, "男")])
    override = tmp_path / "templates" / "notices" / "deadline.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "builtin:notices/deadline.html" %}{% block consequences %}<p>本县特别条款。</p>{% endblock %}',
        encoding="utf-8",
    )
    done = run_batch(request_for(tmp_path, tmp_path / "out", formats=("html",), merge=False))
    markup = done.outputs[0].path.read_text(encoding="utf-8")
    assert "本县特别条款。" in markup and "送达回证" in markup
    override.write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="模板试图访问 Python 内部属性，已拒绝"):
        run_batch(request_for(tmp_path, tmp_path / "out2", formats=("html",), merge=False))


def test_personal_and_generic_letters(workspace: Path) -> None:
    personal = run_batch(
        request_for(workspace, workspace / "letters", kind="letter", formats=("docx",))
    )
    text = docx_text(by_row(personal, "docx")[2])
    assert "尊敬的张三同学家长：" in text and "回　执" in text and "城关中心小学" in text
    generic = run_batch(
        request_for(
            workspace, workspace / "generic", kind="letter-generic", formats=("docx",), merge=False
        )
    )
    texts = [docx_text(o.path) for o in generic.outputs]
    assert len(texts) == 1  # one school in the ledger
    assert "尊敬的家长朋友们：" in texts[0] and "张三" not in texts[0]
    assert "小学寄宿生每生每年1250元" in texts[0]


def test_notices_command_and_register_list(workspace: Path, batch: BatchResult) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "notices",
            str(workspace / "台账.xlsx"),
            "-p",
            str(workspace / "profile.yaml"),
            "--out",
            str(workspace / "cli"),
            "--format",
            "docx",
            "--township",
            "城关镇",
            "--date",
            "2026-09-30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "共生成 3 份，3 个文件" in result.output
    assert "文号：城政控学〔2026〕1—3号（共 3 个）" in result.output
    listed = runner.invoke(
        app, ["register", "list", "-p", str(workspace / "profile.yaml"), "--township", "东风镇"]
    )
    assert listed.exit_code == 0
    assert (
        '东政控学〔2026〕1号\t限期复学通知书\t东风镇\t受送达 王&<建>"国\t学生 吉𠮷\t2026-09-30'
        in listed.output
    )


def test_notices_command_lists_ledger_errors_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    save_ledger(tmp_path / "台账.xlsx", [HEADERS, row(1, "张三", "410526201406060011", "男")])
    result = CliRunner().invoke(
        app,
        [
            "notices",
            str(tmp_path / "台账.xlsx"),
            "-p",
            str(tmp_path / "profile.yaml"),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "台账有 1 处错误，未生成任何文件"
    assert "第 2 行「身份证号码」列" in result.output


def test_docx_carries_the_reference_parts_and_honest_properties(batch: BatchResult) -> None:
    from reportgen.render.reference import FIXED_PARTS

    rendered = zipfile.ZipFile(by_row(batch, "docx")[2])
    assert rendered.testzip() is None
    for name, part in FIXED_PARTS.items():
        if name != "word/_rels/document.xml.rels":
            assert rendered.read(name) == part.encode("utf-8"), name
    styles = rendered.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles
    properties = Document(str(by_row(batch, "docx")[2])).core_properties
    assert properties.title == "限期复学通知书 城政控学〔2026〕1号"
    assert properties.author == "城关镇人民政府"
    assert properties.created is not None and properties.created.year >= 2026


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even(demo_output: Path) -> None:
    report = next((demo_output / REPORTS_FOLDER).glob("*工作总结.pdf"))
    bbox = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "2", "-bbox", str(report), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = bbox.split("<page ")[1:]
    dash_x = [
        [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>—', page)] for page in pages
    ]
    assert min(dash_x[0]) > 595 / 2  # odd page: right
    assert max(dash_x[1]) < 595 / 2  # even page: left


def test_large_batches_use_two_processes_and_merge_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.render import pdf

    monkeypatch.setattr(pdf, "MERGE_CHUNK", 10)
    count = pdf.PARALLEL_PDFS + 5
    pages = [(f"<p>第 {i} 份通知</p>", tmp_path / f"{i}.pdf") for i in range(count)]
    pdf.write_pdfs(pages, tmp_path / "merged.pdf", False, tmp_path)
    reader = PdfReader(str(tmp_path / "merged.pdf"))
    assert [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages] == [
        f"第{i}份通知" for i in range(count)
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert all((tmp_path / f"{i}.pdf").is_file() for i in range(count))


def test_seal_image_is_stamped_in_docx_and_pdf(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    seal = tmp_path / "城关镇公章.png"
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 195, 195), outline=(220, 0, 0, 255), width=8)
    image.save(seal)
    (tmp_path / "profile.yaml").write_text(
        PROFILE.replace(
            "    abbreviation: 城政控学\n", "    abbreviation: 城政控学\n    seal: 城关镇公章.png\n"
        ),
        encoding="utf-8",
    )
    save_ledger(
        tmp_path / "台账.xlsx",
        [
            HEADERS,
            row(1, "张三", BOY_2014, "男"),
            row(2, "李四", GIRL_2013, "女", township="东风镇"),
        ],
    )
    done = run_batch(request_for(tmp_path, tmp_path / "out", formats=("docx", "pdf"), merge=False))
    sealed, plain = by_row(done, "docx")[2], by_row(done, "docx")[3]
    with zipfile.ZipFile(sealed) as package:
        assert package.read("word/media/image-0.png") == seal.read_bytes()
        document = package.read("word/document.xml").decode("utf-8")
        assert 'r:embed="rIdImage0"' in document and "<wp:anchor" in document
        assert 'Extension="png"' in package.read("[Content_Types].xml").decode("utf-8")
    assert Document(str(sealed)).paragraphs  # Word's reader accepts the drawing
    with zipfile.ZipFile(plain) as package:
        assert "rIdImage0" not in package.read("word/document.xml").decode("utf-8")
    images = subprocess.run(
        ["pdfimages", "-list", str(by_row(done, "pdf")[2])],
        capture_output=True,
        text=True,
        check=True,
    )
    kinds_on_pages = [line.split()[:3] for line in images.stdout.splitlines()[2:]]
    assert kinds_on_pages == [
        ["1", "0", "image"],
        ["1", "1", "smask"],
        ["2", "2", "image"],
    ]  # the seal and its transparency, then the 送达回证's QR code
    assert "示范县城关镇人民政府" not in docx_text(sealed)  # the profile names 城关镇人民政府
    assert "城关镇人民政府" in docx_text(sealed)
    # GB/T 9704 7.3.5: under a seal the date stands four characters in from the right and the 署名
    # is centred over it; without one the date begins two characters right of the 署名's first
    # character, and the longer of the two stands two characters in.
    # Digits are placed as half a character wide, as 仿宋_GB2312 draws them; a stand-in font that
    # draws them wider moves what is placed by the date's width, by less than half a character.
    em, near = 16, 8
    name, day = signature_lines(by_row(done, "pdf")[2])
    assert abs(pdf_pages(by_row(done, "pdf")[2])[0].right - 4 * em - day.x1) < 1.5
    assert abs((name.x0 + name.x1) / 2 - (day.x0 + day.x1) / 2) < near
    name, day = signature_lines(by_row(done, "pdf")[3])
    assert abs(pdf_pages(by_row(done, "pdf")[3])[0].right - 2 * em - max(name.x1, day.x1)) < 1.5
    assert abs(day.x0 - name.x0 - 2 * em) < near
    for docx in (sealed, plain):  # the same places in Word: right indents in characters
        lines = [p for p in Document(str(docx)).paragraphs if p.style.style_id == "Signature"]
        indents = [p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) for p in lines[:2]]
        assert indents[1] == "400" if docx == sealed else "200" in indents


def signature_lines(pdf: Path) -> tuple[Line, Line]:
    """The 署名 and the 成文日期 on a notice's first page: its last two lines."""
    lines = pdf_pages(pdf)[0].text_lines
    return lines[-2], lines[-1]
