"""What the installed fonts hold, kept between runs, as fontconfig keeps its own cache.

Reading the names and character maps of every font on a machine with the CJK fonts installed
takes a quarter of a second, in every run that makes a PDF or a report; reading them back from
this cache takes a twentieth. The cache is one JSON file in the user's cache folder holding each
font file's faces under its path, with the file's size and modification time: a font added,
removed or replaced is read again, the others are taken from the cache. A cache that cannot be
read or written is passed over; it holds nothing but what the fonts say of themselves.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.render.fonts import Face

VERSION = 1
Entry = list[Any]
"""A file's ``[[size, mtime_ns], [[index, families, ranges], …]]``, as JSON holds it."""


def cache_file() -> Path:
    """Where the cache of what each font file holds is kept."""
    return cache_root() / "fonts.json"


def cache_root() -> Path:
    """reportgen's folder in the user's cache folder of this kind of system."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "reportgen"


def cached_faces(
    files: Iterable[Path],
    read: Callable[[Path], Iterator[Face]],
    make: Callable[[Path, int, frozenset[str], tuple[tuple[int, int], ...]], Face],
) -> tuple[Face, ...]:
    """Every face of the font files: from the cache for a file unchanged since, else ``read``."""
    target = cache_file()
    known = _load(target)
    found: dict[str, Entry] = {}
    faces: list[Face] = []
    for path in files:
        try:
            status = path.stat()
        except OSError:
            continue
        stamp = [status.st_size, status.st_mtime_ns]
        entry = known.get(str(path))
        if entry is None or entry[0] != stamp:
            entry = [stamp, [[f.index, sorted(f.families), f.ranges] for f in read(path)]]
        found[str(path)] = entry
        for index, families, ranges in entry[1]:
            faces.append(make(path, index, frozenset(families), tuple(map(tuple, ranges))))
    if found != known:
        _save(target, found)
    return tuple(faces)


def _load(target: Path) -> dict[str, Entry]:
    """The cached files, or none when the cache is missing, damaged or of another version."""
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        files = data["files"] if data.get("version") == VERSION else {}
        return {
            str(path): entry
            for path, entry in files.items()
            if _well_formed(entry)  # anything else is read from its font again
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _well_formed(entry: Any) -> bool:
    try:
        (size, stamp), faces = entry
        return (
            isinstance(size, int)
            and isinstance(stamp, int)
            and all(
                isinstance(index, int)
                and all(isinstance(name, str) for name in families)
                and all(isinstance(a, int) and isinstance(b, int) for a, b in ranges)
                for index, families, ranges in faces
            )
        )
    except (TypeError, ValueError):
        return False


def _save(target: Path, files: dict[str, Entry]) -> None:
    """Write the cache whole (another run reading it meanwhile sees the old one or the new one)."""
    text = json.dumps({"version": VERSION, "files": files}, ensure_ascii=False)
    with suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".fonts.", suffix=".json", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temporary:
                temporary.write(text)
            os.replace(name, target)
        finally:
            with suppress(OSError):
                os.unlink(name)
