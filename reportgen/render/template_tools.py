"""Tools for counties editing templates: list, export, the variables a kind gives, and a linter.

The linter finds what breaks a template before a batch does: Jinja syntax errors with their place
(line for HTML, paragraph for DOCX), variables the document kind does not provide, tags Word
split across runs so that they no longer render, and quotes and brackets that a Chinese input
method typed in their full-width or curly forms inside a tag. Those last it can also fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.documents import DocumentKind, kind_of, kinds
from reportgen.errors import ReportgenError
from reportgen.output.write import refuse_existing
from reportgen.render import templating
from reportgen.render.docx import DOCUMENT_PART, export_template, prepared_xml
from reportgen.render.docxcheck import docx_problems
from reportgen.resources import builtin_templates

SHARED = ("base.html", "official.css", "macros.html")
"""Templates HTML documents extend, include or import (署名 and 送达回证 macros)."""
PROVIDED_BY_RENDERER = {"fonts", "docx_image"}
"""Variables the renderer adds to every HTML context."""
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
ANY_TAG = re.compile(r"[{｛][{｛%％].*?[}｝%％][}｝]", re.DOTALL)
"""A tag whose braces may have been typed full-width."""
DOCXTPL_TAG = re.compile(r"(\{[%{])(?:p|tr|tc|r)\s+")
"""docxtpl's paragraph, table-row, table-cell and run tags, which it rewrites to plain Jinja."""
LITERAL = re.compile(r"\"[^\"]*\"|'[^']*'")
TYPED_BY_IME = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "（": "(",
        "）": ")",
        "｛": "{",
        "｝": "}",
        "％": "%",
        "，": ",",
        "：": ":",
        "｜": "|",
        "【": "[",
        "】": "]",
        "　": " ",
    }
)
"""Characters a Chinese input method types where a Jinja tag needs their ASCII forms."""
_IME_CHARACTERS = {chr(code) for code in TYPED_BY_IME}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a template, where it is, and whether ``--fix`` repaired it."""

    place: str
    message: str
    fixed: bool = False

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" + ("（已修正）" if self.fixed else "")


def builtin_files(kind: DocumentKind) -> list[Path]:
    """A kind's built-in template: one HTML file, the source of its DOCX and its PDF."""
    return [builtin_templates() / f"{kind.template}.html"]


EXPORT_FORMATS = ("docx", "html")


def export(key: str, to: Path, force: bool = False, fmt: str = "docx") -> list[Path]:
    """A kind's built-in template in a county folder, to edit: as a Word file, or its HTML source.

    Counties that edit in Word take the DOCX (its text with the template tags visible); its PDF
    then follows the edited Word file. The HTML is the built-in source itself.
    """
    kind = kind_of(key)
    if fmt not in EXPORT_FORMATS:
        raise ReportgenError(f"不支持导出为 {fmt}；可用：{'、'.join(EXPORT_FORMATS)}")
    target = to / f"{kind.template}.{fmt}"
    refuse_existing([target], force)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        return [export_template(kind.template, target, force)]
    shutil.copyfile(builtin_templates() / f"{kind.template}.html", target)
    return [target]


def check(path: Path, key: str | None = None, fix: bool = False) -> list[Finding]:
    """Every finding in a template file; with ``fix``, input-method characters in tags are repaired.

    A template that lints clean and stands in a county's templates folder is then tried on the
    sample county, as the batch would use it: its documents must render, and where the county
    has both a Word and an HTML template of the kind, the two must say the same words.
    """
    kind = kind_of(key) if key else _guess_kind(path)
    if path.suffix.lower() == ".docx":
        findings = _check_docx(path, kind, fix)
    else:
        findings = _check_html(path, kind, fix)
    if kind is None or any(not finding.fixed for finding in findings):
        return findings
    return findings + _on_sample_data(path, kind)


def _on_sample_data(path: Path, kind: DocumentKind) -> list[Finding]:
    """The kind's batch on the sample county with the county's templates, checked, not written."""
    from reportgen.demo import record_what_followed, sample_batches, sample_workspace
    from reportgen.documents.batch import differences, run_batch
    from reportgen.profile import load_profile

    root = _templates_root(path, kind)
    if root is None or root == builtin_templates():
        return []
    profile = load_profile(sample_workspace() / "profile.yaml")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        register = Register(out / REGISTER_FILE)
        day = dt.date.today()
        for document, request in sample_batches(out, day, register, profile):
            if document.kind != kind.key:
                result = run_batch(dataclasses.replace(request, formats=("docx",), merge=False))
                record_what_followed(register, result, document, day)
                continue
            county = request.profile.model_copy(update={"templates_dir": root})
            try:
                found = differences(dataclasses.replace(request, profile=county))
            except ReportgenError as error:
                return [Finding(path.name, f"用示范县数据试生成时出错：{error}")]
            return [
                Finding(path.name, f"Word 模板和 HTML 模板措辞不同，{line.strip()}")
                for line in found[:5]
            ]
    return []


def _templates_root(path: Path, kind: DocumentKind) -> Path | None:
    """The templates folder a kind's template file stands in, when it stands where it belongs."""
    resolved = path.resolve()
    relative = Path(f"{kind.template}{resolved.suffix.lower()}")
    if resolved.parts[-len(relative.parts) :] != relative.parts:
        return None
    return resolved.parents[len(relative.parts) - 1]


def _guess_kind(path: Path) -> DocumentKind | None:
    """The kind whose template has this file's name, when only one does."""
    matching = [kind for kind in kinds().values() if Path(kind.template).stem == path.stem]
    return matching[0] if matching else None


def _check_html(path: Path, kind: DocumentKind | None, fix: bool) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    findings, source = _typed_by_ime(source, fix, lambda line: f"{path.name} 第 {line} 行")
    if fix and any(finding.fixed for finding in findings):
        path.write_text(source, encoding="utf-8")
    env = templating.environment(path.parent)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        return [
            *findings,
            Finding(f"{path.name} 第 {error.lineno} 行", f"模板语法错误（{error.message}）"),
        ]
    return findings + _unknown_variables(_undeclared(tree), kind, path.name)


def _check_docx(path: Path, kind: DocumentKind | None, fix: bool) -> list[Finding]:
    refused = docx_problems(path)
    if refused:
        return [Finding(path.name, f"不能使用：{problem}") for problem in refused]
    with zipfile.ZipFile(path) as package:
        raw = package.read(DOCUMENT_PART).decode("utf-8")
    paragraphs = _paragraph_texts(raw)
    findings: list[Finding] = []
    for number, text in enumerate(paragraphs, 1):
        findings += _typed_by_ime(text, False, _paragraph_place(path.name, number, text))[0]
    if fix and findings:
        _fix_docx(path)
        findings = [Finding(f.place, f.message, fixed=True) for f in findings]
    source = prepared_xml(path)
    findings += _split_tags(paragraphs, source, path.name)
    env = templating.environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        text = re.sub(r"<[^>]+>", "", source.splitlines()[(error.lineno or 1) - 1])
        place = f"{path.name} 段落“{_short(text)}”"
        return [*findings, Finding(place, f"模板语法错误（{error.message}）")]
    return findings + _unknown_variables(_undeclared(tree), kind, path.name)


def _paragraph_label(name: str, number: int, text: str) -> str:
    """Where a finding in a Word paragraph is: Word has paragraphs, not lines."""
    return f"{name} 第 {number} 段（“{_short(text)}”）"


def _paragraph_place(name: str, number: int, text: str) -> Callable[[int], str]:
    """The same place, for the line-numbered finders."""
    return lambda _line: _paragraph_label(name, number, text)


def _paragraph_texts(xml: str) -> list[str]:
    """The visible text of each Word paragraph, runs joined."""
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs]


def _split_tags(paragraphs: list[str], source: str, name: str) -> list[Finding]:
    """Tags a reader sees in a paragraph that the prepared XML no longer holds whole."""
    findings = []
    prepared = html.unescape(re.sub(r"<[^>]+>", "", source))
    for number, text in enumerate(paragraphs, 1):
        visible = html.unescape(text)
        place = _paragraph_label(name, number, text)
        leftover = TAG.sub("", visible)
        if "{{" in leftover or "{%" in leftover:
            findings.append(Finding(place, "标签在本段内没有结束（被拆到了下一段），不能生成"))
        for tag in TAG.findall(visible):
            plain = DOCXTPL_TAG.sub(r"\1 ", tag)  # docxtpl turns {%p for %} into {% for %}
            if plain not in prepared and plain.translate(TYPED_BY_IME) not in prepared:
                message = f"标签 {tag} 被 Word 拆成了几段，不能生成；请删除整个标签后一次输入"
                findings.append(Finding(place, message))
    return findings


def _typed_by_ime(source: str, fix: bool, place: Callable[[int], str]) -> tuple[list[Finding], str]:
    """Full-width and curly characters inside tags, tags typed with full-width braces included.

    Quoted strings inside a tag are left alone: ``"　　年"`` may well mean its full-width spaces.
    """
    findings: list[Finding] = []

    def repair(match: re.Match[str]) -> str:
        tag = match.group(0)
        repaired = _repair_tag(tag)
        if repaired != tag:
            line = source.count("\n", 0, match.start()) + 1
            wrong = "".join(sorted({c for c in tag if c in _IME_CHARACTERS}))
            message = f"标签 {tag} 中有输入法打出的全角或中文符号（{wrong}），应为英文半角"
            findings.append(Finding(place(line), message, fixed=fix))
        return repaired if fix else tag

    repaired = ANY_TAG.sub(repair, source)
    return findings, repaired


def _repair_tag(tag: str) -> str:
    """A tag with its input-method characters made ASCII, outside its quoted strings."""
    pieces = LITERAL.split(tag)
    literals = LITERAL.findall(tag)
    repaired = pieces[0].translate(TYPED_BY_IME)
    for literal, piece in zip(literals, pieces[1:], strict=True):
        repaired += literal + piece.translate(TYPED_BY_IME)
    return repaired


def _fix_docx(path: Path) -> None:
    """Repair input-method characters inside tags of a DOCX in place (through a temporary copy)."""
    from reportgen.output.write import atomic_output

    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with (
        atomic_output(path, force=True) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info, data in parts:
            if info.filename == DOCUMENT_PART:
                xml = _typed_by_ime(data.decode("utf-8"), True, _paragraph_place("", 0, ""))[1]
                out.writestr(info, xml.encode("utf-8"))
            else:
                out.writestr(info, data)


def _undeclared(tree: nodes.Template) -> set[str]:
    """The variables a template uses without defining them; macros it imports are defined.

    Jinja's analysis treats each block on its own, so a macro imported once at the top of a
    template would count as undefined in every block that calls it.
    """
    imported = {
        name if isinstance(name, str) else name[1]
        for node in tree.find_all(nodes.FromImport)
        for name in node.names
    }
    return meta.find_undeclared_variables(tree) - imported


def _unknown_variables(names: set[str], kind: DocumentKind | None, name: str) -> list[Finding]:
    if kind is None:
        return []
    provided = {variable.split(".")[0] for variable in kind.variables} | PROVIDED_BY_RENDERER
    return [
        Finding(
            name,
            f"变量 {variable} 不是“{kind.title}”提供的变量（见 reportgen templates vars {kind.key}）",
        )
        for variable in sorted(names - provided)
    ]


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
