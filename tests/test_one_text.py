"""One text in every format: the DOCX and the PDF of a document say the same, sentence for sentence.

Every document of every kind the demo makes is read back twice: the DOCX with python-docx, the PDF
with poppler's pdftotext. Their sentences (white space and page numbers aside) must be the same.
A county that edits only its Word template gets a PDF with its own words; a county whose Word and
HTML templates disagree gets nothing at all, and a message saying where they disagree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text, sentences
from docx import Document
from test_followup import ISSUED, PROFILE, case_rows, write_ledger
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app
from reportgen.demo import DOCUMENTS, REPORTS_FOLDER

runner = CliRunner()


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Every per-case DOCX of a batch with its PDF, as the manifest lists them."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docx = [folder / f["path"] for f in manifest["files"] if f["format"] == "docx"]
    return [(path, path.with_suffix(".pdf")) for path in docx if "合并打印" not in path.name]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda document: document.kind)
def test_every_docx_and_its_pdf_say_the_same(demo_output: Path, document: object) -> None:
    found = pairs(demo_output / document.folder)  # type: ignore[attr-defined]
    assert found
    for docx, pdf in found:
        assert sentences(docx_text(docx)) == sentences(pdf_text(pdf)), docx.name


def test_every_report_says_the_same_in_docx_and_pdf(demo_output: Path) -> None:
    reports = sorted((demo_output / REPORTS_FOLDER).glob("*.docx"))
    assert len(reports) == 3
    for docx in reports:
        assert sentences(docx_text(docx)) == sentences(pdf_text(docx.with_suffix(".pdf")))


def county(folder: Path) -> Path:
    """Three cases of 城关镇 with their persuasion records, no notice yet."""
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    write_ledger(folder, case_rows())
    return folder


def notices(folder: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "notices",
            str(folder / "台账.xlsx"),
            "-p",
            str(folder / "profile.yaml"),
            "--out",
            str(folder / "通知书"),
            "--date",
            ISSUED,
            *options,
        ],
    )
    return result.exit_code, result.output


def edit_in_word(template: Path) -> None:
    """Change the consequences sentence as Word saves an edit: the text in several runs."""
    document = Document(str(template))
    paragraph = next(p for p in document.paragraphs if "wording.consequences" in p.text)
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    for piece in ("逾期不送", "{{ stu", "dent.name }}", "复学的，本镇将依法处理。"):
        paragraph.add_run(piece)
    document.save(str(template))


def test_a_county_that_edits_only_its_word_template_gets_a_pdf_in_its_words(
    tmp_path: Path,
) -> None:
    folder = county(tmp_path)
    exported = runner.invoke(
        app, ["templates", "export", "deadline", "--to", str(folder / "templates")]
    )
    assert exported.exit_code == 0, exported.output
    template = folder / "templates" / "notices" / "deadline.docx"
    edit_in_word(template)
    code, output = notices(folder, "--format", "docx,pdf")
    assert code == 0, output
    docx = sorted((folder / "通知书").glob("1_*.docx"))[0]
    assert "逾期不送张三复学的，本镇将依法处理。" in docx_text(docx)
    assert "逾期不送张三复学的，本镇将依法处理。" in sentences(pdf_text(docx.with_suffix(".pdf")))
    assert sentences(docx_text(docx)) == sentences(pdf_text(docx.with_suffix(".pdf")))


def test_word_and_html_templates_that_disagree_are_refused_before_numbering(
    tmp_path: Path,
) -> None:
    folder = county(tmp_path)
    templates = folder / "templates"
    for fmt in ("docx", "html"):
        runner.invoke(
            app, ["templates", "export", "deadline", "--to", str(templates), "--format", fmt]
        )
    edit_in_word(templates / "notices" / "deadline.docx")
    code, output = notices(folder, "--format", "docx,pdf")
    assert code != 0
    assert "限期复学通知书的 Word 文件和 PDF 文字不一致" in output
    assert "Word 为“逾期不送张三复学的，本镇将依法处理。”" in output
    assert "PDF 为“逾期仍不送其复学的，城关镇人民政府将依照本省有关规定依法给予行政处罚" in output
    assert "第 2 行 张三：第 6 段" in output  # title, 文号, 主送, facts, order, then this
    assert not (folder / "通知书").exists()
    assert Register(folder / REGISTER_FILE).entries() == []
    checked = runner.invoke(
        app, ["templates", "check", str(templates / "notices" / "deadline.docx")]
    )
    assert checked.exit_code == 1
    assert "Word 模板和 HTML 模板措辞不同" in checked.output
    assert "逾期不送" in checked.output


def test_a_profile_sentence_changes_every_format(tmp_path: Path) -> None:
    folder = county(tmp_path)
    text = (folder / "profile.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(
        text
        + "notice:\n  title: 责令送被监护人接受义务教育通知书\n"
        + "  order: 现责令你自收到本通知书之日起{期限}内，送{学生}到{学校}报到复学。\n",
        encoding="utf-8",
    )
    code, output = notices(folder, "--format", "docx,pdf")
    assert code == 0, output
    docx = sorted((folder / "通知书").glob("1_*.docx"))[0]
    for text in (docx_text(docx), "".join(sentences(pdf_text(docx.with_suffix(".pdf"))))):
        assert "责令送被监护人接受义务教育通知书" in text
        assert (
            "现责令你自收到本通知书之日起五个工作日内，送张三到城关中心小学报到复学。"
            in text.replace("\n", "")
        )


def test_a_blank_the_notice_does_not_know_is_refused_with_its_key(tmp_path: Path) -> None:
    folder = county(tmp_path)
    text = (folder / "profile.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(
        text + "notice:\n  order: 请于{日期}前复学。\n", encoding="utf-8"
    )
    code, output = notices(folder, "--format", "docx")
    assert code == 1
    assert "notice" in output and "{日期}" in output


def test_the_notice_says_what_the_records_show_and_what_follows(tmp_path: Path) -> None:
    folder = county(tmp_path)
    code, output = notices(folder, "--format", "docx")
    assert code == 0, output
    texts = {
        path.name.split("_")[2]: docx_text(path) for path in (folder / "通知书").glob("*.docx")
    }
    assert "经学校和城关镇两次劝返，至今仍未返校。" in texts["张三"]  # two records
    assert "多次" not in "".join(texts.values())
    for text in texts.values():  # the notice is the 责令改正: what follows it is the penalty
        assert "批评教育" not in text and "责令限期改正" not in text
        assert "依法给予行政处罚；拒不履行处罚决定的，依法申请人民法院强制执行。" in text
