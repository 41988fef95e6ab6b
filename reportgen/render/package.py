"""A zip package assembled around changing parts, the unchanged parts compressed once.

Rendering a DOCX changes only the document, its properties and its relationships; the styles,
fonts and footers stay as they are. Python's zipfile can only write parts by compressing them
again, so this assembles the zip itself: the unchanged parts' compressed records are made (or read
from a template) once, their central-directory entries computed once (they come first, so their
offsets never change), and each render appends only the changed parts and the directory's end.

Compressing the changed parts was half of a notice's time, so they are compressed at zlib's
fastest level (a notice's 13 KB document comes out a tenth larger than at level 6, in under half
the time), and a changed part that is the same as at the previous render (the properties of a
batch's documents, their relationships) is not compressed again.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from zipfile import ZipFile, ZipInfo

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8 = 0x0800
_DEFLATED = 8
_DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1
"""Every entry is dated 2024-01-01 so that the same data always gives the same bytes."""
COMPRESSION = 6
"""For the fixed parts, compressed once."""
CHANGING_COMPRESSION = 1
"""For the parts compressed at every render."""


@dataclass(frozen=True)
class _Record:
    local: bytes
    central: bytes


@dataclass(frozen=True)
class _Packed:
    """A part compressed: what its records are made of, wherever it goes in the zip."""

    data: bytes
    crc: int
    packed: bytes


class Package:
    """Fixed parts ready to be joined, at every render, by the parts that change."""

    def __init__(
        self,
        parts: Mapping[str, bytes],
        template: Path | None = None,
        changing: frozenset[str] = frozenset(),
    ) -> None:
        """The fixed parts are a template's (but ``changing`` and ``parts``) and then ``parts``."""
        records: list[_Record] = []
        offset = 0
        if template is not None:
            with ZipFile(template) as package, template.open("rb") as raw:
                for info in package.infolist():
                    if info.filename in changing or info.filename in parts:
                        continue
                    data = _raw_data(raw, info)
                    record = _record(
                        info.filename,
                        info.compress_type,
                        info.CRC,
                        data,
                        size=info.file_size,
                        offset=offset,
                    )
                    records.append(record)
                    offset += len(record.local)
        for name, content in parts.items():
            records.append(_deflated(name, _packed(content, COMPRESSION), offset))
            offset += len(records[-1].local)
        self.head = b"".join(record.local for record in records)
        self.directory = b"".join(record.central for record in records)
        self.count = len(records)
        self.previous: dict[str, _Packed] = {}
        """Each changed part as the previous render compressed it."""

    def with_parts(self, changed: Mapping[str, bytes]) -> bytes:
        """The whole package with the fixed parts and ``changed``."""
        records, offset = [], len(self.head)
        for name, data in changed.items():
            packed = self.previous.get(name)
            if packed is None or packed.data != data:
                packed = self.previous[name] = _packed(data, CHANGING_COMPRESSION)
            records.append(_deflated(name, packed, offset))
            offset += len(records[-1].local)
        directory = self.directory + b"".join(record.central for record in records)
        count = self.count + len(records)
        end = _END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0)
        return b"".join((self.head, *(record.local for record in records), directory, end))


def _packed(data: bytes, level: int) -> _Packed:
    return _Packed(data, zlib.crc32(data), zlib.compress(data, level, wbits=-15))


def _deflated(name: str, part: _Packed, offset: int) -> _Record:
    return _record(name, _DEFLATED, part.crc, part.packed, size=len(part.data), offset=offset)


def _raw_data(handle: BinaryIO, info: ZipInfo) -> bytes:
    """The compressed bytes of an entry, read past its local header."""
    handle.seek(info.header_offset)
    header = _LOCAL.unpack(handle.read(_LOCAL.size))
    handle.seek(header[9] + header[10], 1)  # past the name and the extra field
    return handle.read(info.compress_size)


def _record(name: str, method: int, crc: int, data: bytes, *, size: int, offset: int) -> _Record:
    encoded = name.encode("utf-8")
    local = _LOCAL.pack(
        0x04034B50, 20, _UTF8, method, _DOS_TIME, _DOS_DATE, crc, len(data), size, len(encoded), 0
    )
    central = _CENTRAL.pack(
        0x02014B50,
        20,
        20,
        _UTF8,
        method,
        _DOS_TIME,
        _DOS_DATE,
        crc,
        len(data),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    return _Record(local + encoded + data, central + encoded)
