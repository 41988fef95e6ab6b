"""Writing on the disks staff use: whole files, never a silent overwrite, also on a USB stick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mounts import tmpfs, usb_stick
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.errors import OutputExists
from reportgen.output import noreplace
from reportgen.output.write import atomic_output, write_text

runner = CliRunner()


@pytest.fixture(params=["vfat", "exfat"])
def stick(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A mounted FAT or exFAT filesystem, as a county officer's USB stick (ASCII names only:
    fusefat, the FAT driver where the kernel has none, refuses names in Chinese)."""
    with usb_stick(tmp_path / "stick.img", tmp_path / "stick", request.param) as where:
        yield where


@pytest.fixture
def exfat_stick(tmp_path: Path) -> Iterator[Path]:
    """An exFAT USB stick, the usual format of sticks over 32 GB; it takes Chinese names."""
    with usb_stick(tmp_path / "stick.img", tmp_path / "stick", "exfat") as where:
        yield where


def test_the_stick_has_no_hard_links(stick: Path) -> None:
    """The reason writing needs another way there: link() is refused, so the fallback must run."""
    (stick / "a").write_text("a", encoding="utf-8")
    assert not noreplace.link_and_unlink(stick / "a", stick / "b")
    assert not (stick / "b").exists()


def test_a_workspace_is_written_on_the_stick_and_never_overwritten(exfat_stick: Path) -> None:
    stick = exfat_stick
    workspace = stick / "我县"
    first = runner.invoke(app, ["init", str(workspace), "--county", "示范县"])
    assert first.exit_code == 0, first.output
    assert load_workbook(workspace / "台账.xlsx").sheetnames == ["台账", "劝返记录", "填表说明"]
    (workspace / "profile.yaml").write_text("county: 我的修改\n", encoding="utf-8")
    again = runner.invoke(app, ["init", str(workspace), "--county", "示范县"])
    assert again.exit_code == 4 and "已存在" in again.output
    assert (workspace / "profile.yaml").read_text(encoding="utf-8") == "county: 我的修改\n"
    forced = runner.invoke(app, ["init", str(workspace), "--county", "示范县", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "我的修改" not in (workspace / "profile.yaml").read_text(encoding="utf-8")
    assert not [path for path in stick.rglob("*") if path.name.endswith(".part")]


def test_a_name_taken_while_writing_is_refused_on_the_stick(stick: Path) -> None:
    """Someone else's file appearing under the name during the write is kept, not replaced."""
    target = stick / "notice.txt"
    with pytest.raises(OutputExists), atomic_output(target) as temporary:
        temporary.write_text("新的", encoding="utf-8")
        target.write_text("别人的", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "别人的"
    assert [path.name for path in stick.iterdir()] == ["notice.txt"]


def test_the_claim_refuses_a_taken_name_and_replaces_only_its_own(stick: Path) -> None:
    (stick / "done").write_text("finished", encoding="utf-8")
    (stick / "taken").write_text("theirs", encoding="utf-8")
    with pytest.raises(FileExistsError):
        noreplace.claim_and_replace(stick / "done", stick / "taken")
    assert (stick / "taken").read_text(encoding="utf-8") == "theirs"
    noreplace.claim_and_replace(stick / "done", stick / "new")
    assert (stick / "new").read_text(encoding="utf-8") == "finished"
    assert not (stick / "done").exists()


def test_rename_noreplace_on_a_kernel_filesystem(tmp_path: Path) -> None:
    """Where the kernel has RENAME_NOREPLACE (tmpfs, ext4), one system call does the whole move."""
    with tmpfs(tmp_path / "disk", "size=1m") as disk:
        (disk / "done").write_text("finished", encoding="utf-8")
        (disk / "taken").write_text("theirs", encoding="utf-8")
        with pytest.raises(FileExistsError):
            noreplace.move_new(disk / "done", disk / "taken")
        assert (disk / "taken").read_text(encoding="utf-8") == "theirs"
        assert noreplace.rename_noreplace(disk / "done", disk / "new")
        assert sorted(path.name for path in disk.iterdir()) == ["new", "taken"]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "台账.txt"
    with pytest.raises(RuntimeError), atomic_output(target) as temporary:
        temporary.write_text("一半", encoding="utf-8")
        raise RuntimeError("killed half-way")
    assert list(tmp_path.iterdir()) == []
    write_text(target, "完整")
    assert target.read_text(encoding="utf-8") == "完整"
