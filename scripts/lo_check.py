"""Lay every kind's DOCX out in LibreOffice and compare its pages and lines with reportgen's PDF.

Staff open the DOCX in WPS or Word; LibreOffice stands in for them here, headless. The first
DOCX of each kind of one demo run (or of the folder given) is converted in one ``soffice`` call,
with its own profile folder (so it never meets a LibreOffice already running) and with the same
stand-ins for the official fonts as reportgen's PDF (a fontconfig file that includes the system's
and maps 仿宋_GB2312 to what the PDF draws it in), so that the two layouts can be compared. For
each kind it prints the pages and the lines on each page of both, and exits with 1 when a kind's
page counts differ. Run:

    .venv/bin/python scripts/lo_check.py [DEMO_OUTPUT] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.demo import REPORTS_FOLDER
from reportgen.render.fonts import ROLES, substitute, weight

PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def samples(demo: Path) -> dict[str, Path]:
    """The first DOCX of every kind's folder, and each annual report, by a name for the kind."""
    found = {}
    for folder in sorted(path for path in demo.iterdir() if path.is_dir()):
        files = sorted(p for p in folder.glob("*.docx") if "合并打印" not in p.name)
        if folder.name == REPORTS_FOLDER:
            found.update({path.stem: path for path in files})
        elif files:
            found[folder.name] = files[0]
    return found


def font_config(folder: Path) -> Path:
    """A fontconfig file: the system's, and each official font mapped to the PDF's stand-in."""
    rules = []
    for role in ROLES:
        used = substitute(role)
        if used is None or used in (role.official, *role.aliases):
            continue
        bold = "" if weight(role) == "normal" else "<edit name='weight'><const>bold</const></edit>"
        rules.append(
            f"<match target='pattern'><test name='family'><string>{escape(role.official)}"
            f"</string></test><edit name='family' mode='prepend' binding='strong'><string>"
            f"{escape(used)}</string></edit>{bold}</match>"
        )
    path = folder / "fonts.conf"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"{''.join(rules)}</fontconfig>",
        encoding="utf-8",
    )
    return path


def convert(documents: list[Path], folder: Path) -> None:
    """Every document converted to PDF in ``folder`` by one headless LibreOffice."""
    profile = (folder / "profile").as_uri()
    environment = {**os.environ, "FONTCONFIG_FILE": str(font_config(folder))}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        env=environment,
        timeout=600,
    )


def lines_per_page(pdf: Path) -> list[int]:
    """How many lines of text each page holds (the cells of a table row are one line), its page
    number ("— 1 —") left aside."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        sum(1 for line in page.splitlines() if line.strip() and not PAGE_NUMBER.match(line))
        for page in text.split("\f")[:-1]
    ]


def compare(demo: Path) -> dict[str, dict[str, list[int]]]:
    """Each kind's lines per page, in reportgen's PDF and in LibreOffice's."""
    found = samples(demo)
    with tempfile.TemporaryDirectory(prefix="lo-check-") as temporary:
        folder = Path(temporary)
        copies = []
        for index, docx in enumerate(found.values()):
            copies.append(folder / f"{index}.docx")  # soffice names its PDF after the file
            shutil.copyfile(docx, copies[-1])
        convert(copies, folder)
        return {
            kind: {
                "pdf": lines_per_page(docx.with_suffix(".pdf")),
                "libreoffice": lines_per_page(folder / f"{index}.pdf"),
            }
            for index, (kind, docx) in enumerate(found.items())
        }


def demo_run(folder: Path) -> Path:
    """A demo run into ``folder``, for when no output is given."""
    out = folder / "demo"
    reportgen = Path(sys.executable).with_name("reportgen")
    subprocess.run([str(reportgen), "demo", "--out", str(out)], check=True, capture_output=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("demo", nargs="?", type=Path, help="reportgen demo 的输出文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lo-check-demo-") as temporary:
        results = compare(options.demo or demo_run(Path(temporary)))
    differing = [kind for kind, r in results.items() if len(r["pdf"]) != len(r["libreoffice"])]
    if options.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for kind, result in results.items():
            mark = "✗" if kind in differing else "✓"
            print(f"{mark} {kind}：PDF {result['pdf']}，LibreOffice {result['libreoffice']}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
