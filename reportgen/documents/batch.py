"""Per-case documents in batches: select, check, number, render, write, merge, record.

The order of the steps is what keeps an officer's work safe:
1. the ledger is validated, and with any error nothing is written (unless ``skip_invalid``);
2. the cases are selected and every field the kind needs is checked, all problems at once;
3. every output name is planned and checked against what is already in the folder;
4. the text of every PDF is checked for characters no font can draw;
5. only then are 文号 given out (one transaction for the batch, idempotent per case);
6. each file is written to a temporary name and moved into place, then the merged print files
   and ``manifest.json`` (kind, row, 文号, path, SHA-256 of every file).
A batch stopped at any point leaves no half-written file, and run again gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Ledger
from reportgen.casework.followup import FollowUp, follow_up
from reportgen.casework.register import Entry, Register, Request
from reportgen.documents import DocumentKind, LeftOut, Pool, Subject, kind_of
from reportgen.errors import LedgerInvalid, ReportgenError
from reportgen.intake.fields import FIELDS
from reportgen.intake.ledger import load_ledger
from reportgen.output.filenames import safe_name
from reportgen.output.write import atomic_output, refuse_existing, write_text
from reportgen.problems import Problem, Severity
from reportgen.profile import Profile
from reportgen.render.docx import DocxRenderer, merge_docx
from reportgen.render.html import HtmlRenderer
from reportgen.render.pdf import write_pdfs
from reportgen.render.templating import template_file

FORMATS = ("docx", "pdf", "html")
MANIFEST = "manifest.json"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchRequest:
    """Everything a batch needs to know; the CLI builds one from its options."""

    ledger: Path
    profile: Profile
    register: Register
    out: Path
    kind: str = "deadline"
    formats: tuple[str, ...] = ("docx", "pdf")
    township: str | None = None
    school: str | None = None
    merge: bool = False
    force: bool = False
    reissue: bool = False
    skip_invalid: bool = False
    issued_on: dt.date = field(default_factory=dt.date.today)
    sheet: str | None = None


@dataclass(frozen=True)
class Output:
    """One written file."""

    kind: str
    format: str
    path: Path
    row: int | None
    doc_number: str
    merged: bool = False
    """True for a merged print file holding every document of the batch."""


@dataclass
class BatchResult:
    """What a batch wrote, what it skipped, and the 文号 it used."""

    outputs: list[Output]
    skipped: list[Problem]
    entries: list[Entry]
    manifest: Path
    documents: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    """Rows of a roster the kind's selection left out, by reason (children not six, say)."""

    @property
    def numbers(self) -> list[str]:
        """The 文号 of the batch's documents, in ledger order."""
        return [entry.document_number for entry in self.entries]

    def number_ranges(self) -> list[str]:
        """The 文号 used, as one range per issuer and year: 城政控学〔2026〕1—12号."""
        groups: dict[tuple[str, int], list[int]] = {}
        for entry in self.entries:
            groups.setdefault((entry.issuer, entry.year), []).append(entry.number)
        ranges = []
        for (issuer, year), numbers in groups.items():
            low, high = min(numbers), max(numbers)
            span = f"{low}" if low == high else f"{low}—{high}"
            ranges.append(f"{issuer}〔{year}〕{span}号")
        return ranges


@dataclass(frozen=True)
class _Item:
    subject: Subject
    stem: str
    row: int | None


def _within(items: list[FollowUp], township: str | None, school: str | None) -> list[FollowUp]:
    """The cases of a township and of a school, when they are given."""
    return [
        item
        for item in items
        if (not township or item.case.township == township)
        and (not school or item.case.school == school)
    ]


def run_batch(request: BatchRequest, progress: Progress | None = None) -> BatchResult:
    """Make one kind of document for the selected cases; see the module's steps."""
    kind = kind_of(request.kind)
    if kind.check_profile:
        kind.check_profile(request.profile)
    unknown = [f for f in request.formats if f not in FORMATS]
    if unknown:
        raise ReportgenError(f"不支持的格式：{'、'.join(unknown)}；可用：{'、'.join(FORMATS)}")
    if kind.load:
        ledger, records = kind.load(
            request.ledger, request.profile, request.issued_on, request.sheet
        )
    else:
        ledger = load_ledger(request.ledger, request.profile, request.sheet, request.issued_on)
        records = {}
    if ledger.errors and not request.skip_invalid:
        raise LedgerInvalid(ledger.errors)
    followups = follow_up(ledger, request.register.entries(), request.profile, request.issued_on)
    pool = Pool(request.profile, followups, request.issued_on, request.reissue)
    chosen = kind.select(pool)
    within = replace(pool, followups=_within(followups, request.township, request.school))
    left_out = kind.left_out(within) if kind.left_out else []
    chosen, missing = _complete(_within(chosen, request.township, request.school), kind, ledger)
    if missing and not request.skip_invalid:
        raise LedgerInvalid(missing)
    items = _items(kind, chosen, request, records)
    if not items:
        raise ReportgenError(f"没有符合条件的案件（{kind.selection}，并符合乡镇、学校筛选）")
    targets = _targets(items, request)
    refuse_existing([*targets, request.out / MANIFEST], request.force)
    renderers = _renderers(kind, request)
    if "pdf" in request.formats:
        _check_pdf_text(kind, items, renderers["html"])
    items = _numbered(kind, items, request)
    outputs = _write_all(kind, items, renderers, request, progress)
    manifest = _write_manifest(request.out / MANIFEST, outputs, request)
    entries = [item.subject.entry for item in items if item.subject.entry]
    return BatchResult(outputs, ledger.errors + missing, entries, manifest, len(items), left_out)


def _complete(
    chosen: list[FollowUp], kind: DocumentKind, ledger: Ledger
) -> tuple[list[FollowUp], list[Problem]]:
    """Cases that have everything the kind needs, and a problem for each thing missing."""
    problems, complete = [], []
    for item in chosen:
        lacking = [
            (FIELDS[key].header, f"生成{kind.title}需要填写“{FIELDS[key].header}”")
            for key in kind.required_fields
            if not getattr(item.case, key)
        ]
        if kind.check_case and (message := kind.check_case(item)):
            lacking.append(("", message))
        problems += [
            Problem(Severity.ERROR, str(ledger.path), ledger.sheet, item.case.row, header, "", text)
            for header, text in lacking
        ]
        if not lacking:
            complete.append(item)
    return complete, problems


def _items(
    kind: DocumentKind,
    chosen: list[FollowUp],
    request: BatchRequest,
    records: dict[str, tuple[Any, ...]],
) -> list[_Item]:
    if kind.key == "letter-generic":
        schools = list(dict.fromkeys(item.case.school for item in chosen))
        return [
            _Item(
                Subject(request.profile, request.issued_on, school=school),
                safe_name(school, kind.title),
                None,
            )
            for school in schools
        ]
    return [
        _Item(
            Subject(
                request.profile,
                request.issued_on,
                case=item.case,
                follow=item,
                records=records.get(item.case.key, ()),
            ),
            safe_name(
                item.case.seq or str(item.case.row), item.case.township, item.case.name, kind.title
            ),
            item.case.row,
        )
        for item in chosen
    ]


def _targets(items: list[_Item], request: BatchRequest) -> list[Path]:
    paths = [request.out / f"{item.stem}.{fmt}" for item in items for fmt in request.formats]
    if request.merge:
        paths += [_merged(request, fmt) for fmt in ("pdf", "docx") if fmt in request.formats]
    duplicates = {path for path in paths if paths.count(path) > 1}
    if duplicates:
        raise ReportgenError(
            f"有案件会得到相同的文件名：{'、'.join(sorted(p.name for p in duplicates))}"
        )
    return paths


def _merged(request: BatchRequest, fmt: str) -> Path:
    title = kind_of(request.kind).title
    scope = request.township or request.school or "全部"
    return request.out / f"{safe_name(title, scope, '合并打印')}.{fmt}"


def _renderers(kind: DocumentKind, request: BatchRequest) -> dict[str, Any]:
    overrides = request.profile.templates_dir
    renderers: dict[str, Any] = {}
    if {"pdf", "html"} & set(request.formats):
        renderers["html"] = HtmlRenderer(f"{kind.template}.html", overrides)
    if "docx" in request.formats:
        renderers["docx"] = DocxRenderer(
            template_file(overrides, f"{kind.template}.docx"), overrides, _seals(request.profile)
        )
    return renderers


def _seals(profile: Profile) -> list[Path]:
    """Every seal image the profile names: the townships' and the bureau's."""
    seals = [township.seal for township in profile.townships if township.seal]
    return [*seals, profile.bureau_seal] if profile.bureau_seal else seals


def _check_pdf_text(kind: DocumentKind, items: list[_Item], renderer: HtmlRenderer) -> None:
    """Refuse before any number is given when a PDF would show empty boxes."""
    from reportgen.render.pdf import PdfJob, check_glyphs

    placeholder = Entry("", 0, 0, kind.key, "", 1, "", "", "", dt.date.min, None)
    jobs = []
    for item in items:
        subject = item.subject
        if kind.numbered:
            subject = replace(subject, entry=placeholder)
        label = f"第 {item.row} 行 {subject.case.name}" if subject.case else item.stem
        jobs.append(PdfJob(renderer.render(kind.build(subject)), label))
    check_glyphs(jobs)


def _numbered(kind: DocumentKind, items: list[_Item], request: BatchRequest) -> list[_Item]:
    """Give every item of a numbered kind its 文号, all in one transaction."""
    if not kind.numbered or kind.issuer is None:
        return items
    requests = []
    for item in items:
        case = item.subject.case
        assert case is not None
        requests.append(
            Request(
                issuer=kind.issuer(item.subject)[1],
                kind=kind.key,
                case_key=case.key,
                recipient=kind.recipient(case),
                student=case.name,
                township=case.township,
                issued_on=request.issued_on,
                deadline=kind.deadline(item.subject) if kind.deadline else None,
            )
        )
    entries = request.register.number(requests, request.reissue)
    return [
        replace(item, subject=replace(item.subject, entry=entry))
        for item, entry in zip(items, entries, strict=True)
    ]


def _write_all(
    kind: DocumentKind,
    items: list[_Item],
    renderers: dict[str, Any],
    request: BatchRequest,
    progress: Progress | None,
) -> list[Output]:
    outputs: list[Output] = []
    html_pages: list[tuple[str, Path]] = []
    total = len(items)
    for done, item in enumerate(items, 1):
        context = kind.build(item.subject)
        number = item.subject.entry.document_number if item.subject.entry else ""
        if "docx" in renderers:
            target = request.out / f"{item.stem}.docx"
            with atomic_output(target, request.force) as temporary:
                temporary.write_bytes(renderers["docx"].render(context))
            outputs.append(Output(kind.key, "docx", target, item.row, number))
        if "html" in renderers:
            markup = renderers["html"].render(context)
            if "html" in request.formats:
                target = write_text(request.out / f"{item.stem}.html", markup, request.force)
                outputs.append(Output(kind.key, "html", target, item.row, number))
            if "pdf" in request.formats:
                html_pages.append((markup, request.out / f"{item.stem}.pdf"))
                outputs.append(
                    Output(kind.key, "pdf", request.out / f"{item.stem}.pdf", item.row, number)
                )
        if progress:
            progress(done, total)
    merged_pdf = _merged(request, "pdf") if request.merge else None
    if html_pages:
        write_pdfs(html_pages, merged_pdf, request.force, base_url=request.out)
        if merged_pdf:
            outputs.append(Output(kind.key, "pdf", merged_pdf, None, "", merged=True))
    if request.merge and "docx" in request.formats:
        merged_docx = _merged(request, "docx")
        sources = [o.path for o in outputs if o.format == "docx" and not o.merged]
        merge_docx(sources, merged_docx, request.force)
        outputs.append(Output(kind.key, "docx", merged_docx, None, "", merged=True))
    return outputs


def _write_manifest(path: Path, outputs: list[Output], request: BatchRequest) -> Path:
    files = [
        {
            "kind": output.kind,
            "format": output.format,
            "row": output.row,
            "doc_number": output.doc_number,
            "path": output.path.relative_to(request.out).as_posix(),
            "sha256": hashlib.sha256(output.path.read_bytes()).hexdigest(),
        }
        for output in outputs
    ]
    document = {
        "ledger": str(request.ledger),
        "issued_on": request.issued_on.isoformat(),
        "files": files,
    }
    return write_text(
        path, json.dumps(document, ensure_ascii=False, indent=2) + "\n", request.force
    )
