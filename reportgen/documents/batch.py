"""Per-case documents in batches: select, check, number, write aside, place, record.

The order of the steps is what keeps an officer's work, and the register, honest:
1. the ledger is validated and the cases chosen and checked, every problem at once (``selection``);
2. every document is rendered once with a stand-in 文号: its DOCX and its PDF must say the same
   words and the PDF must have a font for every character, or nothing is numbered;
3. 文号 are given as *pending* in one transaction (idempotent per case: a rerun takes them back);
4. the file names, which carry the 文号, are checked against what the folder already holds;
5. every file is written into the batch's staging folder (``output.staging``), the register told
   which files they are, and then all are moved into place and added to ``manifest.json``;
6. only then are the documents *issued*.
A failure at any step gives the numbers back and leaves nothing; a kill at any point leaves what
the next batch (or the same batch run again, with the same numbers) completes or removes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.casework.register_entries import Entry, Request
from reportgen.documents import DocumentKind, LeftOut, Subject
from reportgen.documents.request import BatchRequest
from reportgen.documents.selection import Item, select
from reportgen.errors import ReportgenError, UsageProblem
from reportgen.output.filenames import safe_name
from reportgen.output.manifest import add_to_manifest
from reportgen.output.staging import Staging, leftovers
from reportgen.output.write import refuse_existing
from reportgen.problems import Problem
from reportgen.profile import Profile
from reportgen.render.document import DocumentRenderer
from reportgen.render.docx import Properties, merge_docx
from reportgen.render.pdf import write_pdfs
from reportgen.running import batch_id

FORMATS = ("docx", "pdf", "html")

Progress = Callable[[int, int], None]


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
    entry: int = 0
    """The register's id of the document the file holds (0 for a merged file)."""


@dataclass
class BatchResult:
    """What a batch wrote, what it skipped, and the documents it recorded."""

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
        return [entry.document_number for entry in self.entries if entry.number]

    def number_ranges(self) -> list[str]:
        """The 文号 used, as one range per issuer and year: 城政控学〔2026〕1—12号."""
        groups: dict[tuple[str, int], list[int]] = {}
        for entry in self.entries:
            if entry.number:
                groups.setdefault((entry.issuer, entry.year), []).append(entry.number)
        ranges = []
        for (issuer, year), numbers in groups.items():
            low, high = min(numbers), max(numbers)
            span = f"{low}" if low == high else f"{low}—{high}"
            ranges.append(f"{issuer}〔{year}〕{span}号")
        return ranges


class TextsDiffer(ReportgenError):
    """The DOCX and the PDF of a document would say different things; nothing was written."""


def run_batch(request: BatchRequest, progress: Progress | None = None) -> BatchResult:
    """Make one kind of document for the selected cases; see the module's steps."""
    _check_formats(request.formats)
    selection = select(request)
    kind = selection.kind
    renderer = _renderer(kind, request)
    _refuse_differences(kind, _check_renderings(kind, selection.items, renderer, request))
    batch = batch_id()
    replaceable = leftovers(request.out)
    entries = request.register.number(_requests(kind, selection.items), request.reissue, batch)
    items = [
        replace(item, subject=replace(item.subject, entry=entry))
        for item, entry in zip(selection.items, entries, strict=True)
    ]
    staging = Staging(request.out, batch)
    try:
        targets = _targets(kind, items, request)
        refuse_existing([t for t in targets if t not in replaceable], request.force)
        outputs = _write_all(kind, items, renderer, request, staging=staging, progress=progress)
        request.register.placing(entries, _files(outputs, staging))
        staging.place([o.path for o in outputs], request.force, replaceable)
        manifest = add_to_manifest(request.out, _batch_record(request, batch), _lines(outputs))
        request.register.issue(entries)
    except BaseException:
        for path in staging.placed:
            path.unlink(missing_ok=True)
        request.register.release(entries)
        staging.remove()
        raise
    staging.remove()  # only now: until the documents are issued, its journal tells the next run
    issued = [replace(entry, state="issued") for entry in entries]
    return BatchResult(outputs, selection.skipped, issued, manifest, len(items), selection.left_out)


def differences(request: BatchRequest) -> list[str]:
    """Where the batch's DOCX and PDF texts would part, document by document; nothing is written.

    ``templates check`` asks this of the sample county with a county's own templates.
    """
    checking = replace(request, formats=("docx", "pdf"))
    selection = select(checking)
    renderer = _renderer(selection.kind, checking)
    return _check_renderings(selection.kind, selection.items, renderer, checking)


def _check_formats(formats: tuple[str, ...]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"不支持的格式：{'、'.join(unknown)}；可用：{'、'.join(FORMATS)}")


def _renderer(kind: DocumentKind, request: BatchRequest) -> DocumentRenderer:
    return DocumentRenderer(
        kind.template, request.profile.templates_dir, request.formats, _seals(request.profile)
    )


def _seals(profile: Profile) -> list[Path]:
    """Every seal image the profile names: the townships' and the bureau's."""
    seals = [township.seal for township in profile.townships if township.seal]
    return [*seals, profile.bureau_seal] if profile.bureau_seal else seals


def _check_renderings(
    kind: DocumentKind, items: list[Item], renderer: DocumentRenderer, request: BatchRequest
) -> list[str]:
    """Before any number is given: where a DOCX would not say what its PDF says; no PDF tofu.

    Each document is rendered with a stand-in 文号 (the only thing numbering changes); a county
    Word template and HTML template that word a document differently are found here, naming the
    document, the paragraph and both wordings.
    """
    from reportgen.render.pdf import PdfJob, check_glyphs

    day = request.issued_on
    placeholder = Entry("待编号", day.year, 1, kind.key, "", 1, "", "", "", day, None)
    jobs, found = [], []
    for item in items:
        subject = replace(item.subject, entry=placeholder) if kind.numbered else item.subject
        label = _label(item)
        context = kind.build(subject)
        rendering = renderer.render(context, _properties(kind, subject, context))
        if (difference := rendering.difference()) is not None:
            found.append(f"  {label}：{difference}")
        if "pdf" in request.formats and rendering.html is not None:
            jobs.append(PdfJob(rendering.html, label))
    check_glyphs(jobs)
    return found


def _label(item: Item) -> str:
    subject = item.subject
    return f"第 {item.row} 行 {subject.case.name}" if subject.case else subject.school


def _refuse_differences(kind: DocumentKind, found: list[str]) -> None:
    """Nothing is numbered or written when any document's DOCX and PDF would differ."""
    if found:
        raise TextsDiffer(
            f"{kind.title}的 Word 文件和 PDF 文字不一致（本县的 Word 模板和 HTML 模板措辞不同），"
            "未编号、未生成任何文件：\n"
            + "\n".join(found[:10])
            + (f"\n  ……共 {len(found)} 份" if len(found) > 10 else "")
            + "\n请把两个模板改为相同的措辞，或删去其中一个（只有 Word 模板时，PDF 按 Word 模板生成）。"
        )


def _properties(kind: DocumentKind, subject: Subject, context: dict[str, Any]) -> Properties:
    """What a document says of itself in Word: its title and 文号, who issued it and when."""
    number = subject.entry.document_number if subject.entry else ""
    title = kind.title_for(subject.profile)
    return Properties(f"{title} {number}".strip(), _author(subject, context), subject.issued_on)


def _author(subject: Subject, context: dict[str, Any]) -> str:
    """Who issues a document: its issuer, sender or unit as the kind's context names it."""
    issuer = context.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer["name"])
    return str(context.get("sender") or context.get("unit") or subject.profile.bureau)


def _requests(kind: DocumentKind, items: list[Item]) -> list[Request]:
    """What the register records of each document: numbered by its issuer, or not numbered."""
    requests = []
    for item in items:
        subject, case = item.subject, item.subject.case
        if kind.numbered and kind.issuer is not None:
            issuer = kind.issuer(subject)[1]
        else:
            issuer = _author(subject, kind.build(subject))
        requests.append(
            Request(
                issuer=issuer,
                kind=kind.key,
                case_key=case.key if case else subject.school,
                recipient=kind.recipient(case) if case else "全体家长",
                student=case.name if case else "",
                township=case.township if case else "",
                issued_on=subject.issued_on,
                deadline=kind.deadline(subject) if kind.deadline and case else None,
                numbered=kind.numbered,
            )
        )
    return requests


def _stem(kind: DocumentKind, item: Item) -> str:
    """A document's file name: row, township, child and title, and its 文号 when it has one."""
    subject = item.subject
    title = kind.title_for(subject.profile)
    if subject.case is None:
        return safe_name(subject.school, title)
    case = subject.case
    number = subject.entry.document_number if subject.entry else ""
    return safe_name(case.seq or str(case.row), case.township, case.name, title, number)


def _targets(kind: DocumentKind, items: list[Item], request: BatchRequest) -> list[Path]:
    paths = [
        request.out / f"{_stem(kind, item)}.{fmt}" for item in items for fmt in request.formats
    ]
    if request.merge:
        paths += [
            _merged(kind, items, request, fmt) for fmt in ("pdf", "docx") if fmt in request.formats
        ]
    duplicates = {path for path in paths if paths.count(path) > 1}
    if duplicates:
        raise ReportgenError(
            f"有案件会得到相同的文件名：{'、'.join(sorted(p.name for p in duplicates))}"
        )
    return paths


def _merged(kind: DocumentKind, items: list[Item], request: BatchRequest, fmt: str) -> Path:
    """The merged print file: its scope, and its 文号 range or day, so batches never collide."""
    title = kind.title_for(request.profile)
    scope = request.township or request.school or ("选定案件" if request.cases else "全部")
    numbers = [i.subject.entry.number for i in items if i.subject.entry and i.subject.entry.number]
    span = f"{min(numbers)}至{max(numbers)}号" if numbers else request.issued_on.isoformat()
    return request.out / f"{safe_name(title, scope, span, '合并打印')}.{fmt}"


def _write_all(
    kind: DocumentKind,
    items: list[Item],
    renderer: DocumentRenderer,
    request: BatchRequest,
    *,
    staging: Staging,
    progress: Progress | None,
) -> list[Output]:
    """Every file of the batch, written into the staging folder; the outputs name their targets."""
    outputs: list[Output] = []
    html_pages: list[tuple[str, Path]] = []
    for done, item in enumerate(items, 1):
        subject = item.subject
        context = kind.build(subject)
        entry = subject.entry
        number, entry_id = (entry.document_number, entry.id) if entry else ("", 0)
        rendering = renderer.render(context, _properties(kind, subject, context))
        stem = request.out / _stem(kind, item)
        if "docx" in request.formats and rendering.docx is not None:
            staging.path(stem.with_suffix(".docx")).write_bytes(rendering.docx.package)
            outputs.append(
                Output(
                    kind.key, "docx", stem.with_suffix(".docx"), item.row, number, entry=entry_id
                )
            )
        if rendering.html is not None:
            if "html" in request.formats:
                staging.path(stem.with_suffix(".html")).write_text(rendering.html, encoding="utf-8")
                outputs.append(
                    Output(
                        kind.key,
                        "html",
                        stem.with_suffix(".html"),
                        item.row,
                        number,
                        entry=entry_id,
                    )
                )
            if "pdf" in request.formats:
                html_pages.append((rendering.html, staging.path(stem.with_suffix(".pdf"))))
                outputs.append(
                    Output(
                        kind.key, "pdf", stem.with_suffix(".pdf"), item.row, number, entry=entry_id
                    )
                )
        if progress:
            progress(done, len(items))
    merged_pdf = _merged(kind, items, request, "pdf") if request.merge else None
    if html_pages:
        merged_target = staging.path(merged_pdf) if merged_pdf else None
        roots = request.profile.readable_folders()
        write_pdfs(html_pages, merged_target, True, staging.folder, roots)
        if merged_pdf:
            outputs.append(Output(kind.key, "pdf", merged_pdf, None, "", merged=True))
    if request.merge and "docx" in request.formats:
        merged_docx = _merged(kind, items, request, "docx")
        sources = [staging.path(o.path) for o in outputs if o.format == "docx" and not o.merged]
        merge_docx(sources, staging.path(merged_docx), True)
        outputs.append(Output(kind.key, "docx", merged_docx, None, "", merged=True))
    return outputs


def _files(outputs: list[Output], staging: Staging) -> dict[int, list[tuple[Path, str]]]:
    """Each document's files, with the SHA-256 of what was written, for the register."""
    files: dict[int, list[tuple[Path, str]]] = {}
    for output in outputs:
        if output.entry:
            digest = hashlib.sha256(staging.path(output.path).read_bytes()).hexdigest()
            files.setdefault(output.entry, []).append((output.path, digest))
    return files


def _batch_record(request: BatchRequest, batch: str) -> dict[str, Any]:
    return {
        "batch": batch,
        "kind": request.kind,
        "ledger": str(request.ledger),
        "issued_on": request.issued_on.isoformat(),
    }


def _lines(outputs: list[Output]) -> list[dict[str, Any]]:
    """The manifest's line of each file: kind, format, row, 文号, path and SHA-256."""
    lines = []
    for output in outputs:
        lines.append(
            {
                "kind": output.kind,
                "format": output.format,
                "row": output.row,
                "doc_number": output.doc_number,
                "path": output.path.name,
                "sha256": hashlib.sha256(output.path.read_bytes()).hexdigest(),
                "state": "issued",
            }
        )
    return lines
