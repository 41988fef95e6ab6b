"""Writing stage: outputs appear whole or not at all, and never replace a file silently.

Every output is written to a temporary file in the target's folder and then moved into place, so a
run killed half-way leaves no half-written document. Without ``force`` the move refuses to replace
an existing file, on every filesystem staff write to: NTFS and ext4, but also the exFAT/FAT of a
USB stick and network shares, which have no hard links (see :mod:`reportgen.output.noreplace`).
A write the machine refuses (a full disk, a read-only stick, a folder without write permission)
is a message naming the folder, never a traceback.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportgen.errors import OutputExists, UsageProblem, write_failure
from reportgen.output.noreplace import move_new


@contextmanager
def atomic_output(target: Path, force: bool = False) -> Iterator[Path]:
    """A temporary path to write; on success it becomes ``target``, on failure it disappears."""
    check_target(target)
    if target.exists() and not force:
        raise OutputExists(f"{target} 已存在；如要覆盖，请加 --force")
    with _writing(target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        os.close(handle)
    temporary = Path(name)
    try:
        with _writing(target.parent, temporary, target):
            yield temporary
            _place(temporary, target, force)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _writing(folder: Path, *ours: Path) -> Iterator[None]:
    """Turn the write failures a user meets (full, read-only, no permission) into a message.

    Given ``ours``, a permission error about some other file (a template, an image being read
    while the output is written) is left for the caller to report as what it is.
    """
    try:
        yield
    except OSError as error:
        elsewhere = ours and error.filename is not None and Path(error.filename) not in ours
        failure = write_failure(error, folder)
        if failure is None or (elsewhere and error.errno in (errno.EACCES, errno.EPERM)):
            raise
        raise failure from None


def check_target(target: Path) -> None:
    """Refuse an output path that cannot be a file: a folder, or a file where a folder must be."""
    if target.is_dir():
        raise UsageProblem(
            f"{target} 是一个文件夹，这里需要的是文件名；请给出一个文件名，或另选一个名字"
        )
    ancestor = next((path for path in target.parents if path.exists()), None)
    if ancestor is not None and not ancestor.is_dir():
        raise UsageProblem(
            f"{ancestor} 是一个文件，不是文件夹，无法在其中写入 {target.name}；"
            "请给出一个文件夹（已有的，或一个新的名字）"
        )


def _default_mode() -> int:
    """The permissions a new file gets under the current umask (mkstemp makes files 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _place(temporary: Path, target: Path, force: bool) -> None:
    try:
        temporary.chmod(_default_mode())
    except OSError as error:  # FAT and exFAT keep no permissions: files get the mount's
        if error.errno not in (errno.EPERM, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    if force:
        os.replace(temporary, target)
        return
    try:
        move_new(temporary, target)
    except FileExistsError:
        raise OutputExists(f"{target} 已存在；如要覆盖，请加 --force") from None


def write_text(target: Path, text: str, force: bool = False) -> Path:
    """Write a UTF-8 text file atomically."""
    with atomic_output(target, force) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target


def refuse_existing(targets: list[Path], force: bool) -> None:
    """Refuse up front when any of several outputs exists, naming them all."""
    for target in targets:
        check_target(target)
    taken = [str(path) for path in targets if path.exists()]
    if taken and not force:
        raise OutputExists("以下文件已存在；如要覆盖，请加 --force：\n  " + "\n  ".join(taken))
