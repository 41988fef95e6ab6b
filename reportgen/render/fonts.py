"""The official fonts of GB/T 9704-2012, what stands in for them, and which fonts a machine has.

Windows machines have 仿宋/黑体/楷体 and often 方正小标宋, macOS has its own 宋体、仿宋、黑体 and
楷体 (Songti SC, STFangsong, Heiti SC, Kaiti SC); Linux servers have none of them. Every
document names the official font first and installed fallbacks after it, in the order listed here;
the last resort for rare name characters of the CJK extension blocks is HanaMin.

Which fonts are installed is read from the font files themselves (with fontTools), in the folders
where Windows, macOS and Linux keep them — the folders the PDF engine's fontconfig library reads —
so it works where fontconfig's command-line tools are missing, as on every stock Windows machine.
Each face's family names (every language's, as fontconfig lists them: 仿宋 as well as FangSong) and
the ranges of characters its character map covers are read once per run.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from reportgen.render.fontcache import cached_faces


@dataclass(frozen=True)
class FontRole:
    """One use of type in an official document, the official font and its fallbacks in order."""

    role: str
    official: str
    fallbacks: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    """Other names of the official font itself (its English family name)."""
    stand_in_weight: str = "normal"
    """The CSS weight of a stand-in: the closest free face to 方正小标宋 is a bold Song."""

    @property
    def names(self) -> tuple[str, ...]:
        """The official font's names, then its stand-ins in order."""
        return (self.official, *self.aliases, *self.fallbacks)


RARE_FALLBACKS = ("HanaMinA", "HanaMinB")
ROLES = (
    FontRole(
        "标题",
        "方正小标宋简体",
        ("Songti SC", "STSong", "Noto Serif CJK SC"),
        aliases=("FZXiaoBiaoSong-B05S",),
        stand_in_weight="bold",
    ),
    FontRole("正文", "仿宋_GB2312", ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC")),
    FontRole("一级标题", "黑体", ("SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC")),
    FontRole(
        "二级标题",
        "楷体_GB2312",
        (
            "楷体",
            "KaiTi",
            "Kaiti SC",
            "STKaiti",
            "AR PL KaitiM GB",
            "AR PL UKai CN",
            "Noto Serif CJK SC",
        ),
    ),
    FontRole("页码", "宋体", ("SimSun", "Songti SC", "STSong", "Noto Serif CJK SC")),
)
"""Fallbacks in order: Windows' own (仿宋, SimHei…), macOS's (Songti SC, STFangsong…), then the
free fonts closest to the official ones: Noto Serif CJK SC (its bold face for the title), Noto Sans
CJK SC for 黑体, AR PL KaitiM GB (mainland punctuation) before AR PL UKai for 楷体."""
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
Ranges = tuple[tuple[int, int], ...]
"""Code point ranges, first and last included, sorted and not overlapping."""


def font_fix() -> str:
    """How to install Chinese fonts on this kind of machine."""
    if sys.platform == "win32":
        return "在 Windows“设置 → 时间和语言 → 语言”中添加“中文(简体)”，或把字体文件右键“为所有用户安装”"
    if sys.platform == "darwin":
        return "macOS 自带中文字体；缺少时在“字体册”中下载或安装字体文件"
    return (
        "sudo apt-get install fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-ukai fonts-hanazono"
    )


def official_font_fix() -> str:
    """How to add the official fonts (licensed from their makers) on this kind of machine."""
    if sys.platform == "win32":
        return "把方正小标宋简体、仿宋_GB2312、楷体_GB2312 的字体文件右键“为所有用户安装”"
    if sys.platform == "darwin":
        return "把方正小标宋简体、仿宋_GB2312、楷体_GB2312 的字体文件用“字体册”安装"
    return (
        "把方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体、宋体的字体文件（.ttf）复制到 "
        "/usr/local/share/fonts（或 ~/.local/share/fonts）后运行 fc-cache -f"
    )


@dataclass(frozen=True)
class Face:
    """One installed font face: its file, its index in a collection, its names and characters."""

    path: Path
    index: int
    families: frozenset[str]
    ranges: Ranges


def font_folders() -> list[Path]:
    """The folders this system keeps fonts in, for all users and for the current one."""
    home = Path.home()
    if sys.platform == "win32":
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
            Path(
                "/System/Library/AssetsV2"
            ),  # the fonts macOS downloads on demand (楷体 and others)
        ]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data_home / "fonts",
        home / ".fonts",
    ]


@cache
def installed_faces() -> tuple[Face, ...]:
    """Every font face in the font folders; a damaged font file is passed over.

    What each file holds is kept between runs (:mod:`.fontcache`), read again when it changes.
    """
    files = sorted({path for folder in font_folders() for path in _font_files(folder)})
    return cached_faces(files, _faces, Face)


def installed_families() -> frozenset[str]:
    """Family names of every installed font (each of a font's localised names counts)."""
    return frozenset(family for face in installed_faces() for family in face.families)


def substitute(role: FontRole) -> str | None:
    """The font that will be used for a role: the official one if installed, else a fallback."""
    installed = installed_families()
    return next((name for name in role.names if name in installed), None)


def weight(role: FontRole) -> str:
    """The CSS weight a role is drawn in: its stand-in's when the official font is missing."""
    official = substitute(role) in (role.official, *role.aliases)
    return "normal" if official else role.stand_in_weight


def font_file(family: str) -> Path | None:
    """The file of a family's first face, for programs that take a font file (matplotlib)."""
    return next((face.path for face in installed_faces() if family in face.families), None)


def font_stack(role: FontRole) -> list[str]:
    """Every font a document names for a role, official first, rare-character fonts last."""
    return [*role.names, *RARE_FALLBACKS]


def _font_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                yield path.resolve()


def _faces(path: Path) -> Iterator[Face]:
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
        count = struct.unpack(">I", head[8:12])[0] if head[:4] == b"ttcf" else 1
        for index in range(count):
            with TTFont(path, fontNumber=index, lazy=True) as font:
                yield Face(path, index, _names(font), character_ranges(font))
    except Exception:  # a damaged font anywhere on the machine must not stop the documents
        return


def _names(font: TTFont) -> frozenset[str]:
    """The family names (IDs 1 and 16) in every language the font gives them."""
    names = set()
    for record in font["name"].names:
        if record.nameID in (1, 16):
            name = record.toUnicode(errors="ignore").strip()
            if name:
                names.add(name)
    return frozenset(names)


CMAP_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
"""Character map subtables by platform and encoding: full Unicode first, then the BMP."""


def character_ranges(font: TTFont) -> Ranges:
    """The characters a font maps to a glyph, read as ranges straight from its cmap table.

    Expanding a CJK font's map into a dictionary (as fontTools' cmap table does) takes a fifth of
    a second per face; the ranges of format 12 and 4 subtables take a millisecond.
    """
    data: bytes = font.reader["cmap"]
    count = struct.unpack_from(">H", data, 2)[0]
    offsets: dict[tuple[int, int], int] = {}
    for entry in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * entry)
        offsets.setdefault((platform, encoding), offset)
    for key in CMAP_PREFERENCE:
        if key in offsets:
            offset = offsets[key]
            kind = struct.unpack_from(">H", data, offset)[0]
            if kind in (12, 13):
                return merge(_segmented(data, offset))
            if kind == 4:
                return merge(_segment_deltas(data, offset))
    return ()


def _segmented(data: bytes, offset: int) -> Iterator[tuple[int, int]]:
    """Format 12/13: groups of consecutive characters."""
    groups = struct.unpack_from(">I", data, offset + 12)[0]
    for first, last, glyph in struct.iter_unpack(
        ">III", data[offset + 16 : offset + 16 + 12 * groups]
    ):
        if glyph:
            yield first, last


def _segment_deltas(data: bytes, offset: int) -> Iterator[tuple[int, int]]:
    """Format 4: segments of the BMP, each mapped by a delta or through a glyph array."""
    doubled = struct.unpack_from(">H", data, offset + 6)[0]
    segments = doubled // 2
    ends = struct.unpack_from(f">{segments}H", data, offset + 14)
    starts = struct.unpack_from(f">{segments}H", data, offset + 16 + doubled)
    array_at = offset + 16 + 3 * doubled
    range_offsets = struct.unpack_from(f">{segments}H", data, array_at)
    for segment, (first, last, via) in enumerate(zip(starts, ends, range_offsets, strict=True)):
        if first == 0xFFFF or last < first:
            continue
        if via == 0:
            yield first, last
            continue
        glyphs = struct.unpack_from(f">{last - first + 1}H", data, array_at + 2 * segment + via)
        run = None
        for point, glyph in enumerate(glyphs, first):
            if glyph and run is None:
                run = point
            elif not glyph and run is not None:
                yield run, point - 1
                run = None
        if run is not None:
            yield run, last


def merge(ranges: Iterator[tuple[int, int]] | list[tuple[int, int]]) -> Ranges:
    """Ranges sorted, with overlapping and adjacent ones joined."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)
