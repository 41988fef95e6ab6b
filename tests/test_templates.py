"""Template tools for counties: list, export, vars, and the linter on broken templates."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.documents import kinds
from reportgen.render.template_tools import builtin_files, check, export
from reportgen.resources import builtin_templates

runner = CliRunner()


def test_list_vars_and_export(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["templates", "list"])
    assert (
        listed.exit_code == 0
        and "deadline" in listed.output
        and "notices/deadline.html" in listed.output
    )
    variables = runner.invoke(app, ["templates", "vars", "deadline"])
    assert "doc_number" in variables.output and "wording.order" in variables.output
    exported = runner.invoke(app, ["templates", "export", "deadline", "--to", str(tmp_path)])
    assert exported.exit_code == 0
    word = Document(str(tmp_path / "notices" / "deadline.docx"))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert texts[0] == '{%p from "macros.html" import signature %}'
    assert "{{ issuer.name }}" in texts[1] and "{{ wording.title }}" in texts[1]
    assert '{%p from "macros.html" import signature %}' in texts
    assert "{{p signature(issuer.name, issued_on, seal) }}" in texts
    assert word.paragraphs[1].style.name == "公文标题"
    assert (
        runner.invoke(app, ["templates", "export", "deadline", "--to", str(tmp_path)]).exit_code
        == 4
    )
    html = runner.invoke(
        app, ["templates", "export", "deadline", "--to", str(tmp_path), "--format", "html"]
    )
    assert html.exit_code == 0
    assert (tmp_path / "notices" / "deadline.html").read_bytes() == (
        builtin_templates() / "notices" / "deadline.html"
    ).read_bytes()


def test_builtin_templates_are_clean(tmp_path: Path) -> None:
    for kind in kinds().values():
        for path in builtin_files(kind):
            assert check(path, kind.key) == [], path
        exported = export(kind.key, tmp_path / kind.key)[0]
        assert check(exported, kind.key) == [], exported


def test_html_syntax_error_unknown_variable_and_input_method_characters(tmp_path: Path) -> None:
    path = tmp_path / "deadline.html"
    path.write_text(
        "<p>{{ student.name }}</p>\n<p>{{ 学生姓名 }}</p>\n<p>{{ left_on|cn_date if left_on else “本学期” }}</p>\n",
        encoding="utf-8",
    )
    findings = [str(f) for f in check(path, "deadline")]
    assert findings[0] == (
        "deadline.html 第 3 行：标签 {{ left_on|cn_date if left_on else “本学期” }}"
        " 中有输入法打出的全角或中文符号（“”），应为英文半角"
    )
    assert findings[1].startswith("deadline.html 第 3 行：模板语法错误（unexpected char '“'")
    result = runner.invoke(app, ["templates", "check", str(path), "--fix"])
    assert result.exit_code == 1  # the unknown variable is left for a person to decide
    assert (
        path.read_text(encoding="utf-8").splitlines()[2]
        == '<p>{{ left_on|cn_date if left_on else "本学期" }}</p>'
    )
    assert [str(f) for f in check(path, "deadline")] == [
        "deadline.html：变量 学生姓名 不是“限期复学通知书”提供的变量（见 reportgen templates vars deadline）"
    ]


def test_full_width_braces_are_found_and_fixed(tmp_path: Path) -> None:
    path = tmp_path / "letter.html"
    path.write_text(
        "<p>｛｛ school ｝｝</p>\n<p>{% if student %}x{％ endif ％}</p>\n", encoding="utf-8"
    )
    findings = check(path, fix=True)
    assert len(findings) == 2 and all(f.fixed for f in findings)
    assert (
        path.read_text(encoding="utf-8")
        == "<p>{{ school }}</p>\n<p>{% if student %}x{% endif %}</p>\n"
    )
    assert check(path) == []


def _docx_with(paragraph_xml: str, tmp_path: Path) -> Path:
    """The exported notice with one paragraph added, as Word saves a county's edit."""
    source = export("deadline", tmp_path / "exported", force=True)[0]
    target = tmp_path / "deadline.docx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("<w:body>") + len("<w:body>")
                data = (xml[:start] + paragraph_xml + xml[start:]).encode("utf-8")
            out.writestr(info, data)
    return target


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_tags_split_across_runs_are_joined_but_not_across_paragraphs(tmp_path: Path) -> None:
    joined = _docx_with(f"<w:p>{_run('{{ stu')}{_run('dent.name }}')}</w:p>", tmp_path)
    assert check(joined, "deadline") == []
    broken = _docx_with(f"<w:p>{_run('{{ student.')}</w:p><w:p>{_run('name }}')}</w:p>", tmp_path)
    findings = [str(f) for f in check(broken, "deadline")]
    assert findings == [
        "deadline.docx 第 1 段（“{{ student.”）：标签在本段内没有结束（被拆到了下一段），不能生成"
    ]


def test_docx_unknown_variable_and_curly_quotes(tmp_path: Path) -> None:
    path = _docx_with(f"<w:p>{_run('{{ 监护人 }}{{ x if x else “无” }}')}</w:p>", tmp_path)
    findings = [str(f) for f in check(path, "deadline")]
    assert "中有输入法打出的全角或中文符号（“”）" in findings[0]
    result = runner.invoke(app, ["templates", "check", str(path), "--kind", "deadline", "--fix"])
    assert "（已修正）" in result.output
    assert [str(f) for f in check(path, "deadline")] == [
        "deadline.docx：变量 x 不是“限期复学通知书”提供的变量（见 reportgen templates vars deadline）",
        "deadline.docx：变量 监护人 不是“限期复学通知书”提供的变量（见 reportgen templates vars deadline）",
    ]
