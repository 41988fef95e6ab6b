"""What the ledger benchmarks share: their options, and each measurement in a fresh process.

A measurement runs in a process of its own so that its peak memory is its own: the script calls
itself with ``--measure KIND --path FILE`` and prints one JSON object. Each way is measured
``--repeat`` times (two by default), the ways taking turns, and its fastest run kept.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any


def arguments(description: str | None) -> argparse.Namespace:
    """``--rows`` for a run; ``--measure`` and ``--path`` for the process that measures."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--csv", action="store_true", help="a CSV ledger instead of a workbook")
    parser.add_argument("--measure", choices=["reportgen", "openpyxl"])
    parser.add_argument("--path", type=Path)
    parser.add_argument(
        "--repeat", type=int, default=2, help="measurements of each way, taking turns"
    )
    args = parser.parse_args()
    if args.rows is None:
        args.rows = 1_000_000 if args.csv else 100_000
    return args


def in_fresh_process(script: str, kind: str, path: Path) -> dict[str, Any]:
    """Run ``script --measure kind --path path`` and read back what it measured."""
    done = subprocess.run(
        [sys.executable, script, "--measure", kind, "--path", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def best_of(script: str, kinds: list[str], path: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """Each kind measured ``repeat`` times, the kinds taking turns, and the fastest of each kept.

    The machine is shared: taking turns spreads what else runs on it over both ways, and the
    fastest run is the one least disturbed. ``runs`` lists every run's seconds.
    """
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind in kinds:
            runs[kind].append(in_fresh_process(script, kind, path))
    best = {}
    for kind, results in runs.items():
        best[kind] = min(results, key=lambda result: float(result["seconds"]))
        best[kind]["runs"] = [result["seconds"] for result in results]
    return best


def peak_mb() -> float:
    """This process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
