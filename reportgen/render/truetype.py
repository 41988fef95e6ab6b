"""TrueType copies of the CFF Chinese faces, made once per machine, that PDFs are written with.

Writing a PDF subsets every font it uses. Noto Serif CJK and Noto Sans CJK, the free faces that
stand in for the official fonts on Linux, keep their outlines as CFF, and subsetting CFF is most
of the time WeasyPrint takes to write a notice: ~115 ms of processor time for its three pages.
With the same outlines as TrueType quadratic curves (within one font unit) it takes ~29 ms, and
the file is a sixth of the size (51 KB). So each CFF face the documents use is converted once, for the
characters of GB 2312 with ASCII and the punctuation, into the user's cache folder; characters
outside it fall through to the original face, which stays next in the PDF's font list.

A copy is named by the identity of its source (file, face, size, modification time), its
characters and :data:`VERSION`: a changed source makes a new copy. It is written whole to a
temporary file and renamed into place, and checked before each use: it must be a TrueType font
whose checksum (the ``head`` table's adjustment, over the whole file) is right. A copy that is
missing or damaged is made again; one that cannot be made is passed over and the original face
is used, as before.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, newTable

from reportgen.render.fontcache import cache_root
from reportgen.render.fonts import ROLES, Face, installed_faces, substitute, weight

VERSION = 1
SUFFIX = " TrueType"
"""Added to the family name of a copy, so that a PDF can name it before the original."""
TOLERANCE = 1.0
"""Largest distance, in font units (1/1000 of the size here), of a quadratic from its cubic."""
FEATURES = ["ccmp", "calt", "clig", "curs", "dist", "kern", "liga", "mark", "mkmk", "rlig"]
"""The OpenType features kept: those a horizontal Chinese line is shaped with. Others (vertical
forms, the other languages' 'locl' glyphs) would add thousands of glyphs no document uses."""
CHECKSUM = 0xB1B0AFBA
"""What the 32-bit words of a whole OpenType file add up to, by the OpenType specification."""


@dataclass(frozen=True)
class Source:
    """A CFF face the documents use, and the weight it is asked for in."""

    path: Path
    index: int
    family: str
    weight: int


@dataclass(frozen=True)
class Copy:
    """A checked TrueType copy of a source face, and the family name it is registered under."""

    path: Path
    family: str
    original: str
    weight: int


def copies(
    build: bool, folder: Path | None = None, chars: frozenset[int] | None = None
) -> list[Copy]:
    """The checked copies of every CFF face the documents use; the missing ones made when asked,
    each in its own process (a face takes about half a minute).

    A family is converted whole or not at all: with its bold face missing, its bold text would
    be drawn from the regular copy, made bold by the machine. A face that cannot be converted,
    or whose worker dies, leaves its family drawn from the original faces.
    """
    from reportgen.render.workers import mortal_pool

    folder, chars, wanted = folder or cache_folder(), chars or characters(), sources()
    found = [copy_of(source, folder, chars, build=False) for source in wanted]
    missing = [source for source, made in zip(wanted, found, strict=True) if made is None]
    if build and missing:
        count = len(missing)
        with suppress(BrokenProcessPool), mortal_pool(min(2, count)) as pool:
            list(pool.map(copy_of, missing, [folder] * count, [chars] * count, [True] * count))
        found = [copy_of(source, folder, chars, build=False) for source in wanted]
    lacking = {source.family for source, made in zip(wanted, found, strict=True) if made is None}
    return [made for made in found if made is not None and made.original not in lacking]


def sources() -> list[Source]:
    """The CFF faces the documents are drawn in: each role's font, in the weight it is drawn in."""
    wanted = {}
    for role in ROLES:
        if (family := substitute(role)) is None:
            continue
        bold = 700 if weight(role) == "bold" else 400
        for face in installed_faces():
            known = (family, bold) in wanted
            if not known and family in face.families and _cff_weight(face) == bold:
                wanted[family, bold] = Source(face.path, face.index, family, bold)
    return list(wanted.values())


def _cff_weight(face: Face) -> int | None:
    """The weight of an upright CFF face, None for any other face."""
    try:
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            upright = not font["OS/2"].fsSelection & 1
            return int(font["OS/2"].usWeightClass) if "CFF " in font and upright else None
    except Exception:  # a damaged font is passed over, as fonts.installed_faces does
        return None


def cache_folder() -> Path:
    """Where the copies are kept, beside the font cache."""
    return cache_root() / "truetype"


@cache
def characters() -> frozenset[int]:
    """GB 2312 (its 6,763 hanzi and symbols), ASCII, and the Chinese and general punctuation."""
    found = set(range(0x20, 0x7F)) | set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040))
    found |= set(range(0xFF00, 0xFFF0))
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):
                found.add(ord(bytes((lead, trail)).decode("gb2312")))
    return frozenset(found)


def copy_path(source: Source, folder: Path, chars: Iterable[int]) -> Path:
    """The file a copy of ``source`` for ``chars`` is kept in: named by everything it depends on."""
    status = source.path.stat()
    identity = [
        VERSION,
        str(source.path.resolve()),
        source.index,
        status.st_size,
        status.st_mtime_ns,
        hashlib.sha256(",".join(map(str, sorted(chars))).encode()).hexdigest(),
    ]
    digest = hashlib.sha256(repr(identity).encode()).hexdigest()[:32]
    return folder / f"{digest}.ttf"


def copy_of(source: Source, folder: Path, chars: Iterable[int], build: bool) -> Copy | None:
    """The checked copy of ``source``; made (again) when asked and missing or damaged."""
    chars = frozenset(chars)
    try:
        target = copy_path(source, folder, chars)
    except OSError:
        return None
    made = Copy(target, source.family + SUFFIX, source.family, source.weight)
    if valid(target):
        return made
    if not build:
        return None
    try:
        convert(source, chars, target)
    except Exception:  # a font fontTools cannot convert is simply used as it is
        return None
    return made if valid(target) else None


def valid(path: Path) -> bool:
    """Whether a file holds a whole TrueType font (see :func:`checked`)."""
    return checked(path) is not None


def checked(path: Path) -> bytes | None:
    """A file's bytes if they are a whole TrueType font: glyf outlines, a character map, and
    the checksum right over the whole file (a file cut short or changed by a byte fails it)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    whole = data[:4] == b"\0\1\0\0" and _checksum(data) == CHECKSUM
    return data if whole and _tables(data) >= REQUIRED else None


REQUIRED = frozenset({b"head", b"glyf", b"loca", b"cmap", b"hmtx", b"maxp"})


def _tables(data: bytes) -> frozenset[bytes]:
    try:
        count = struct.unpack_from(">H", data, 4)[0]
        return frozenset(data[12 + 16 * i : 16 + 16 * i] for i in range(count))
    except struct.error:
        return frozenset()


def _checksum(data: bytes) -> int:
    words = array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def convert(source: Source, chars: frozenset[int], target: Path) -> None:
    """Write the face's glyphs for ``chars`` with TrueType outlines to ``target``, whole or not at all."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    with TTFont(source.path, fontNumber=source.index, lazy=True) as font:
        options = subset.Options(
            layout_features=FEATURES,
            name_IDs=["*"],
            name_languages=["*"],
            notdef_outline=True,
            hinting=False,
            glyph_names=False,
        )
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=chars)
        subsetter.subset(font)
        order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder, glyf.glyphs = order, {}
        for name in order:
            pen = TTGlyphPen(None)
            glyphs[name].draw(Cu2QuPen(pen, TOLERANCE, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        _as_truetype(font, glyf)
        _save(font, target)


def _save(font: TTFont, target: Path) -> None:
    """Write the font to a temporary file beside ``target`` and rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".", suffix=".ttf", dir=target.parent)
    os.close(handle)
    try:
        font.save(name)
        os.replace(name, target)
    finally:
        with suppress(OSError):
            os.unlink(name)


def _as_truetype(font: TTFont, glyf: object) -> None:
    """Put the new outlines in place of the CFF ones, with the tables TrueType needs."""
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs"):
        setattr(maxp, field, 0)
    for field in ("maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"
