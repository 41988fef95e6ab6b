"""Moving a finished file to a name that must not be taken yet, on whatever disk staff write to.

A plain rename replaces an existing file, so "move unless the name is taken" has to ask the
filesystem to check and move in one step. Each way below is tried in turn; the first the
filesystem supports decides:

- Windows: ``os.rename`` (MoveFileEx without REPLACE_EXISTING) refuses an existing target itself;
- Linux: ``renameat2`` with RENAME_NOREPLACE — ext4, XFS, btrfs, tmpfs, vfat, exFAT and CIFS have it;
- a hard link, which fails when the name is taken (NFS; macOS; older kernels);
- when the disk has neither (FUSE filesystems such as a FAT USB stick mounted in user space): the
  name is claimed with an exclusive create, then the finished file is renamed over that empty claim.
  Only a crash in the instant between the two can leave the empty claim behind, never a partly
  written document and never a replaced one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import cast

AT_FDCWD = -100
RENAME_NOREPLACE = 1
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP})
"""What renameat2 answers when the kernel or the filesystem lacks RENAME_NOREPLACE."""
_NO_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK})
"""What link answers on a filesystem without hard links (FAT says EPERM)."""

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def move_new(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``; :class:`FileExistsError` if ``target`` exists."""
    if os.name == "nt":
        os.rename(source, target)
        return
    if not (rename_noreplace(source, target) or link_and_unlink(source, target)):
        claim_and_replace(source, target)


def rename_noreplace(source: Path, target: Path) -> bool:
    """Rename unless the target exists, in one system call; False if not supported here."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), RENAME_NOREPLACE):
        code = ctypes.get_errno()
        if code in _UNSUPPORTED:
            return False
        raise OSError(code, os.strerror(code), str(target))
    return True


def link_and_unlink(source: Path, target: Path) -> bool:
    """Hard-link the target, then drop the source; False on a filesystem without hard links."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno in _NO_LINKS:
            return False
        raise
    source.unlink()
    return True


def claim_and_replace(source: Path, target: Path) -> None:
    """Claim the name with an exclusive create, then rename the finished file over the claim."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        os.replace(source, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


@cache
def _renameat2() -> Renameat2 | None:
    """The C library's renameat2 (glibc 2.28 and later), if this is Linux and it has one."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return cast(Renameat2, function)
