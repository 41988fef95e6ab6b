"""Refusing tofu: a PDF is never written with characters that no installed font can draw.

WeasyPrint draws an empty box, without a word, for a character no font has (rare name characters
of the CJK extension blocks, such as 𡒄, are the usual case). Before a PDF is made, every
character of its text is checked against the fonts of the document's font stacks (their
character maps, read once), and the few characters they lack against every installed font
through fontconfig.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from reportgen.render.fonts import ROLES, font_stack


@cache
def stack_coverage() -> frozenset[int]:
    """Code points that some installed font of the official stacks has."""
    families = {family for role in ROLES for family in font_stack(role)}
    points: set[int] = set()
    for path, index in sorted({face for family in families for face in _faces(family)}):
        try:
            with TTFont(path, fontNumber=index, lazy=True) as font:
                points.update(font.getBestCmap() or {})
        except (TTLibError, OSError):
            continue
    return frozenset(points)


def _faces(family: str) -> set[tuple[str, int]]:
    """The font files (and face index in a collection) fontconfig has for a family."""
    if shutil.which("fc-list") is None:
        return set()
    listing = subprocess.run(
        ["fc-list", "-f", "%{file}\t%{index}\n", f":family={family}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    faces = set()
    for line in listing.splitlines():
        path, _, index = line.partition("\t")
        if path and Path(path).suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
            faces.add((path, int(index or 0)))
    return faces


@cache
def _installed_anywhere(point: int) -> bool:
    """Whether any installed font has a code point (asked of fontconfig, one character at a time)."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(
        ["fc-list", f":charset={point:x}", "family"], capture_output=True, text=True, check=False
    ).stdout
    return bool(listing.strip())


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` that no installed font can draw, each once, in order."""
    covered = stack_coverage()
    missing: list[str] = []
    for char in dict.fromkeys(text):
        point = ord(char)
        if point < 0x20 or char.isspace() or point in covered:
            continue
        if not _installed_anywhere(point):
            missing.append(char)
    return missing
