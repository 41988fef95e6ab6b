"""Refusing tofu: a PDF is never written with characters that no installed font can draw.

WeasyPrint draws an empty box, without a word, for a character no font has (rare name characters
of the CJK extension blocks, such as 𡒄, are the usual case); for a character the document's fonts
lack it falls back to any installed font that has it. Before a PDF is made, every character of its
text is checked against the character maps of all installed fonts (read once per run, see
:mod:`reportgen.render.fonts`), so a batch of a thousand notices costs a set look-up per distinct
character. A machine with no Chinese font at all is one message, not a list of every character.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from reportgen.errors import EnvironmentProblem
from reportgen.render.fonts import Face, font_fix, installed_faces, merge

CHINESE_SAMPLE = "控辍保学这们为说书"
"""Simplified characters every font made for Chinese has, and fonts for Japanese alone lack."""


class NoChineseFont(EnvironmentProblem):
    """Not one installed font can show Chinese: no PDF can be made on this machine."""


class Coverage:
    """The characters some installed font can draw, as merged ranges searched by bisection."""

    def __init__(self, faces: tuple[Face, ...]) -> None:
        ranges = merge([span for face in faces for span in face.ranges])
        self.firsts = [first for first, _ in ranges]
        self.lasts = [last for _, last in ranges]

    def __contains__(self, point: object) -> bool:
        if not isinstance(point, int):
            return False
        at = bisect_right(self.firsts, point) - 1
        return at >= 0 and point <= self.lasts[at]


@cache
def coverage() -> Coverage:
    """What the installed fonts, all of them together, can draw."""
    return Coverage(installed_faces())


def draws_chinese(face: Face) -> bool:
    """Whether a face is a Chinese font (has every character of :data:`CHINESE_SAMPLE`)."""
    one = Coverage((face,))
    return all(ord(char) in one for char in CHINESE_SAMPLE)


@cache
def cjk_families() -> frozenset[str]:
    """Families of installed fonts that cover Chinese."""
    return frozenset(
        family for face in installed_faces() if draws_chinese(face) for family in face.families
    )


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` that no installed font can draw, each once, in order.

    Raises :class:`NoChineseFont` when there are such characters because no Chinese font is
    installed at all.
    """
    covered = coverage()
    missing = [
        char
        for char in dict.fromkeys(text)
        if ord(char) >= 0x20 and not char.isspace() and ord(char) not in covered
    ]
    if missing and not cjk_families():
        raise NoChineseFont(
            f"本机没有安装任何中文字体，无法生成 PDF（DOCX、HTML 不受影响）。解决办法：{font_fix()}；"
            "装好后运行 reportgen doctor 检查"
        )
    return missing
