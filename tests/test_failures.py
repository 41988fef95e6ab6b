"""Every failure a user can cause or meet: a message saying what to do, a documented exit code.

The disks are real (a full tmpfs, a read-only mount, a folder of another user), and so are the
processes where it matters: Ctrl-C is a real SIGINT to a real ``reportgen``.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mounts import read_only, tmpfs
from openpyxl import load_workbook
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.demo import sample_workspace
from reportgen.errors import ExitCode

runner = CliRunner()
SAMPLE_LEDGER = str(sample_workspace() / "台账.xlsx")
SAMPLE_PROFILE = str(sample_workspace() / "profile.yaml")


def reportgen(*arguments: str, **options: object) -> subprocess.CompletedProcess[str]:
    """``python -m reportgen`` as a separate process, as a user's terminal runs it."""
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *arguments],
        capture_output=True,
        text=True,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def test_an_unknown_option_is_a_usage_error_in_chinese() -> None:
    result = runner.invoke(app, ["validate", SAMPLE_LEDGER, "--sheeet", "台账"])
    assert result.exit_code == ExitCode.USAGE
    assert "没有 --sheeet 这个选项；是不是 --sheet？" in result.output
    assert "查看说明：reportgen validate --help" in result.output
    missing = runner.invoke(app, ["notices"])
    assert missing.exit_code == ExitCode.USAGE and "缺少 ledger" in missing.output
    choice = runner.invoke(app, ["due", "-p", SAMPLE_PROFILE, "--format", "pdf"])
    assert choice.exit_code == ExitCode.USAGE
    assert "“pdf”不是可选的值" in choice.output


def test_an_invalid_date_names_the_option_and_the_forms_accepted(tmp_path: Path) -> None:
    done = reportgen(
        "notices", SAMPLE_LEDGER, "-p", SAMPLE_PROFILE, "--out", str(tmp_path / "o"),
        "--date", "2026-13-40",
    )  # fmt: skip
    assert done.returncode == ExitCode.USAGE
    assert "--date 的值不对：日期不存在：2026年没有13月40日" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "o").exists()
    as_of = runner.invoke(app, ["due", "-p", SAMPLE_PROFILE, "--as-of", "下周一"])
    assert as_of.exit_code == ExitCode.USAGE
    assert "--as-of 的值不对：应为日期，如 2023-9-1" in as_of.output
    chinese = runner.invoke(app, ["due", "-p", SAMPLE_PROFILE, "--as-of", "2026年11月23日"])
    assert chinese.exit_code == 0, chinese.output
    assert "截至 2026年11月23日" in chinese.output


def test_out_naming_a_file_where_a_folder_is_expected(tmp_path: Path) -> None:
    taken = tmp_path / "通知书.docx"
    taken.write_text("a file", encoding="utf-8")
    result = runner.invoke(app, ["init", str(taken), "--county", "示范县"])
    assert result.exit_code == ExitCode.USAGE
    assert f"{taken} 是一个文件，不是文件夹" in result.output
    deeper = runner.invoke(app, ["init", str(taken / "我县"), "--county", "示范县"])
    assert deeper.exit_code == ExitCode.USAGE and "是一个文件，不是文件夹" in deeper.output
    assert taken.read_text(encoding="utf-8") == "a file"


def test_notices_out_naming_a_file(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_PROFILE, tmp_path / "profile.yaml")
    taken = tmp_path / "通知书"
    taken.write_text("a file", encoding="utf-8")
    result = runner.invoke(
        app,
        ["notices", SAMPLE_LEDGER, "-p", str(tmp_path / "profile.yaml"), "--out", str(taken),
         "--format", "docx", "--date", "2026-11-23"],
    )  # fmt: skip
    assert result.exit_code == ExitCode.USAGE
    assert f"{taken} 是一个文件，不是文件夹" in result.output
    assert taken.read_text(encoding="utf-8") == "a file"


def test_out_naming_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    folder = tmp_path / "三本台账.xlsx"
    folder.mkdir()
    arguments = ["ledger", SAMPLE_LEDGER, "-p", SAMPLE_PROFILE, "--as-of", "2026-11-23"]
    result = runner.invoke(app, [*arguments, "--out", str(folder)])
    assert result.exit_code == ExitCode.USAGE
    assert f"{folder} 是一个文件夹，这里需要的是文件名" in result.output
    forced = runner.invoke(app, [*arguments, "--out", str(folder), "--force"])
    assert forced.exit_code == ExitCode.USAGE and list(folder.iterdir()) == []


def test_a_read_only_folder(tmp_path: Path) -> None:
    with read_only(tmp_path / "只读") as folder:
        result = runner.invoke(app, ["init", str(folder / "我县"), "--county", "示范县"])
        assert result.exit_code == ExitCode.ENVIRONMENT, result.output
        assert "中写入文件：" in result.output
        assert "只读" in result.output or "没有写入权限" in result.output
        assert "--out 换一个可以写入的文件夹" in result.output
        assert list(folder.iterdir()) == []


def test_a_full_disk_leaves_no_half_written_file(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "满", "size=64k") as disk:
        target = disk / "三本台账.xlsx"
        result = runner.invoke(
            app,
            ["ledger", SAMPLE_LEDGER, "-p", SAMPLE_PROFILE, "--as-of", "2026-11-23",
             "--out", str(target)],
        )  # fmt: skip
        assert result.exit_code == ExitCode.ENVIRONMENT, result.output
        assert f"无法在 {disk} 中写入文件：磁盘已满；未留下写了一半的文件" in result.output
        assert list(disk.iterdir()) == []
        gc.collect()  # nothing left open that fails again when collected (pytest turns that into an error)


@pytest.fixture
def locked_folder() -> Iterator[tuple[Path, list[str]]]:
    """A folder owned by root, not writable by others, and how to run a command as another user.

    Root can write anywhere, so as root the command runs as ``nobody`` (setpriv); as a normal user
    the folder's write bits are taken away.
    """
    base = Path(tempfile.mkdtemp(prefix="reportgen-"))
    base.chmod(0o755)
    locked = base / "教育局共享"
    locked.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("needs setpriv (util-linux) to run as another user")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    else:
        locked.chmod(0o555)
    try:
        yield locked, prefix
    finally:
        locked.chmod(0o755)
        shutil.rmtree(base)


def test_a_folder_without_write_permission(locked_folder: tuple[Path, list[str]]) -> None:
    locked, prefix = locked_folder
    done = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "reportgen",
            "init",
            str(locked / "我县"),
            "--county",
            "县",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=locked.parent,
        env={**os.environ, "HOME": str(locked.parent)},
    )
    assert done.returncode == ExitCode.ENVIRONMENT, done.stdout + done.stderr
    assert f"无法在 {locked / '我县'} 中写入文件：没有写入权限" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(locked.iterdir()) == []


def test_ctrl_c_stops_with_a_message_and_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "演示"
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "demo", "--out", str(out), "--date", "2026-11-23"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.iterdir())) and process.poll() is None:
        assert time.monotonic() < deadline, "the demo wrote nothing"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == ExitCode.INTERRUPTED, stdout + stderr
    assert stderr.strip().endswith(
        "已中断：已写完的文件保留，正在写的文件没有留下；重新运行即可继续（已有的文件不会被覆盖）"
    )
    assert "Traceback" not in stderr
    assert not [path for path in out.rglob("*") if path.name.endswith(".part")]
    for workbook in out.rglob("*.xlsx"):
        load_workbook(workbook)  # whatever was written is whole


def test_an_operating_system_error_is_a_plain_message(tmp_path: Path) -> None:
    """A ledger that is a folder, a profile that is a folder: said so, no traceback."""
    (tmp_path / "profile.yaml").mkdir()
    result = runner.invoke(app, ["due", "-p", str(tmp_path / "profile.yaml")])
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert (
        f"{tmp_path / 'profile.yaml'}：这是一个文件夹，这里需要的是文件；请检查路径"
        in result.output
    )
