"""Benchmark: read and validate a ledger; rows per second and peak memory.

Each measurement runs in a fresh process so that its peak resident memory is its own.

- a workbook of 100,000 rows: the baseline, in the same run on the same file, is openpyxl in
  read-only mode merely iterating the rows;
- a CSV file of 1,000,000 rows (``--csv``): the baseline is Python's csv module merely reading
  the rows.

    .venv/bin/python benchmarks/intake.py [--rows 100000]
    .venv/bin/python benchmarks/intake.py --csv [--rows 1000000]
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from harness import arguments, best_of, peak_mb

OUT = Path(__file__).resolve().parent / "out"


def make_ledger(rows: int) -> Path:
    """The synthetic county's proportions, ``rows`` cases, written once and kept for later runs.

    Written with XlsxWriter, which stores text in a shared-string table as Excel and WPS do
    (openpyxl writes every string inline: a file ten times larger than staff ever have).
    """
    import xlsxwriter

    from reportgen.intake.fields import FIELDS
    from reportgen.synthetic import SyntheticCounty

    path = OUT / f"ledger-{rows}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("台账")
    date, text = (
        workbook.add_format({"num_format": "yyyy-m-d"}),
        workbook.add_format({"num_format": "@"}),
    )
    sheet.write_row(0, 0, ["示范县疑似失学辍学儿童少年台账"])
    sheet.write_row(1, 0, ["填报单位：示范县教育局"])
    sheet.write_row(2, 0, [spec.header for spec in FIELDS.values()])
    for number, case in enumerate(SyntheticCounty(seed=1).many_cases(rows), 3):
        for column, key in enumerate(FIELDS):
            value = case.get(key)
            if isinstance(value, dt.date):
                sheet.write_datetime(number, column, dt.datetime.combine(value, dt.time()), date)
            elif key in ("id_number", "phone"):
                sheet.write_string(number, column, value, text)
            elif value not in (None, ""):
                sheet.write(number, column, value)
    workbook.close()
    return path


def make_csv(rows: int) -> Path:
    """The same synthetic ledger as a UTF-8 CSV file, as other systems export it."""
    import csv

    from reportgen.intake.fields import FIELDS
    from reportgen.synthetic import SyntheticCounty

    path = OUT / f"ledger-{rows}.csv"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["示范县疑似失学辍学儿童少年台账"])
        writer.writerow(["填报单位：示范县教育局"])
        writer.writerow([spec.header for spec in FIELDS.values()])
        for case in SyntheticCounty(seed=1).many_cases(rows):
            writer.writerow(["" if case.get(key) is None else case[key] for key in FIELDS])
    partial.rename(path)
    return path


def measure(kind: str, path: Path) -> dict[str, float]:
    """Run one measurement in this process: seconds, rows and peak memory in MB.

    Imports and the profile come before the clock starts: they cost the same for any ledger.
    """
    from openpyxl import load_workbook

    from reportgen.intake.ledger import load_ledger
    from reportgen.synthetic import sample_profile

    profile = sample_profile()
    start = time.perf_counter()
    if kind == "reportgen":
        ledger = load_ledger(path, profile, today=dt.date(2026, 11, 23))
        rows = ledger.rows_read
        assert ledger.ok, ledger.errors[:3]
    elif path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 3
    else:
        sheet = load_workbook(path, read_only=True)["台账"]
        rows = sum(1 for _ in sheet.iter_rows(min_row=4, values_only=True))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "peak_mb": peak_mb()}


def main() -> None:
    args = arguments(__doc__)
    if args.measure:
        print(json.dumps(measure(args.measure, args.path)))
        return
    path = make_csv(args.rows) if args.csv else make_ledger(args.rows)
    baseline = "csv module, rows only" if args.csv else "openpyxl read-only, rows only"
    results = best_of(__file__, ["openpyxl", "reportgen"], path, args.repeat)
    for kind, result in results.items():
        rate = result["rows"] / result["seconds"]
        label = f"{baseline} (baseline)" if kind == "openpyxl" else "reportgen read + validate"
        runs = ", ".join(f"{seconds:.2f}" for seconds in result["runs"])
        print(
            f"{label:<42} {result['rows']:>8.0f} rows  {result['seconds']:6.2f} s  {rate:>8.0f} rows/s  peak {result['peak_mb']:.0f} MB  (best of {runs} s)"
        )
    ours = results["reportgen"]
    ratio = ours["seconds"] / results["openpyxl"]["seconds"]
    print(
        f"{'intake ' + path.suffix[1:]:<42} {ratio:.2f}x the baseline's time  "
        f"{ours['rows'] / ours['seconds']:.0f} rows/s  peak {ours['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
