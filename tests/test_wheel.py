"""The wheel carries the templates and the sample county, and installs the way staff install tools.

It is built once, then installed into a fresh virtual environment, with ``pipx install`` and with
``uv tool install``; each time the ``reportgen`` command it puts on disk validates the sample
county's ledger.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "kongchuo"
SAMPLE_LEDGER = ROOT / "data_samples" / "示范县" / "台账.xlsx"
VALIDATED = "台账.xlsx：读取 328 条记录，328 条可用；错误 0 处"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``python -m build`` makes of this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob(f"{DISTRIBUTION}-*.whl")
    return built


def validates(command: Path, cwd: Path, env: dict[str, str] | None = None) -> None:
    """The installed ``reportgen`` validates the sample ledger and prints its summary last."""
    done = subprocess.run(
        [str(command), "validate", str(SAMPLE_LEDGER)],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(VALIDATED)


def test_the_wheel_has_its_own_name_and_the_reportgen_command(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert "reportgen/templates/workspace/overrides-README.md" in names
    assert "reportgen/data_samples/示范县/台账.xlsx" in names
    (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    lines = archive.read(metadata).decode().splitlines()
    assert f"Name: {DISTRIBUTION}" in lines
    assert any(line.startswith("Requires-Dist: fonttools") for line in lines)
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert "reportgen = reportgen.cli:main" in archive.read(entry_points).decode()


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_environment_and_validates_the_samples(
    wheel: Path, tmp_path: Path
) -> None:
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # The dependencies are those of the test environment; reportgen itself comes only from the wheel.
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    where = subprocess.run(
        [str(python), "-c", "import reportgen.resources as r; print(r.samples())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(env))
    validates(env / "bin" / "reportgen", tmp_path)


def tool(name: str) -> Path:
    """A tool of the development extra, beside the test environment's Python."""
    found = Path(sys.executable).parent / name
    if not found.exists():
        found = Path(shutil.which(name) or found)
    if not found.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


@pytest.mark.slow
def test_pipx_installs_the_wheel(wheel: Path, tmp_path: Path) -> None:
    """pipx with pip, as on a Windows machine: its own environment, dependencies from the index."""
    env = {
        **os.environ,
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    done = subprocess.run(
        [str(tool("pipx")), "install", "--backend", "pip", str(wheel)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "pipx" / "venvs" / DISTRIBUTION).is_dir()
    validates(tmp_path / "bin" / "reportgen", tmp_path, env)


@pytest.mark.slow
def test_uv_tool_installs_the_wheel(wheel: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "UV_TOOL_DIR": str(tmp_path / "tools"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
    }
    done = subprocess.run(
        [str(tool("uv")), "tool", "install", str(wheel)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "tools" / DISTRIBUTION).is_dir()
    validates(tmp_path / "bin" / "reportgen", tmp_path, env)
    version = subprocess.run(
        [str(tmp_path / "bin" / "reportgen"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.startswith("reportgen ")
