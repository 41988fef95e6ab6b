"""Writing stage: outputs appear whole or not at all, and never replace a file silently.

Every output is written to a temporary file in the target's folder and then moved into place, so a
run killed half-way leaves no half-written document. Without ``force`` the move refuses to replace
an existing file (a hard link is atomic and fails when the name is taken).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportgen.errors import OutputExists


@contextmanager
def atomic_output(target: Path, force: bool = False) -> Iterator[Path]:
    """A temporary path to write; on success it becomes ``target``, on failure it disappears."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not force:
        raise OutputExists(f"{target} 已存在；如要覆盖，请加 --force")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _place(temporary, target, force)
    finally:
        temporary.unlink(missing_ok=True)


def _default_mode() -> int:
    """The permissions a new file gets under the current umask (mkstemp makes files 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _place(temporary: Path, target: Path, force: bool) -> None:
    temporary.chmod(_default_mode())
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputExists(f"{target} 已存在；如要覆盖，请加 --force") from None


def write_text(target: Path, text: str, force: bool = False) -> Path:
    """Write a UTF-8 text file atomically."""
    with atomic_output(target, force) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target


def refuse_existing(targets: list[Path], force: bool) -> None:
    """Refuse up front when any of several outputs exists, naming them all."""
    taken = [str(path) for path in targets if path.exists()]
    if taken and not force:
        raise OutputExists("以下文件已存在；如要覆盖，请加 --force：\n  " + "\n  ".join(taken))
