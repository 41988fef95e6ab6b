"""A county's templates and profile written as an attacker or a careless editor would write them.

Each attack runs ``reportgen notices`` as a user does, on a county folder whose ``templates/``
overrides the notice; each must end in a message and an exit code, with no 文号 used, nothing
written, nothing read from outside the workspace and no network touched.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BOY_2014, HEADERS, persuaded, row, save_xlsx
from typer.testing import CliRunner

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.cli import app
from reportgen.errors import ExitCode

runner = CliRunner()
PROFILE = """\
county: 示范县
townships:
  - name: 城关镇
    abbreviation: 城政控学
"""
SECRET = "机密：不应出现在任何文书中"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A workspace with one child to notify, and a secret file beside it (outside the workspace)."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "我县"
    (folder / "templates" / "notices").mkdir(parents=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    case = row(1, "张三", BOY_2014, "男")
    save_xlsx(folder / "台账.xlsx", [HEADERS, case], more=persuaded([case]))
    return folder


def override(county: Path, body: str, *, css: str = "") -> None:
    """The county's notice: the built-in with its facts block replaced by ``body``."""
    style = f"{{% block style %}}{{{{ super() }}}}{css}{{% endblock %}}" if css else ""
    (county / "templates" / "notices" / "deadline.html").write_text(
        '{% extends "builtin:notices/deadline.html" %}'
        f"{style}{{% block facts %}}{body}{{% endblock %}}",
        encoding="utf-8",
    )


def notices(county: Path, formats: str = "docx,pdf") -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["notices", str(county / "台账.xlsx"), "-p", str(county / "profile.yaml"),
         "--out", str(county / "通知书"), "--format", formats, "--date", "2026-10-20"],
    )  # fmt: skip
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def nothing_made(county: Path) -> bool:
    written = list((county / "通知书").glob("*")) if (county / "通知书").exists() else []
    return not Register(county / REGISTER_FILE).entries() and not written


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{% for i in range(10**9) %}{{ i }}{% endfor %}", "第 1 行"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "循环次数超过",
        ),
        ("{{ 'x' * 10**9 }}", "重复得到的内容超过"),
        ("{{ 10 ** 1000000000 }}", "的结果过大"),
        ("{{ 'x'.ljust(10**9) }}", "过大"),
        ("{{ 'x'|center(999999999) }}", "过大"),
        ("{{ '%999999999s'|format('x') }}", "格式中的宽度 999999999 过大"),
        ("{{ '{:>999999999}'.format('x') }}", "格式中的宽度 999999999 过大"),
        ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "RecursionError"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{{ ''.__class__.__mro__ }}", "Python 内部属性"),
    ],
)
def test_a_template_that_would_hang_or_crash_is_stopped_with_its_line(
    county: Path, body: str, said: str
) -> None:
    override(county, body)
    code, output = notices(county, "docx")
    assert code == ExitCode.INVALID_DATA, output
    assert "deadline.html" in output and said in output, output
    assert nothing_made(county)


@pytest.mark.parametrize(
    ("body", "css", "said"),
    [
        ('<a rel="attachment" href="file:///etc/passwd">附件</a>', "", "/etc/passwd"),
        ('<p><img src="http://127.0.0.1:9/x.png" alt=""></p>', "", "网络地址"),
        ("", "body { background: url(http://127.0.0.1:9/x.png) }", "网络地址"),
        ('<p><img src="../../../secret.txt" alt=""></p>', "", "secret.txt，已拒绝"),
        (
            '<a rel="attachment" href="../../templates/台账.xlsx">台账</a>',
            "",
            "不能嵌入或附加其他文件",
        ),
        ("", "h1::before { content: url(file:///etc/hostname) }", "/etc/hostname"),
    ],
)
def test_a_pdf_loads_nothing_the_workspace_does_not_allow(
    county: Path, body: str, css: str, said: str
) -> None:
    save_xlsx(county / "templates" / "台账.xlsx", [HEADERS])  # a file a page may not carry
    override(county, f"<p>{{{{ student.name }}}}</p>{body}", css=css)
    code, output = notices(county, "pdf")
    assert code == ExitCode.REFUSED, output
    assert said in output, output
    assert nothing_made(county)


def test_a_link_out_of_the_templates_folder_is_not_followed(county: Path) -> None:
    os.symlink(county.parent / "secret.txt", county / "templates" / "notices" / "part.html")
    override(county, '{% include "notices/part.html" %}')
    code, output = notices(county, "docx")
    assert code == ExitCode.REFUSED, output
    assert "指向模板文件夹之外的链接" in output and SECRET not in output
    assert nothing_made(county)


@pytest.mark.parametrize(
    ("seal", "said"),
    [
        ("/etc/hostname", "在工作文件夹"),
        ("../secret.txt", "在工作文件夹"),
        ("公章.png", "不是 PNG 或 JPEG"),
    ],
)
def test_a_seal_must_be_a_picture_inside_the_workspace(county: Path, seal: str, said: str) -> None:
    (county / "公章.png").write_text("不是图片", encoding="utf-8")
    text = PROFILE.replace(
        "    abbreviation: 城政控学\n", f"    abbreviation: 城政控学\n    seal: {seal}\n"
    )
    (county / "profile.yaml").write_text(text, encoding="utf-8")
    code, output = notices(county)
    assert code != 0 and "townships[0].seal" in output and said in output, output
    assert nothing_made(county)


def county_docx(county: Path) -> Path:
    """The county's Word template of the notice, as ``templates export`` writes it."""
    result = runner.invoke(
        app, ["templates", "export", "deadline", "--to", str(county / "templates")]
    )
    assert result.exit_code == 0, result.output
    return county / "templates" / "notices" / "deadline.docx"


def rewritten(path: Path, part: str, change: Callable[[bytes], bytes], extra: bytes = b"") -> None:
    """The package with one part changed (and, given ``extra``, a large part added)."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts[part] = change(parts[part])
    if extra:
        parts["word/padding.xml"] = extra
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


EXTERNAL = (
    b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/image" Target="http://127.0.0.1:9/who-opened.png" TargetMode="External"/>'
)


@pytest.mark.parametrize(
    ("part", "change", "extra", "said"),
    [
        (
            "word/document.xml",
            lambda xml: xml.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1),
            b"",
            "DOCTYPE",
        ),
        (
            "word/_rels/document.xml.rels",
            lambda xml: xml.replace(b"</Relationships>", EXTERNAL + b"</Relationships>"),
            b"",
            "http://127.0.0.1:9/who-opened.png",
        ),
        ("word/document.xml", lambda xml: xml, b"<a>" + b" " * 70_000_000 + b"</a>", "解压后有"),
    ],
)
def test_a_word_template_that_expands_or_calls_out_is_refused(
    county: Path, part: str, change: Callable[[bytes], bytes], extra: bytes, said: str
) -> None:
    template = county_docx(county)
    rewritten(template, part, change, extra)
    code, output = notices(county, "docx")
    assert code == ExitCode.REFUSED and said in output, output
    assert nothing_made(county)
    checked = runner.invoke(app, ["templates", "check", str(template)])
    assert checked.exit_code != 0 and said in checked.output, checked.output


def test_a_word_template_linking_out_of_the_folder_is_refused(county: Path) -> None:
    template = county_docx(county)
    outside = county.parent / "别处.docx"
    template.rename(outside)
    os.symlink(outside, template)
    code, output = notices(county, "docx")
    assert code == ExitCode.REFUSED and "指向模板文件夹之外的链接" in output, output
    assert nothing_made(county)
