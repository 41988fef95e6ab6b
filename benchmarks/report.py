"""Benchmark: one 自查报告 (HTML and PDF, with charts) for a county of 1,000 cases.

The baseline in the same run is the sample county (328 cases): the difference is what the ledger's
size costs. Goal: under 5 s for 1,000 cases.

    .venv/bin/python benchmarks/report.py [--cases 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "report"


def ledger(cases: int) -> Path:
    from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook
    from reportgen.synthetic import SyntheticCounty, sample_profile

    path = OUT / f"ledger-{cases}.xlsx"
    if not path.exists():
        rows = list(SyntheticCounty(seed=5).many_cases(cases))
        write_ledger_workbook(path, LedgerSheet(sample_profile(), rows))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    from reportgen.demo import sample_workspace
    from reportgen.profile import load_profile
    from reportgen.reports import ReportInputs, make_report

    OUT.mkdir(parents=True, exist_ok=True)
    sample = sample_workspace()
    profile = load_profile(sample / "profile.yaml")
    runs = [
        ("sample county (baseline)", sample / "台账.xlsx"),
        (f"{args.cases} cases", ledger(args.cases)),
    ]
    warm_up = ReportInputs(sample / "台账.xlsx", sample / "统计.yaml", profile)
    start = time.perf_counter()
    make_report("self-inspection", warm_up, OUT / "warm-up", force=True)
    first = time.perf_counter() - start
    print(f"{'first report of the process':<28} (imports, font maps)  {first:6.2f} s")
    seconds = {}
    for label, path in runs:
        folder = OUT / label.split()[0]
        shutil.rmtree(folder, ignore_errors=True)
        inputs = ReportInputs(path, sample / "统计.yaml", profile, roster=sample / "资助名单.xlsx")
        start = time.perf_counter()
        make_report("self-inspection", inputs, folder, issued_on=dt.date(2026, 11, 23))
        seconds[label] = time.perf_counter() - start
        print(f"{label:<28} self-inspection html+pdf {seconds[label]:6.2f} s")
    baseline = seconds["sample county (baseline)"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'first report':<28} {first / baseline:.2f}x the baseline's time  {first:.2f} s"
        f"  peak {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
