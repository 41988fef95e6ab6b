"""The ``reportgen register`` commands: the register's documents, their service, voiding, export, import.

Like every command, each only parses its options and calls the library (``casework.service``,
``casework.register_io``); the one thing done here is asking, on a terminal, what a scanned slip
cannot say. ``cli.py`` imports this module after its shared options are defined, and adds the group.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from reportgen.cli import ForceOption, Format, RequiredProfile, _option_date, command
from reportgen.errors import UsageProblem

if TYPE_CHECKING:
    from reportgen.casework.register import Register
    from reportgen.casework.service import Service
    from reportgen.intake.slips import Slip

T = TypeVar("T")

register_app = typer.Typer(
    help="文号登记簿：已下达的文书，送达、作废、导出和导入。", no_args_is_help=True
)


def _option_method(text: str) -> str:
    """A method of service as typed: 直接送达 or just 直接."""
    from reportgen.casework.service import parse_method

    return parse_method(text)


YearOption = Annotated[int | None, typer.Option("--year", help="只看这一年")]
TownshipOption = Annotated[str | None, typer.Option("--township", help="只看这个乡镇")]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="指定工作表")]
DocumentNumber = Annotated[
    str,
    typer.Argument(
        metavar="文号", help="文号，如 城政控学〔2026〕3号（也可写作 城政控学[2026]3号）"
    ),
]


@command(register_app, "list")
def register_list(
    profile: RequiredProfile,
    year: YearOption = None,
    township: TownshipOption = None,
    output_format: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
) -> None:
    """列出登记簿中的文书：文号、种类、受送达人、学生、日期，作废的写明原因，已送达的写明日期和方式。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.register_io import titles
    from reportgen.casework.service import describe
    from reportgen.output.machine import register_json
    from reportgen.profile import load_profile

    records = register_beside(profile).records(("issued", "void"), year, township)
    named = titles(load_profile(profile))
    if output_format is Format.json:
        typer.echo(register_json(records, named))
        return
    for record in records:
        entry = record.entry
        edition = f"（第 {entry.edition} 次下达）" if entry.edition > 1 else ""
        typer.echo(
            f"{entry.document_number}\t{named.get(entry.kind, entry.kind)}{edition}\t"
            f"{entry.township}\t受送达 {entry.recipient}\t学生 {entry.student}\t{entry.issued_on}"
            f"\t{describe(entry)}"
        )
    typer.echo(f"共 {len(records)} 条")


@command(register_app, "void")
def register_void(
    number: DocumentNumber,
    profile: RequiredProfile,
    why: Annotated[str, typer.Option("--why", help="作废原因（必填），如 学生姓名写错")],
) -> None:
    """作废一个文号：文书留在登记簿中并注明原因、时间和作废人，文号不再使用；其文件的清单注明作废。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.service import void

    voided = void(register_beside(profile), number, why)
    entry = voided.entry
    typer.echo(
        f"已作废 {entry.document_number}（{entry.void_reason}）：登记簿保留这个文号，以后不再使用，"
        "也不能再登记送达"
    )
    for manifest in voided.manifests:
        typer.echo(f"清单已注明作废：{manifest}")
    for folder in voided.missing:
        typer.echo(f"文件夹已不在，其中的清单未能注明：{folder}")
    if not voided.manifests and not voided.missing:
        typer.echo("这份文书没有 reportgen 生成的文件（如手工编号后导入的）")


class ExportFormat(StrEnum):
    """What ``register export`` writes: a workbook, or JSON for other systems."""

    xlsx = "xlsx"
    json = "json"


@command(register_app, "export")
def register_export(
    profile: RequiredProfile,
    out: Annotated[Path | None, typer.Option("--out", help="输出的工作簿，如 登记簿.xlsx")] = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="xlsx（工作簿）或 json（输出到屏幕）")
    ] = ExportFormat.xlsx,
    force: ForceOption = False,
) -> None:
    """导出整个登记簿：每份文书（含作废的、生成中断的）及其送达、回函、回执和作废记录。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.register_io import export_register, titles
    from reportgen.output.machine import register_json
    from reportgen.profile import load_profile

    county, register = load_profile(profile), register_beside(profile)
    if output_format is ExportFormat.json:
        typer.echo(register_json(register.records(), titles(county)))
        return
    target = out or Path(f"文号登记簿_{county.county}_{dt.date.today().isoformat()}.xlsx")
    typer.echo(f"已写入 {export_register(register, county, target, force)}")


@command(register_app, "import")
def register_import(
    file: Annotated[Path, typer.Argument(help="手工编号的文书清单（.xlsx/.xls/.csv）")],
    profile: RequiredProfile,
    sheet: SheetOption = None,
) -> None:
    """导入使用 reportgen 之前手工编号的文书，这些案件不会再被编号；有错误或与已有文号冲突的，全部列出、一个也不导入。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.register_io import import_register
    from reportgen.profile import load_profile

    county = load_profile(profile)
    result = import_register(register_beside(profile), file, county, dt.date.today(), sheet)
    for problem in result.warnings:
        typer.echo(f"警告  {problem}")
    typer.echo(f"已导入 {len(result.entries)} 个文号，记为已下达")
    typer.echo(f"以后的编号接着往下：{'、'.join(result.next_numbers)}")


@command(register_app, "served")
def register_served(
    profile: RequiredProfile,
    items: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="文号或图片", help="文号；加 --scan 时为回单的照片或扫描件（也可以是文件夹）"
        ),
    ] = None,
    on: Annotated[
        dt.date | None, typer.Option("--on", parser=_option_date, help="送达日期，如 2026-11-23")
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method", parser=_option_method, help="直接送达、留置送达、邮寄送达或委托送达"
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="送达人")] = "",
    note: Annotated[str, typer.Option("--note", help="备注")] = "",
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="送达回证登记表：文号、送达日期、送达方式、送达人、备注"),
    ] = None,
    scan: Annotated[
        bool, typer.Option("--scan", help="从签收回单的照片或扫描件上的二维码读出文号")
    ] = False,
    again: Annotated[
        bool, typer.Option("--again", help="更正已登记的送达（原记录保留并注明已更正）")
    ] = False,
    sheet: SheetOption = None,
) -> None:
    """登记送达：一个文号、一张送达回证登记表（--from），或签收回单的照片（--scan）；全部登记或一个也不登记。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.register_entries import Event
    from reportgen.casework.register_io import event_name
    from reportgen.casework.service import record, sheet_services, typed_service
    from reportgen.profile import load_profile

    register, today, given = register_beside(profile), dt.date.today(), items or []
    if scan:
        if from_file is not None or not given:
            raise UsageProblem(
                "--scan 后面写回单的照片或扫描件（或它们所在的文件夹），不与 --from 同用"
            )
        images = [Path(item) for item in given]
        services = _scanned(register, images, on=on, method=method, by=by, note=note)
    elif from_file is not None:
        if given:
            raise UsageProblem("用 --from 登记时不再写文号：文号在登记表里")
        services = sheet_services(register, from_file, load_profile(profile), today, sheet)
    else:
        if len(given) != 1 or on is None or not method:
            raise UsageProblem(
                "登记一份文书的送达：reportgen register served 文号 --on 送达日期 --method 送达方式；"
                "多份的用 --from 登记表，或 --scan 回单照片"
            )
        services = [typed_service(register, given[0], Event("served", on, method, by, note))]
    record(register, services, today, again)
    for service in services:
        event = service.event
        typer.echo(
            f"已登记 {service.entry.document_number or service.entry.student}："
            f"{event_name(event.kind)} {event.on} {event.method}".rstrip()
        )
    typer.echo(f"共 {len(services)} 份{'（更正）' if again else ''}")


def _option_answer(text: str) -> str:
    """An answer as typed: its key (statement) or its name (陈述申辩)."""
    from reportgen.casework.service import ANSWERS

    for key, (name, _) in ANSWERS.items():
        if text.strip() in (key, name):
            return key
    shown = "、".join(f"{name}（{key}）" for key, (name, _) in ANSWERS.items())
    raise typer.BadParameter(f"应为：{shown}")


@command(register_app, "record")
def register_record(
    profile: RequiredProfile,
    number: DocumentNumber,
    answer: Annotated[
        str,
        typer.Argument(
            metavar="事项",
            parser=_option_answer,
            help="陈述申辩、缴纳罚款、申请行政复议、提起行政诉讼、回函或回执",
        ),
    ],
    on: Annotated[dt.date, typer.Option("--on", parser=_option_date, help="日期，如 2026-11-23")],
    note: Annotated[str, typer.Option("--note", help="内容，如陈述申辩的理由、缴款单号")] = "",
    by: Annotated[str, typer.Option("--by", help="经办人")] = "",
    again: Annotated[bool, typer.Option("--again", help="更正已登记的记录（原记录保留）")] = False,
) -> None:
    """登记当事人对文书的回应：陈述申辩、缴纳罚款、申请复议或起诉、协查回函；之后的程序按它推进。"""
    from reportgen.casework.register import register_beside
    from reportgen.casework.register_entries import Event
    from reportgen.casework.register_io import event_name
    from reportgen.casework.service import record, typed_service

    register = register_beside(profile)
    service = typed_service(register, number, Event(answer, on, by=by, note=note))
    record(register, [service], dt.date.today(), again)
    typer.echo(f"已登记 {service.entry.document_number}：{event_name(answer)} {on} {note}".rstrip())


def _scanned(
    register: Register,
    images: list[Path],
    *,
    on: dt.date | None,
    method: str | None,
    by: str,
    note: str,
) -> list[Service]:
    """The services the slips in the images record; what an image cannot say is asked or refused."""
    from reportgen.casework.service import lacking, slip_services
    from reportgen.intake.slips import read_slips

    slips = read_slips(images)
    missing = [
        f"  {slip}：需要 {'、'.join(need)}" for slip in slips if (need := lacking(slip, on, method))
    ]
    if missing and not (sys.stdin and sys.stdin.isatty()):
        raise UsageProblem(
            "图片上读不出日期（和送达方式）：请用 --on、--method 给出，或在命令行窗口中运行，逐张询问：\n"
            + "\n".join(missing)
        )
    answers = [_answer(slip, on, method) for slip in slips]
    return slip_services(register, slips, answers, by, note)


def _answer(slip: Slip, on: dt.date | None, method: str | None) -> tuple[dt.date, str]:
    """The day (and method) of one slip: from the options, else asked at the terminal."""
    from reportgen.casework.service import EVENTS, METHODS, lacking, parse_method
    from reportgen.intake.text import parse_date

    if lacking(slip, on, method):
        typer.echo(str(slip))
    day = on or _ask(f"  {EVENTS[slip.kind]}日期（如 2026-11-23）", parse_date)
    if slip.kind != "served":
        return day, ""
    return day, method or _ask(f"  送达方式（{'、'.join(METHODS)}）", parse_method)


def _ask(question: str, parse: Callable[[str], T]) -> T:
    """Ask until the answer reads; a wrong one is told in Chinese and asked again."""
    while True:
        text = typer.prompt(question, prompt_suffix="：")
        try:
            return parse(text)
        except ValueError as error:
            typer.echo(f"  {error}；请重新输入")
