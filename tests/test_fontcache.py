"""The fonts' names and characters are kept between runs, and read again when a font changes.

Each run is a real process with its own home, cache and font folders; the fonts are real font
files made with fontTools, each with a family name and the characters it draws.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

REPORT = (
    "import json, sys; from reportgen.render.fonts import installed_faces; "
    "print(json.dumps([[sorted(f.families), f.ranges] for f in installed_faces() "
    "if str(f.path).startswith(sys.argv[1])]))"
)


def make_font(path: Path, family: str, characters: str) -> Path:
    """A TrueType font of one family that draws ``characters`` (each as a square)."""
    names = [".notdef", *(f"g{ord(c)}" for c in characters)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"g{ord(c)}" for c in characters})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((800, 700))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({name: square for name in names})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def drawn(characters: str) -> list[list[int]]:
    """The ranges a font drawing ``characters`` covers (none of them next to another here)."""
    return [[point, point] for point in sorted(map(ord, characters))]


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, str]:
    """The environment of a user whose own font folder and cache folder are in ``tmp_path``."""
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def own_faces(environment: dict[str, str], folder: Path) -> list[list[object]]:
    """The families and character ranges of the faces in ``folder``, as a fresh run reads them."""
    done = subprocess.run(
        [sys.executable, "-c", REPORT, str(folder)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def test_fonts_are_cached_and_read_again_when_changed(
    tmp_path: Path, machine: dict[str, str]
) -> None:
    fonts = tmp_path / "share" / "fonts"
    make_font(fonts / "县府体.ttf", "县府体", "一二")
    assert own_faces(machine, fonts) == [[["县府体"], drawn("一二")]]
    cache = tmp_path / "cache" / "reportgen" / "fonts.json"
    assert str(fonts / "县府体.ttf") in json.loads(cache.read_text(encoding="utf-8"))["files"]

    make_font(fonts / "县府体.ttf", "县府新体", "一二三四五")  # replaced: another size
    make_font(fonts / "乡镇体.ttf", "乡镇体", "A")  # added
    assert own_faces(machine, fonts) == [
        [["乡镇体"], drawn("A")],
        [["县府新体"], drawn("一二三四五")],
    ]
    (fonts / "乡镇体.ttf").unlink()  # removed
    assert [families for families, _ in own_faces(machine, fonts)] == [["县府新体"]]


def test_an_unchanged_font_is_taken_from_the_cache(tmp_path: Path, machine: dict[str, str]) -> None:
    """What the cache says of a file unchanged since is what the run uses."""
    fonts = tmp_path / "share" / "fonts"
    make_font(fonts / "县府体.ttf", "县府体", "一")
    own_faces(machine, fonts)
    cache = tmp_path / "cache" / "reportgen" / "fonts.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["files"][str(fonts / "县府体.ttf")][1][0][1] = ["记在缓存里的名字"]
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert [families for families, _ in own_faces(machine, fonts)] == [["记在缓存里的名字"]]


@pytest.mark.parametrize("damage", ["{not json", '{"version": 1, "files": {"x": 3}}', "[]"])
def test_a_damaged_cache_is_passed_over_and_made_anew(
    tmp_path: Path, machine: dict[str, str], damage: str
) -> None:
    fonts = tmp_path / "share" / "fonts"
    make_font(fonts / "县府体.ttf", "县府体", "一")
    cache = tmp_path / "cache" / "reportgen" / "fonts.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(damage, encoding="utf-8")
    assert own_faces(machine, fonts) == [[["县府体"], drawn("一")]]
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == 1


def test_a_cache_that_cannot_be_written_changes_nothing(
    tmp_path: Path, machine: dict[str, str]
) -> None:
    fonts = tmp_path / "share" / "fonts"
    make_font(fonts / "县府体.ttf", "县府体", "一")
    (tmp_path / "cache").write_text("a file where the cache folder would be", encoding="utf-8")
    assert own_faces(machine, fonts) == [[["县府体"], drawn("一")]]
