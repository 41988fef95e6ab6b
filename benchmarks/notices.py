"""Benchmark: 1,000 限期复学通知书, reportgen's paths against the naive ones, in one run.

- DOCX: a new docxtpl DocxTemplate per record (render, save) against reportgen's compiled
  template; both paths' text is compared for every record.
- PDF: WeasyPrint one document per record with a new font configuration each (the naive way; run
  on a sample, it takes seconds a notice) against reportgen's batch: every per-case PDF and the
  merged print file, on both cores; the merged file's text is compared with the per-case files'.
- Start-up: ``reportgen --help``.

Each measurement runs in its own process so that its peak memory is its own.

    .venv/bin/python benchmarks/notices.py [--cases 1000] [--naive-pdf-sample 30] [--rounds 2]
        [--pdf-only]
    .venv/bin/python benchmarks/notices.py --measure docx     # the DOCX paths only
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out" / "notices"
ISSUED = dt.date(2026, 11, 23)


def contexts(count: int) -> list[dict[str, Any]]:
    """The notice contexts of ``count`` synthetic cases, numbered as the register would."""
    from reportgen.casework.cases import Case
    from reportgen.casework.register_entries import Entry
    from reportgen.documents import Subject, kinds
    from reportgen.synthetic import SyntheticCounty, sample_profile

    profile, kind = sample_profile(), kinds()["deadline"]
    found = []
    for number, row in enumerate(SyntheticCounty(seed=3).many_cases(count), 1):
        case = Case(
            row=number + 3,
            **{key: row[key] for key in ("name", "id_number", "gender", "birth_date", "township")},
            category="L",
            status="劝返中",
            school=row["school"],
            grade=3,
            class_name=row["class_name"],
            guardian=row["guardian"] + "&<李>",
            relation=row["relation"],
            phone=row["phone"],
            left_on=row["left_on"],
            household_address=row["household_address"],
            officer=row["officer"],
        )
        entry = Entry(
            "城政控学", 2026, number, "deadline", case.id_number, 1, "", "", "", ISSUED, None
        )
        found.append(kind.build(Subject(profile, ISSUED, case=case, entry=entry)))
    return found


def docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def measure_docx(kind: str, count: int, repeat: int = 1) -> dict[str, Any]:
    """Render ``count`` notices as DOCX one way, ``repeat`` times; the texts are kept for comparison.

    The naive way is docxtpl's: a new DocxTemplate per notice from the Word template that
    ``templates export`` writes, each rendered and saved whole. reportgen's way makes a new
    writer for each batch, so that compiling the template counts in every one. The machine is
    shared, so each way is timed ``repeat`` times and its best batch kept.
    """
    import datetime as dt

    from reportgen.render.docx import DocxWriter, Properties, export_template
    from reportgen.render.templating import docx_environment

    items = contexts(count)
    properties = Properties("限期复学通知书", "城关镇人民政府", dt.date(2026, 11, 23))
    template = export_template("notices/deadline", OUT / "deadline.docx", force=True)
    runs, rendered = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        if kind == "naive":
            from docxtpl import DocxTemplate

            env, rendered = docx_environment(), []
            for context in items:
                document = DocxTemplate(template)
                document.render(context, env, autoescape=True)
                buffer = io.BytesIO()
                document.save(buffer)
                rendered.append(buffer.getvalue())
        else:
            writer = DocxWriter("notices/deadline")
            rendered = [writer.render(context, properties).package for context in items]
        runs.append(time.perf_counter() - start)
    texts = [docx_text(data) for data in rendered]
    return {"seconds": min(runs), "runs": runs, "count": count, "texts": texts, "peak_mb": _peak()}


def measure_pdf(kind: str, count: int) -> dict[str, Any]:
    """Render ``count`` notices as PDF one way.

    ``naive``: WeasyPrint per notice with a new font configuration each; ``reportgen``: the
    batch's per-case PDFs and merged file; ``merged``: the batch's merged file only; ``cff``: as
    ``reportgen``, drawn with the installed CFF fonts instead of their TrueType copies.
    """
    from reportgen.render import pdf
    from reportgen.render.html import HtmlRenderer

    renderer = HtmlRenderer("notices/deadline.html")
    pages = [renderer.render(context) for context in contexts(count)]
    folder = OUT / kind
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if kind == "cff":
        pdf.copies = lambda build: []  # type: ignore[assignment]
    start, cpu = time.perf_counter(), _cpu()
    if kind == "naive":
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        for index, markup in enumerate(pages):
            HTML(string=markup).write_pdf(folder / f"{index}.pdf", font_config=FontConfiguration())
    else:
        targets = [None if kind == "merged" else folder / f"{i}.pdf" for i in range(count)]
        pdf.write_pdfs(list(zip(pages, targets, strict=True)), folder / "merged.pdf", True, folder)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "count": count,
        "peak_mb": _peak(),
        "folder": str(folder),
    }


def measure_fonts(kind: str, count: int) -> dict[str, Any]:
    """Make the TrueType copies of the fonts if missing (once per machine), before any clock."""
    from reportgen.render.truetype import copies

    start = time.perf_counter()
    made = copies(build=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "count": len(made), "peak_mb": _peak()}


def _cpu() -> float:
    """Processor seconds of this process and its finished workers: what the machine's other
    users, taking turns on the same cores, do not add to."""
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _peak() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _run(what: str, kind: str, count: int, repeat: int = 1) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", what, "--kind", kind, "--cases", str(count)]
    done = subprocess.run(
        [*command, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--naive-pdf-sample", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pdf-only", action="store_true")
    parser.add_argument("--measure", choices=["docx", "pdf", "fonts"])
    parser.add_argument("--kind", choices=["naive", "reportgen", "merged", "cff"])
    parser.add_argument("--repeat", type=int, default=3, help="DOCX batches timed per path")
    args = parser.parse_args()
    if args.measure and args.kind:
        found = (
            measure_docx(args.kind, args.cases, args.repeat)
            if args.measure == "docx"
            else {"pdf": measure_pdf, "fonts": measure_fonts}[args.measure](args.kind, args.cases)
        )
        print(json.dumps(found, ensure_ascii=False))
        return
    if not args.pdf_only:
        compare_docx(args.cases, args.repeat)
        if args.measure == "docx":
            return
        measure_start_up()
    fonts = _run("fonts", "reportgen", 0)
    print(f"{'pdf fonts: TrueType copies':<36}{fonts['count']:>6} faces {fonts['seconds']:8.2f} s")
    pdf_rounds(args.cases, args.naive_pdf_sample, args.rounds)


def compare_docx(cases: int, repeat: int) -> None:
    """Both DOCX paths, their text compared; the last line is the speed-up."""
    naive = _run("docx", "naive", cases, repeat)
    ours = _run("docx", "reportgen", cases, repeat)
    assert naive["texts"] == ours["texts"], "the two DOCX paths give different text"
    for label, result in (("docx naive docxtpl loop", naive), ("docx reportgen", ours)):
        per = result["seconds"] / result["count"] * 1000
        runs = ", ".join(f"{seconds:.2f}" for seconds in result["runs"])
        print(
            f"{label:<36}{result['count']:>6} notices {result['seconds']:8.2f} s {per:8.3f} ms/notice  peak {result['peak_mb']:.0f} MB  (best of {runs} s)"
        )
    per = ours["seconds"] / ours["count"] * 1000
    print(
        f"{'docx speed-up':<36}{naive['seconds'] / ours['seconds']:.1f}x  {per:.3f} ms/notice"
        f"  peak {ours['peak_mb']:.0f} MB (same text for all {cases})"
    )


def measure_start_up() -> None:
    """``reportgen --help``, five times."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "reportgen"), "--help"],
            capture_output=True,
            check=True,
        )
        runs.append(time.perf_counter() - start)
    print(f"{'reportgen --help':<36}best {min(runs):.3f} s, median {sorted(runs)[2]:.3f} s of 5")


PDF_WAYS = {
    "naive": "pdf naive (new FontConfiguration)",
    "cff": "pdf per-case + merged, CFF fonts",
    "reportgen": "pdf per-case + merged",
    "merged": "pdf merged only",
}


def pdf_rounds(cases: int, sample: int, rounds: int) -> None:
    """Each PDF way in turn, ``rounds`` times; every round's figures, then the best of each.

    The texts are checked once: the merged file's pages are the per-case files' pages, in every
    way, and drawn with the TrueType copies they are the same as drawn with the CFF fonts.
    """
    best: dict[str, dict[str, Any]] = {}
    for round_ in range(1, rounds + 1):
        for kind, label in PDF_WAYS.items():
            result = _run("pdf", kind, sample if kind == "naive" else cases)
            per, cpu = (result[key] / result["count"] * 1000 for key in ("seconds", "cpu"))
            print(
                f"{label:<36}{result['count']:>6} notices {result['seconds']:8.2f} s "
                f"{per:8.1f} ms/notice (CPU {cpu:.1f} ms)  peak {result['peak_mb']:.0f} MB"
                f"  (round {round_})"
            )
            if kind not in best or result["seconds"] < best[kind]["seconds"]:
                best[kind] = result
            if round_ == 1 and kind != "naive":
                _check_texts(Path(result["folder"]), cases, kind)
    naive = best["naive"]["seconds"] / best["naive"]["count"]
    for kind in ("cff", "reportgen", "merged"):
        ours = best[kind]["seconds"] / best[kind]["count"]
        cpu = best[kind]["cpu"] / best[kind]["count"]
        print(
            f"{'pdf speed-up, ' + PDF_WAYS[kind][4:]:<48}{naive / ours:.1f}x "
            f"({ours * 1000:.1f} ms/notice, CPU {cpu * 1000:.1f} ms, against "
            f"{naive * 1000:.0f}; best of {rounds}; peak {best[kind]['peak_mb']:.0f} MB)"
        )


_TEXTS: dict[str, list[str]] = {}


def _check_texts(folder: Path, cases: int, kind: str) -> None:
    merged = _pdf_text(folder / "merged.pdf").split("\f")[:-1]
    if kind != "merged":
        per_case = [_pdf_text(folder / f"{i}.pdf").split("\f")[:-1] for i in range(cases)]
        assert merged == [page for pages in per_case for page in pages], (
            f"{kind}: merged PDF differs from per-case PDFs"
        )
    first = _TEXTS.setdefault("merged", merged)
    assert merged == first, f"{kind}: merged PDF differs from the other ways'"


if __name__ == "__main__":
    main()
