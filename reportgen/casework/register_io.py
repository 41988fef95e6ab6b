"""The register in and out: exported for an inspector, and numbers issued by hand taken in.

The export (``reportgen register export``) holds every document the register knows, in any state,
with its service, replies and voiding, and every event on a sheet of its own: what an inspector or
a court asks to see of a county's case files. Every cell is data (``output.sheets``).

The import (``reportgen register import``) takes the 文号 a county issued by hand before it used
reportgen, so that those cases are not numbered again and the series continues after them. The
file is read and checked as a ledger is (header variants, title rows, xlsx or csv, every bad cell
named); each number must be the one reportgen would give that case's document (issuer and year);
a number the register already holds is a conflict; nothing is recorded unless everything is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.casework.cases import Case
from reportgen.casework.register import Register
from reportgen.casework.register_entries import (
    CORRECTED,
    STATES,
    Entry,
    Event,
    Logged,
    Record,
    Request,
    parse_document_number,
)
from reportgen.casework.service import (
    EVENTS,
    SERVICE_FIELDS,
    STATE_NAMES,
    Origin,
    SheetInvalid,
    listed,
)
from reportgen.documents import Subject, kind_of, kinds
from reportgen.errors import Refused, ReportgenError
from reportgen.intake.fields import FIELDS, FieldSpec, HeaderMatcher, Layout
from reportgen.intake.read import read_table
from reportgen.intake.text import CellError, format_date, free_text, parse_date, squeeze
from reportgen.intake.validate import check_table
from reportgen.output.sheets import SheetColumn, workbook_at, write_table
from reportgen.problems import Problem, errors, warnings
from reportgen.profile import Profile

DOCUMENT_COLUMNS = (
    SheetColumn("文书种类", 16),
    SheetColumn("发文机关代字", 12),
    SheetColumn("文号", 22),
    SheetColumn("第几次下达", 8),
    SheetColumn("身份证号", 22, text=True),
    SheetColumn("学生姓名", 10),
    SheetColumn("受送达人", 16),
    SheetColumn("乡镇", 10),
    SheetColumn("下达日期", 12),
    SheetColumn("期限", 12),
    SheetColumn("状态", 10),
    SheetColumn("作废原因", 24),
    SheetColumn("作废时间", 19),
    SheetColumn("作废人", 10),
    SheetColumn("送达日期", 12),
    SheetColumn("送达方式", 10),
    SheetColumn("送达人", 10),
    SheetColumn("回函、回执日期", 14),
    SheetColumn("来源", 10),
    SheetColumn("登记时间", 19),
    SheetColumn("登记人", 10),
)
EVENT_COLUMNS = (
    SheetColumn("文号", 22),
    SheetColumn("文书种类", 16),
    SheetColumn("学生姓名", 10),
    SheetColumn("事项", 14),
    SheetColumn("日期", 12),
    SheetColumn("方式", 10),
    SheetColumn("经办人", 10),
    SheetColumn("备注", 30),
    SheetColumn("登记时间", 19),
    SheetColumn("登记人", 10),
)
SOURCES = {"reportgen": "reportgen 生成", "import": "手工编号导入"}


def titles(profile: Profile) -> dict[str, str]:
    """Each document kind's title as the county names it."""
    return {key: kind.title_for(profile) for key, kind in kinds().items()}


def export_register(
    register: Register, profile: Profile, target: Path, force: bool = False
) -> Path:
    """The whole register as a workbook: one sheet of documents, one of their events."""
    records = register.records()
    named = titles(profile)
    events = [(record, logged) for record in records for logged in record.log]
    heading = f"{profile.county}文号登记簿（导出于 {format_date(dt.date.today())}）"
    with workbook_at(target, force) as workbook:
        rows = (_document_row(record, named) for record in records)
        write_table(workbook, "文书", DOCUMENT_COLUMNS, rows, heading=heading, count=len(records))
        lines = (_event_row(record, logged, named) for record, logged in events)
        write_table(workbook, "送达和回复", EVENT_COLUMNS, lines, count=len(events))
    return target


def _document_row(record: Record, named: dict[str, str]) -> list[Any]:
    entry = record.entry
    served = entry.last("served")
    answered = [e.on for e in entry.events if e.kind in ("reply", "receipt")]
    return [
        named.get(entry.kind, entry.kind),
        entry.issuer,
        entry.document_number or None,
        entry.edition,
        entry.case_key,
        entry.student,
        entry.recipient,
        entry.township,
        entry.issued_on,
        entry.deadline,
        STATE_NAMES.get(entry.state, entry.state),
        entry.void_reason or None,
        _time(record.voided_at),
        record.voided_by or None,
        served.on if served else None,
        (served.method or None) if served else None,
        (served.by or None) if served else None,
        max(answered) if answered else None,
        SOURCES.get(record.source, record.source),
        _time(record.recorded_at),
        record.recorded_by or None,
    ]


def _event_row(record: Record, logged: Logged, named: dict[str, str]) -> list[Any]:
    entry, event = record.entry, logged.event
    return [
        entry.document_number or f"登记号 {entry.id}",
        named.get(entry.kind, entry.kind),
        entry.student,
        event_name(event.kind),
        event.on,
        event.method or None,
        event.by or None,
        event.note or None,
        _time(logged.recorded_at),
        logged.recorded_by or None,
    ]


def event_name(kind: str) -> str:
    """An event's kind in words: 送达, 回函, 回执; a corrected one says so."""
    if kind.startswith(CORRECTED):
        return f"{event_name(kind.removeprefix(CORRECTED))}（已更正）"
    return EVENTS.get(kind, kind)


def _time(stamp: str) -> str | None:
    """A recorded moment as people read it: 2026-11-23 10:05:00."""
    return stamp.replace("T", " ") if stamp else None


IMPORT_FIELDS: dict[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FIELDS["seq"],
        SERVICE_FIELDS["doc_number"],
        FieldSpec(
            "doc_kind", "文书种类", ("文书名称", "文书类型", "文书", "种类"), "document kind"
        ),
        FIELDS["id_number"],
        FIELDS["name"],
        FieldSpec(
            "recipient",
            "受送达人",
            ("受送达人姓名", "监护人", "监护人姓名", "家长", "家长姓名", "收件人", "收函机关"),
            "to whom the document was addressed",
        ),
        FIELDS["township"],
        FieldSpec(
            "issued_on",
            "下达日期",
            ("成文日期", "发文日期", "下达时间", "印发日期"),
            "day the document was issued",
            parse=parse_date,
        ),
        FieldSpec(
            "deadline",
            "期限",
            ("期限日期", "复学期限", "截止日期", "回函期限"),
            "the day the recipient had to act by",
            parse=parse_date,
        ),
        SERVICE_FIELDS["served_on"],
        SERVICE_FIELDS["service_method"],
        SERVICE_FIELDS["served_by"],
        FIELDS["notes"],
    )
}
REQUIRED = ("doc_number", "doc_kind", "id_number", "name", "recipient", "township", "issued_on")


def import_layout(profile: Profile) -> Layout:
    """The layout of a file of hand-issued numbers; its kinds are read by the county's names."""
    kind = IMPORT_FIELDS["doc_kind"]
    fields = {
        **IMPORT_FIELDS,
        "doc_kind": FieldSpec(
            kind.key, kind.header, kind.aliases, kind.description, _kind_parser(profile)
        ),
    }
    return Layout("register", "文号登记导入表", fields, REQUIRED, one_row_each=False)


def _kind_parser(profile: Profile) -> Callable[[Any], str]:
    """A kind of numbered document by its key (deadline), its title, or the county's title for it."""
    numbered = {key: kind for key, kind in kinds().items() if kind.numbered}
    names = {
        squeeze(name): key
        for key, kind in numbered.items()
        for name in (key, kind.title, kind.title_for(profile))
    }

    def parse(value: object) -> str:
        text = squeeze(free_text(value))
        if text in names:
            return names[text]
        shown = "、".join(f"{kind.title_for(profile)}（{key}）" for key, kind in numbered.items())
        raise CellError(f"应为有文号的文书种类：{shown}")

    return parse


@dataclass(frozen=True)
class Imported:
    """What an import recorded, the warnings about its file, and where each series goes on."""

    entries: list[Entry]
    warnings: list[Problem]
    next_numbers: list[str]
    """The next 文号 of each issuer and year the import touched: after the highest of any state."""


class NumbersTaken(Refused):
    """Numbers of an import that the register already holds: nothing was imported."""


def import_register(
    register: Register, path: Path, profile: Profile, today: dt.date, sheet: str | None = None
) -> Imported:
    """Record the hand-issued numbers of a file as issued, all or none (see the module)."""
    layout = import_layout(profile)
    table = read_table(path, HeaderMatcher(profile.columns, layout.fields), sheet)
    checked = check_table(table, profile, layout, today)
    headers = {column.field: column.header for column in table.columns if column.field}
    problems = errors(checked.problems)
    documents, origins = [], []
    rows = _Rows(profile, today)
    for case, values in zip(checked.cases, checked.values, strict=True):
        origin = Origin(str(path), table.sheet, case.row, headers, table.row_unit)
        found = rows.problems(case, values, origin)
        if found:
            problems += found
            continue
        documents.append(_document(case, values))
        origins.append(origin)
    if problems:
        raise SheetInvalid(listed(f"{path.name} 未导入任何文号", problems))

    def refuse(taken: list[tuple[int, Entry]]) -> None:
        if taken:
            lines = [_conflict(origins[position], entry, profile) for position, entry in taken]
            raise NumbersTaken(
                f"{path.name} 未导入任何文号：有 {len(lines)} 个文号登记簿中已有"
                "（如果就是上次导入的，不必再导入）：\n" + "\n".join(f"  {line}" for line in lines)
            )

    entries = register.enter(documents, refuse)
    return Imported(entries, warnings(checked.problems), _next_numbers(register, entries))


def _next_numbers(register: Register, entries: list[Entry]) -> list[str]:
    held = register.entries(states=STATES)
    series = sorted({(entry.issuer, entry.year) for entry in entries})
    return [
        f"{issuer}〔{year}〕"
        f"{max(e.number or 0 for e in held if (e.issuer, e.year) == (issuer, year)) + 1}号"
        for issuer, year in series
    ]


@dataclass
class _Rows:
    """The checks of a file's clean rows against each other, the county's profile and the calendar."""

    profile: Profile
    today: dt.date
    seen: dict[str, int] = field(default_factory=dict)
    """The row each 文号 was first seen on."""

    def problems(self, case: Case, values: dict[str, Any], origin: Origin) -> list[Problem]:
        """What one clean row still cannot be: a number not reportgen's for it, dates out of order."""
        found: list[Problem] = []
        number, issued = values["doc_number"], values["issued_on"]
        issuer, year, _ = parse_document_number(number) or ("", 0, 0)

        def refuse(key: str, message: str) -> None:
            found.append(origin.problem(key, "", message))

        if number in self.seen:
            first = f"第 {self.seen[number]} {origin.unit}"
            refuse("doc_number", f"{number} 与{first}的文号相同")
        self.seen.setdefault(number, case.row)
        if year != issued.year:
            refuse("doc_number", f"{number} 的年份与下达日期 {format_date(issued)} 不是同一年")
        expected = _issuer(values["doc_kind"], case, issued, self.profile)
        if expected and expected != issuer:
            refuse("doc_number", f"{number}：按县区配置，这份文书的机关代字应为“{expected}”")
        if issued > self.today:
            refuse("issued_on", f"下达日期 {format_date(issued)} 在今天之后")
        deadline, served = values.get("deadline"), values.get("served_on")
        if deadline and deadline < issued:
            refuse("deadline", f"期限 {format_date(deadline)} 早于下达日期")
        if served and not issued <= served <= self.today:
            refuse("served_on", f"送达日期 {format_date(served)} 应在下达日期和今天之间")
        if bool(served) != bool(values.get("service_method")):
            missing = "送达方式" if served else "送达日期"
            refuse("service_method" if served else "served_on", f"有送达记录时，{missing}也要填")
        return found


def _issuer(kind: str, case: Case, issued: dt.date, profile: Profile) -> str:
    """The abbreviation reportgen numbers this case's document of ``kind`` under."""
    chosen = kind_of(kind)
    assert chosen.issuer is not None
    try:
        return chosen.issuer(Subject(profile, issued, case=case))[1]
    except ReportgenError:
        return ""  # the profile cannot say; the number is taken as written


def _document(case: Case, values: dict[str, Any]) -> tuple[Request, int, list[Event]]:
    issuer, _, number = parse_document_number(values["doc_number"]) or ("", 0, 0)
    request = Request(
        issuer,
        values["doc_kind"],
        case.key,
        values["recipient"],
        case.name,
        case.township,
        values["issued_on"],
        values.get("deadline") or None,
    )
    served = values.get("served_on")
    events = (
        [Event("served", served, values["service_method"], values.get("served_by", ""), case.notes)]
        if served
        else []
    )
    return request, number, events


def _conflict(origin: Origin, entry: Entry, profile: Profile) -> str:
    held = (
        f"{titles(profile).get(entry.kind, entry.kind)}，学生 {entry.student}，"
        f"{format_date(entry.issued_on)} 下达，{STATE_NAMES.get(entry.state, entry.state)}"
    )
    return str(origin.problem("doc_number", entry.document_number, f"登记簿中已有（{held}）"))
