"""Real filesystems for tests: a full disk, a read-only one, a FAT or exFAT USB stick.

Each is mounted for the test and unmounted after it. Mounting needs root (tests and CI run as
root here); where this machine cannot mount, the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at ``where`` with mount options such as ``size=32k`` or ``ro``."""
    if os.geteuid() != 0:
        pytest.skip("mounting a filesystem needs root")
    where.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield where
    finally:
        _run("umount", str(where))


@contextmanager
def read_only(where: Path) -> Iterator[Path]:
    """A folder nothing can be written to: chmod for a normal user, a read-only mount for root.

    Root writes through any permission bits, so for root the folder is a tmpfs mounted read-only.
    """
    if os.geteuid() != 0:
        where.mkdir(parents=True, exist_ok=True)
        where.chmod(0o555)
        try:
            yield where
        finally:
            where.chmod(0o755)
        return
    with tmpfs(where, "ro,size=1m"):
        yield where


@contextmanager
def usb_stick(image: Path, where: Path, filesystem: str) -> Iterator[Path]:
    """A FAT (``vfat``) or ``exfat`` image mounted at ``where``, as a USB stick would be.

    The kernel's driver is used where it is loaded; otherwise the FUSE driver (fusefat,
    exfat-fuse), which is a real FAT implementation too, and one without hard links.
    """
    maker = {"vfat": "mkfs.vfat", "exfat": "mkfs.exfat"}[filesystem]
    fuse = {"vfat": "fusefat", "exfat": "mount.exfat-fuse"}[filesystem]
    if os.geteuid() != 0 or not shutil.which(maker):
        pytest.skip(f"needs root and {maker} (Debian: dosfstools, exfatprogs)")
    with open(image, "wb") as blank:
        blank.truncate(16 * 1024 * 1024)
    _run(maker, str(image)).check_returncode()
    where.mkdir(parents=True, exist_ok=True)
    if _run("mount", "-o", "loop", "-t", filesystem, str(image), str(where)).returncode == 0:
        try:
            yield where
        finally:
            _run("umount", str(where))
        return
    if not (shutil.which(fuse) and Path("/dev/fuse").exists()):
        pytest.skip(f"no {filesystem} driver: neither the kernel's nor {fuse} (FUSE)")
    with _fuse_mount(image, where, filesystem, fuse):
        yield where


@contextmanager
def _fuse_mount(image: Path, where: Path, filesystem: str, fuse: str) -> Iterator[None]:
    device = ""
    if filesystem == "exfat":  # exfat-fuse wants a block device: a loop device over the image
        device = _run("losetup", "--find", "--show", str(image)).stdout.strip()
        if not device:
            pytest.skip("no loop device for the exFAT image")
    source = device or str(image)
    options = ["-o", "rw+"] if filesystem == "vfat" else []
    done = _run(fuse, *options, source, str(where))
    try:
        if done.returncode != 0:
            pytest.skip(f"{fuse} cannot mount here: {done.stderr.strip()}")
        yield
    finally:
        _run("fusermount", "-u", str(where))
        if device:
            _run("losetup", "-d", device)
