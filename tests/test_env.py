"""Machines as staff have them: no fontconfig tools (stock Windows), no Chinese font at all.

Each runs ``reportgen`` as a real process on a real machine state: a PATH without fc-list and
fc-match, or (in a mount namespace of its own) font folders that hold no font.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOY_2014, GIRL_2013, HEADERS, persuaded, row, save_xlsx

from reportgen.errors import ExitCode

PROFILE = "county: 示范县\ntownships:\n  - name: 城关镇\n    abbreviation: 城政控学\n"
RARE = "𡒄"  # U+21484, a name character of CJK extension B
NOWHERE = "\U000f0000"  # plane-15 private use: no font maps it
SAMPLES = f"控辍保学 abc ①㊣{RARE}𪚥𠮷\U0003134a{NOWHERE}"


def has_font_for(char: str) -> bool:
    """Fontconfig's own answer: the independent witness our font reading is compared with."""
    listing = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return bool(listing.strip())


def no_fontconfig_tools(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has no fc-list or fc-match (nor anything else)."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return {**os.environ, "PATH": str(empty)}


def county(tmp_path: Path, name: str) -> tuple[Path, Path]:
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    case = row(1, name, BOY_2014, "男")
    ledger = save_xlsx(tmp_path / "台账.xlsx", [HEADERS, case], more=persuaded([case]))
    return ledger, tmp_path / "profile.yaml"


needs_fontconfig = pytest.mark.skipif(
    shutil.which("fc-list") is None, reason="fontconfig's fc-list is the witness compared with"
)


@needs_fontconfig
def test_glyph_coverage_without_fontconfig_tools_agrees_with_fontconfig(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys; from reportgen.render.glyphs import missing_glyphs; "
         f"print(''.join(missing_glyphs({SAMPLES!r})))"],
        capture_output=True, text=True, check=True, env=no_fontconfig_tools(tmp_path),
    )  # fmt: skip
    expected = "".join(
        char for char in dict.fromkeys(SAMPLES) if char != " " and not has_font_for(char)
    )
    assert NOWHERE in expected  # the check has something to find
    assert done.stdout.strip() == expected


@needs_fontconfig
def test_a_pdf_is_made_without_fontconfig_tools(tmp_path: Path) -> None:
    ledger, profile = county(tmp_path, f"王{RARE}")
    out = tmp_path / "通知书"
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "notices", str(ledger), "-p", str(profile),
         "--out", str(out), "--format", "pdf", "--date", "2026-11-23"],
        capture_output=True, text=True, check=False, env=no_fontconfig_tools(tmp_path),
    )  # fmt: skip
    if not has_font_for(RARE):
        assert done.returncode == ExitCode.INVALID_DATA and RARE in done.stderr
        return
    assert done.returncode == 0, done.stdout + done.stderr
    (pdf,) = [path for path in out.glob("*.pdf") if "合并" not in path.name]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert f"王{RARE}" in text.stdout.replace(" ", "")


def test_a_character_no_font_has_is_named_without_fontconfig_tools(tmp_path: Path) -> None:
    ledger, profile = county(tmp_path, f"王{NOWHERE}")
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "notices", str(ledger), "-p", str(profile),
         "--out", str(tmp_path / "o"), "--format", "pdf", "--date", "2026-11-23"],
        capture_output=True, text=True, check=False, env=no_fontconfig_tools(tmp_path),
    )  # fmt: skip
    assert done.returncode != 0
    assert f"第 2 行 王{NOWHERE}：{NOWHERE}（U+F0000）" in done.stderr
    assert "控" not in done.stderr.split("：", 1)[1].split("请安装")[0]  # only the one character


def hidden(tmp_path: Path, mounts: list[str], *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run reportgen in a mount namespace of its own, where ``mounts`` hide parts of the machine.

    HOME points at an empty folder, so no user fonts or settings come along.
    """
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare(1) to hide part of the machine in a mount namespace")
    command = " ".join(["exec", sys.executable, "-m", "reportgen", *(f"'{a}'" for a in arguments)])
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", " && ".join([*mounts, command])],
        capture_output=True, text=True, check=False,
        env={**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home)},
    )  # fmt: skip
    if "unshare failed" in done.stderr or "mount:" in done.stderr:
        pytest.skip(f"cannot hide part of the machine here: {done.stderr.strip()}")
    return done


def without_fonts(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run reportgen as if no font were installed: an empty tmpfs covers each font folder."""
    folders = [
        path for path in ("/usr/share/fonts", "/usr/local/share/fonts") if Path(path).is_dir()
    ]
    return hidden(tmp_path, [f"mount -t tmpfs tmpfs {folder}" for folder in folders], *arguments)


def without_pango(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run reportgen as on a Windows machine without GTK: Pango's library cannot be loaded."""
    found = [
        path
        for path in Path("/usr/lib").rglob("libpango-1.0.so*")
        if path.is_file() and not path.is_symlink()
    ]
    if ctypes.util.find_library("pango-1.0") is None or not found:
        pytest.skip("Pango is not installed here, so there is nothing to hide")
    return hidden(tmp_path, [f"mount --bind /dev/null {path}" for path in found], *arguments)


def test_no_chinese_font_at_all_is_one_line(tmp_path: Path) -> None:
    _, profile = county(tmp_path, "张三")
    two = [row(1, "张三", BOY_2014, "男"), row(2, "李四", GIRL_2013, "女")]
    ledger = save_xlsx(tmp_path / "两案.xlsx", [HEADERS, *two], more=persuaded(two))
    out = tmp_path / "通知书"
    done = without_fonts(
        tmp_path, "notices", str(ledger), "-p", str(profile), "--out", str(out), "--format", "pdf"
    )
    assert done.returncode == ExitCode.ENVIRONMENT, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "本机没有安装任何中文字体，无法生成 PDF（DOCX、HTML 不受影响）。解决办法："
    )
    assert not out.exists() or not list(out.glob("*.pdf"))
    doctor = without_fonts(tmp_path, "doctor")
    assert doctor.returncode == ExitCode.ENVIRONMENT
    assert "✗ 中文字体：未安装任何中文字体，PDF 将无法生成" in doctor.stdout


def test_without_pango_pdfs_are_refused_with_a_message_and_docx_still_works(tmp_path: Path) -> None:
    ledger, profile = county(tmp_path, "张三")
    pdf = without_pango(
        tmp_path, "notices", str(ledger), "-p", str(profile), "--out", str(tmp_path / "pdf"),
        "--format", "pdf", "--date", "2026-11-23",
    )  # fmt: skip
    assert pdf.returncode == ExitCode.ENVIRONMENT, pdf.stdout + pdf.stderr
    assert pdf.stderr.startswith("无法加载所需的程序库或文件（")
    assert pdf.stderr.strip().endswith("请运行 reportgen doctor 查看本机缺少什么")
    assert "Traceback" not in pdf.stdout + pdf.stderr
    assert not list((tmp_path / "pdf").glob("*.pdf")) if (tmp_path / "pdf").exists() else True
    (tmp_path / "docx").mkdir()
    ledger, profile = county(tmp_path / "docx", "张三")
    docx = without_pango(
        tmp_path, "notices", str(ledger), "-p", str(profile), "--out", str(tmp_path / "docx" / "out"),
        "--format", "docx", "--date", "2026-11-23",
    )  # fmt: skip
    assert docx.returncode == 0, docx.stdout + docx.stderr
    assert list((tmp_path / "docx" / "out").glob("*.docx"))
    doctor = without_pango(tmp_path, "doctor")
    assert doctor.returncode == ExitCode.ENVIRONMENT
    assert "✗ WeasyPrint（生成 PDF）：无法加载" in doctor.stdout
