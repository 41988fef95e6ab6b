"""Benchmark: export the three ledgers of a 100,000-row ledger; seconds and peak memory.

The baseline, in the same run on the same follow-ups, writes the same rows as bare values into a
write-only openpyxl workbook: no text IDs, no dates, no lists, no formula guard, no summary. Each
measurement runs in a fresh process, after the ledger is read and followed up (intake has its own
benchmark). Each way's CPU time is shown beside its wall time: on a shared machine the difference
is what other work took from it.

    .venv/bin/python benchmarks/ledger.py [--rows 100000]
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from harness import arguments, best_of, peak_mb
from intake import make_ledger

AS_OF = dt.date(2026, 11, 23)


def measure(kind: str, path: Path) -> dict[str, float]:
    """Read and follow up the ledger, then time one way of writing the ledgers."""
    from openpyxl import Workbook

    from reportgen.casework.followup import follow_up
    from reportgen.intake.ledger import load_ledger
    from reportgen.output.exports import _Sheets, export_ledgers
    from reportgen.synthetic import sample_profile

    profile = sample_profile()
    ledger = load_ledger(path, profile, today=AS_OF)
    followups = follow_up(ledger, [], profile, AS_OF)
    target = Path(tempfile.mkdtemp()) / "ledgers.xlsx"
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "reportgen":
        rows = sum(export_ledgers(ledger, followups, profile, target, as_of=AS_OF).counts.values())
    else:
        sheets = _Sheets(ledger, profile, AS_OF)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("适龄儿童")
        for item in followups:
            sheet.append(sheets.row(item))
        workbook.save(target)
        rows = len(followups)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    mb = target.stat().st_size / 1e6
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "peak_mb": peak_mb(), "mb": mb}


def main() -> None:
    args = arguments(__doc__)
    if args.measure:
        print(json.dumps(measure(args.measure, args.path)))
        return
    path = make_ledger(args.rows)
    labels = {
        "openpyxl": "openpyxl write-only, bare values, one sheet (baseline)",
        "reportgen": "reportgen export_ledgers: 3 ledgers, records, summary",
    }
    results = best_of(__file__, list(labels), path, args.repeat)
    for kind, label in labels.items():
        result = results[kind]
        runs = ", ".join(f"{seconds:.2f}" for seconds in result["runs"])
        print(
            f"{label:<56} {result['rows']:>7.0f} rows  {result['seconds']:6.2f} s"
            f" (CPU {result['cpu']:.2f} s)  file {result['mb']:.1f} MB"
            f"  peak {result['peak_mb']:.0f} MB  (best of {runs} s)"
        )
    ours, baseline = results["reportgen"], results["openpyxl"]
    print(
        f"{'ledger export speed-up':<56} {baseline['seconds'] / ours['seconds']:.2f}x"
        f" (CPU time {baseline['cpu'] / ours['cpu']:.2f}x)"
        f"  {ours['seconds'] / ours['rows'] * 1000:.3f} ms/row  peak {ours['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
