"""The ``reportgen stats`` and ``reportgen report`` commands: the annual reports and their figures.

Each only parses its options and calls ``reports``; ``cli.py`` imports this module after its
shared options are defined.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli import ForceOption, RequiredProfile, XlsxOut, _option_date, command

CasesOption = Annotated[Path, typer.Option("--cases", help="台账文件")]
StatsOption = Annotated[Path, typer.Option("--stats", help="统计文件（YAML）")]
YearOption = Annotated[int | None, typer.Option("--year", help="学年（秋季年份）；默认最近一年")]
RosterOption = Annotated[
    Path | None, typer.Option("--roster", help="资助名单（每笔一行）；不给则用统计文件中的资助数")
]


class StatsFormat(StrEnum):
    """How ``stats`` shows its figures."""

    table = "table"
    json = "json"
    xlsx = "xlsx"


@command()
def stats(
    cases: CasesOption,
    stats_file: StatsOption,
    profile: RequiredProfile,
    year: YearOption = None,
    roster: RosterOption = None,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", help="table、json 或 xlsx")
    ] = StatsFormat.table,
    out: XlsxOut = None,
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--date", parser=_option_date, help="按哪一天计算（报告的成文日期）；默认今天"
        ),
    ] = None,
    for_kind: Annotated[
        str,
        typer.Option(
            "--for", help="按哪种报告的学年和日期规则：self-inspection、summary 或 work-plan"
        ),
    ] = "self-inspection",
    force: ForceOption = False,
) -> None:
    """列出报告中的每一个数字及其来源，供写报告前核对。"""
    from reportgen.casework.register import register_beside
    from reportgen.profile import load_profile
    from reportgen.reports.figures import figures_json, write_figures_xlsx
    from reportgen.reports.inputs import ReportInputs, load_statistics

    register = register_beside(profile)
    inputs = ReportInputs(cases, stats_file, load_profile(profile), year, roster, register=register)
    figures = load_statistics(inputs, for_kind, on).statistics.figures
    if output_format is StatsFormat.json:
        typer.echo(figures_json(figures))
    elif output_format is StatsFormat.xlsx:
        target = out or Path(f"统计数字_{inputs.profile.county}.xlsx")
        typer.echo(f"已写入 {write_figures_xlsx(figures, target, force)}")
    else:
        for figure in figures:
            typer.echo(f"{figure.label}\t{figure.shown}\t{figure.source}")


@command()
def report(
    kind: Annotated[
        str,
        typer.Argument(
            help="self-inspection（自查报告）、work-plan（工作方案）或 summary（工作总结）"
        ),
    ],
    cases: CasesOption,
    stats_file: StatsOption,
    profile: RequiredProfile,
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")],
    year: YearOption = None,
    roster: RosterOption = None,
    content: Annotated[
        Path | None, typer.Option("--content", help="报告内容文件；默认用内置内容")
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="docx,html,pdf 中的一种或几种")
    ] = "docx,pdf",
    issued_on: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            parser=_option_date,
            help="成文日期：须在报告的学年内；自查报告、工作总结默认今天（今天在该学年内时），工作方案默认所规划学年的9月1日",
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """生成年度报告：自查报告、工作方案或工作总结，数字全部由数据计算。"""
    from reportgen.casework.register import register_beside
    from reportgen.profile import load_profile
    from reportgen.reports import make_report
    from reportgen.reports.inputs import ReportInputs

    register = register_beside(profile)
    inputs = ReportInputs(
        cases, stats_file, load_profile(profile), year, roster, content, register=register
    )
    written = make_report(
        kind,
        inputs,
        out,
        formats=tuple(part.strip() for part in formats.split(",") if part.strip()),
        force=force,
        issued_on=issued_on,
    )
    for path in written:
        typer.echo(f"已写入 {path}")
