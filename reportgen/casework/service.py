"""What happens to a document after it is issued: its service (送达), a reply, a receipt, its voiding.

Periods run from the day of service, so the register must hold that day, and hold it truly. Service
is recorded three ways, under the same rules: typed for one document, from a sheet of returned
送达回证, or from photos and scans of the signed slips, whose QR codes name the document
(``render.codes``, read by ``intake.slips``). Whatever the way, a batch of records is checked whole and recorded whole:

- the document must be issued (not void, not a batch still pending);
- the day can be neither before the document was issued nor after today;
- a document is served once; a second record is refused unless it is a correction (``again``),
  which keeps the first, marked corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.casework.register import Register
from reportgen.casework.register_entries import Entry, Event, NotInRegister
from reportgen.documents import kinds
from reportgen.errors import Refused, ReportgenError, UsageProblem
from reportgen.intake.fields import FIELDS, FieldSpec, HeaderMatcher, Layout
from reportgen.intake.read import read_table
from reportgen.intake.slips import Slip
from reportgen.intake.text import CellError, format_date, free_text, parse_date, squeeze
from reportgen.intake.validate import check_table
from reportgen.output.manifest import MANIFEST, mark_void
from reportgen.problems import Problem, Severity, errors
from reportgen.profile import Profile

METHODS = ("直接送达", "留置送达", "邮寄送达", "委托送达", "公告送达")
"""How a document may be served (民事诉讼法), as the register and the 送达回证 write it."""
ANSWERS = {
    "statement": ("陈述申辩", ("prior-notice",)),
    "paid": ("缴纳罚款", ("penalty",)),
    "reconsideration": ("申请行政复议", ("penalty",)),
    "lawsuit": ("提起行政诉讼", ("penalty",)),
    "reply": ("回函", ("inquiry",)),
    "receipt": ("回执", ("letter", "subsidy", "enrolment")),
}
"""What a party may answer to a document, by the kinds it answers: each needs the document served
first, but for a letter's 回执 (letters go home with the child) and a 回函 (its letter went by post),
and moves the procedure on."""
EVENTS = {"served": "送达", **{kind: name for kind, (name, _) in ANSWERS.items()}}
"""What each kind of event is called in messages and in the exported register."""
UNSERVED_ANSWERS = {"receipt", "reply"}
"""Answers to documents that are handed over rather than served."""
STATE_NAMES = {"issued": "已下达", "void": "已作废", "pending": "生成中断", "placing": "生成中断"}
"""What each state of a document is called: pending or placing ones are not issued yet."""


def parse_method(value: object) -> str:
    """A method of service, written in full or without its 送达 (直接, 留置, 邮寄, 委托)."""
    text = squeeze(free_text(value))
    for method in METHODS:
        if text in (method, method.removesuffix("送达")):
            return method
    raise CellError(f"应为送达方式：{'、'.join(METHODS)}")


def parse_document_number_cell(value: object) -> str:
    """A 文号 cell as the register writes it (城政控学〔2026〕3号), however it was typed."""
    from reportgen.casework.register_entries import document_number_text, parse_document_number

    parts = parse_document_number(free_text(value))
    if parts is None:
        raise CellError("应为文号，如 城政控学〔2026〕3号（方括号、圆括号也可以）")
    return document_number_text(*parts)


DOCUMENT_NUMBER = FieldSpec(
    "doc_number",
    "文号",
    ("发文字号", "文书文号", "通知书文号", "文书编号"),
    "the document's 文号",
    parse=parse_document_number_cell,
)
SERVICE_FIELDS = {
    spec.key: spec
    for spec in (
        DOCUMENT_NUMBER,
        FieldSpec(
            "served_on",
            "送达日期",
            ("送达时间", "签收日期", "签收时间"),
            "day of service",
            parse=parse_date,
        ),
        FieldSpec("service_method", "送达方式", ("方式",), "how it was served", parse=parse_method),
        FieldSpec("served_by", "送达人", ("送达人员", "送达人姓名"), "who served it"),
    )
}
"""The service columns of a sheet of returned receipts, and of a register imported."""
RECEIPTS = Layout(
    "receipts",
    "送达回证登记表",
    {"seq": FIELDS["seq"], **SERVICE_FIELDS, "notes": FIELDS["notes"]},
    required=("doc_number", "served_on", "service_method"),
    one_row_each=False,
)


@dataclass(frozen=True)
class Origin:
    """Where a record was read from, so that a refusal names the cell: file, sheet, row, column."""

    file: str
    sheet: str = ""
    row: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    """The column header of each field, as the file writes it."""
    unit: str = "行"
    """How the file's rows are spoken of: 行, or 条记录 in YAML and JSON."""

    def problem(self, key: str, value: str, message: str) -> Problem:
        """A problem at this place, in the column of field ``key``."""
        return Problem(
            Severity.ERROR,
            self.file,
            self.sheet,
            self.row,
            self.headers.get(key, ""),
            value,
            message,
            self.unit,
        )


@dataclass(frozen=True)
class Service:
    """One event to record for one document, and where it was read."""

    entry: Entry
    event: Event
    origin: Origin | None = None


class ServiceRefused(Refused):
    """Records the rules refuse: nothing was recorded; every refusal is listed."""


class SheetInvalid(ReportgenError):
    """A sheet with cells that cannot be read: nothing was recorded; every problem is listed."""


def record(register: Register, services: Sequence[Service], today: dt.date, again: bool) -> None:
    """Record every service, or none when any breaks a rule (checked again under the lock)."""
    if not services:
        raise UsageProblem("没有要登记的送达")

    def check(current: list[Entry]) -> None:
        found = refusals(services, {entry.id: entry for entry in current}, today, again)
        if found:
            raise ServiceRefused(listed("未登记任何一份", found))

    register.record_events(
        [(service.entry, _noted(service, again)) for service in services], check, again
    )


def refusals(
    services: Sequence[Service], current: Mapping[int, Entry], today: dt.date, again: bool
) -> list[str]:
    """What the rules refuse among ``services``, each naming its document and where it was read."""
    found, seen = [], set()
    for service in services:
        entry, event = current.get(service.entry.id, service.entry), service.event
        name = EVENTS.get(event.kind, event.kind)
        key, message = _refusal(entry, event, today, again, name)
        if not message and (entry.id, event.kind) in seen:
            key, message = (
                "doc_number",
                f"{_label(entry)}在这一批中出现了不止一次，{name}只能登记一次",
            )
        seen.add((entry.id, event.kind))
        if message:
            found.append(_place(service, key, message))
    return found


def _refusal(entry: Entry, event: Event, today: dt.date, again: bool, name: str) -> tuple[str, str]:
    """What the rules say of one record: the field at fault and why, or no message."""
    label, day = _label(entry), format_date(event.on)
    unusable = _state_refusal(entry, label, name) or _answer_refusal(entry, event, label, name)
    if unusable:
        return "doc_number", unusable
    if event.on < entry.issued_on:
        issued = format_date(entry.issued_on)
        return "served_on", f"{name}日期 {day} 早于{label}的下达日期 {issued}"
    if event.on > today:
        return "served_on", f"{name}日期 {day} 在今天（{format_date(today)}）之后"
    earlier = entry.last(event.kind)
    if earlier is not None and not again:
        return "doc_number", (
            f"{label}已于 {format_date(earlier.on)} 登记过{name}{_how(earlier)}；"
            "如要更正，请加 --again（原记录保留并注明已更正）"
        )
    return "", ""


def _state_refusal(entry: Entry, label: str, name: str) -> str:
    """Why nothing can be recorded against a document in its state, or nothing."""
    if entry.state == "void":
        return f"{label}已作废（{entry.void_reason}），不能登记{name}"
    if entry.state != "issued":
        return f"{label}生成中断、尚未下达，不能登记{name}；请先重新运行那一批文书"
    return ""


def _answer_refusal(entry: Entry, event: Event, label: str, name: str) -> str:
    """Why an answer cannot be recorded against this document, or nothing."""
    if event.kind not in ANSWERS:
        return ""
    answers = ANSWERS[event.kind][1]
    if entry.kind not in answers:
        titles = "、".join(kinds()[key].title for key in answers if key in kinds())
        return f"{label}不是{titles}，不能登记{name}"
    if event.kind in UNSERVED_ANSWERS:
        return ""
    if entry.served_on is None:
        return f"{label}尚未登记送达，不能登记{name}；请先登记送达（reportgen register served）"
    if event.on < entry.served_on:
        return f"{name}日期 {format_date(event.on)} 早于{label}的送达日期 {format_date(entry.served_on)}"
    return ""


def _noted(service: Service, again: bool) -> Event:
    """The event as recorded: a correction says what it corrects."""
    earlier = service.entry.last(service.event.kind)
    if not again or earlier is None:
        return service.event
    note = f"更正（原登记 {format_date(earlier.on)}{_how(earlier)}）"
    joined = f"{note}；{service.event.note}" if service.event.note else note
    return Event(
        service.event.kind, service.event.on, service.event.method, service.event.by, joined
    )


def _how(event: Event) -> str:
    return f"，{event.method}" if event.method else ""


def _label(entry: Entry) -> str:
    return entry.document_number or f"登记号 {entry.id} 的文书"


def _place(service: Service, key: str, message: str) -> str:
    """A refusal where it was read: the sheet's cell or the photo, or alone when typed."""
    if service.origin is None:
        return message
    return str(service.origin.problem(key, "", message))


def listed(what: str, lines: Sequence[object]) -> str:
    """A refusal of a whole batch: what was not done, and every problem, one a line."""
    if len(lines) == 1:
        return f"{what}：{lines[0]}"
    return f"{what}，有 {len(lines)} 处问题：\n" + "\n".join(f"  {line}" for line in lines)


def typed_service(register: Register, number: str, event: Event) -> Service:
    """The service of one document, its 文号 typed at the keyboard (brackets as the keyboard has)."""
    return Service(register.lookup(number), event)


def sheet_services(
    register: Register, path: Path, profile: Profile, today: dt.date, sheet: str | None = None
) -> list[Service]:
    """The services of a sheet of returned receipts, every cell checked; an error lists them all."""
    table = read_table(path, HeaderMatcher(profile.columns, RECEIPTS.fields), sheet)
    checked = check_table(table, profile, RECEIPTS, today)
    headers = {column.field: column.header for column in table.columns if column.field}
    problems = errors(checked.problems)
    services = []
    for case, values in zip(checked.cases, checked.values, strict=True):
        origin = Origin(str(path), table.sheet, case.row, headers, table.row_unit)
        try:
            entry = register.lookup(values["doc_number"])
        except NotInRegister:
            message = "登记簿中没有这个文号；请核对，或用 reportgen register list 查看"
            problems.append(origin.problem("doc_number", values["doc_number"], message))
            continue
        event = Event(
            "served",
            values["served_on"],
            values["service_method"],
            values.get("served_by", ""),
            case.notes,
        )
        services.append(Service(entry, event, origin))
    if problems:
        raise SheetInvalid(listed(f"{path.name} 未登记任何一份送达", problems))
    return services


@dataclass(frozen=True)
class Voided:
    """A document voided: as the register now holds it, and the manifests that say so."""

    entry: Entry
    manifests: list[Path]
    missing: list[Path]
    """Folders the document was written to that are no longer there (moved, a USB stick)."""


def void(register: Register, number: str, why: str) -> Voided:
    """Void a document: kept in the register with the reason, its files marked in their manifests.

    Its number is never given again (numbering reuses only the numbers of interrupted batches),
    and a void document cannot be served.
    """
    if not why.strip():
        raise UsageProblem("作废文号必须写明原因：--why 原因（如 --why 学生姓名写错，已重新下达）")
    entry = register.lookup(number)
    if not entry.number:
        raise UsageProblem(f"“{number}”是一份没有文号的文书；只有带文号的文书可以作废")
    if entry.state == "void":
        raise Refused(f"{entry.document_number} 已经作废（{entry.void_reason}），不必再作废")
    if entry.state != "issued":
        raise Refused(
            f"{entry.document_number} 生成中断、尚未下达，不能作废；重新运行那一批文书时它会被补齐，"
            "或者把它的文号让给下一份文书"
        )
    voided = register.void(entry.document_number, why)
    folders = sorted({path.parent for path in register.files(voided)})
    marked = [folder / MANIFEST for folder in folders if (folder / MANIFEST).is_file()]
    for manifest in marked:
        mark_void(manifest.parent, voided.document_number, voided.void_reason)
    missing = [folder for folder in folders if not folder.is_dir()]
    return Voided(voided, marked, missing)


def describe(entry: Entry) -> str:
    """A document's state and service in a few words, as ``register list`` shows them."""
    if entry.state == "void":
        return f"已作废：{entry.void_reason}"
    if entry.state != "issued":
        return STATE_NAMES[entry.state]
    served = entry.last("served")
    if served is None:
        return "未送达" if entry.number else "已下达"
    return f"送达 {served.on.isoformat()} {served.method}".rstrip()


def lacking(slip: Slip, on: dt.date | None, method: str | None) -> list[str]:
    """What a slip's image cannot say and the options did not: the day, for service the method."""
    needed = [] if on else [f"{EVENTS[slip.kind]}日期（--on）"]
    return needed + ([] if method or slip.kind != "served" else ["送达方式（--method）"])


def slip_services(
    register: Register,
    slips: Sequence[Slip],
    answers: Sequence[tuple[dt.date, str]],
    by: str = "",
    note: str = "",
) -> list[Service]:
    """The event each slip records, with the day (and method) the image could not say."""
    services, unknown = [], []
    for slip, (on, method) in zip(slips, answers, strict=True):
        try:
            entry = register.lookup(slip.document)
        except NotInRegister:
            unknown.append(f"{slip.image}：二维码上的 {slip.document} 不在这个登记簿中")
            continue
        event = Event(slip.kind, on, method if slip.kind == "served" else "", by, note)
        services.append(Service(entry, event, Origin(str(slip.image))))
    if unknown:
        raise ServiceRefused(listed("未登记任何一份", unknown))
    return services
