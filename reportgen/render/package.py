"""A zip package rebuilt around one changed part, the unchanged parts copied byte for byte.

Rendering a DOCX changes only ``word/document.xml``; the styles, theme, fonts and footers (most of
a package's bytes) stay as they are. Python's zipfile can only write parts by compressing them
again, so this assembles the zip itself: the unchanged parts' compressed records are read from
the template once, their central-directory entries computed once (they come first, so their
offsets never change), and each render appends only the changed part and the directory's end.
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


@dataclass(frozen=True)
class _Record:
    local: bytes
    central: bytes


class Package:
    """A template package ready to be reassembled with a new version of one part."""

    def __init__(
        self, template: Path, changing: str, fixed: Mapping[str, bytes] | None = None
    ) -> None:
        """``fixed`` parts replace or join the template's once, for every render (seal images)."""
        self.changing = changing
        fixed = dict(fixed or {})
        records: list[_Record] = []
        offset = 0
        with ZipFile(template) as package, template.open("rb") as raw:
            for info in package.infolist():
                if info.filename == changing or info.filename in fixed:
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
        for name, content in fixed.items():
            records.append(_deflated(name, content, offset))
            offset += len(records[-1].local)
        self.head = b"".join(record.local for record in records)
        self.directory = b"".join(record.central for record in records)
        self.count = len(records) + 1

    def with_part(self, data: bytes) -> bytes:
        """The whole package with ``data`` as the changing part."""
        changed = _deflated(self.changing, data, len(self.head))
        directory = self.directory + changed.central
        start = len(self.head) + len(changed.local)
        end = _END.pack(0x06054B50, 0, 0, self.count, self.count, len(directory), start, 0)
        return b"".join((self.head, changed.local, directory, end))


def _deflated(name: str, data: bytes, offset: int) -> _Record:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return _record(name, _DEFLATED, zlib.crc32(data), packed, size=len(data), offset=offset)


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
