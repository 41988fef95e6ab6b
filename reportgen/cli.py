"""The ``reportgen`` command: a thin layer that parses options and calls the library.

Every command here loads what it needs and hands it to one library function, so anything the
command line does, Python code can do too. Heavy modules are imported inside the commands, so that
``reportgen --help`` starts at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from reportgen import __version__
from reportgen.console import Commands, friendly
from reportgen.errors import ExitCode, UsageProblem

if TYPE_CHECKING:
    from reportgen.profile import Profile

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    cls=Commands,
    name="reportgen",
    help="控辍保学文书生成：台账校验、逐案文书、案件跟进、三本台账、年度报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PROFILE_FILE = "profile.yaml"
PROFILE_VARIABLE = "REPORTGEN_PROFILE"


class Format(StrEnum):
    """How a command prints what it found: for people, or as JSON for other tools."""

    table = "table"
    json = "json"


def command(
    group: typer.Typer | None = None, name: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command whose failures print as a message and a documented exit code."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        wrapped = friendly(function)
        (group or app).command(name)(wrapped)
        return wrapped

    return register


def _show_version(shown: bool) -> None:
    if shown:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="显示版本号后退出"),
    ] = False,
) -> None:
    """控辍保学文书生成：台账校验、逐案文书、案件跟进、三本台账、年度报告。"""


def _option_date(text: str) -> dt.date:
    """A date option's value, in any form the ledger accepts (2026-11-23, 2026年11月23日…)."""
    from reportgen.intake.text import parse_date

    return parse_date(text)


def _profile_here() -> Path:
    """The profile of the workspace the command runs in: profile.yaml here or in a folder above."""
    found = find_profile(Path.cwd())
    if found is None:
        raise UsageProblem(
            "没有指定县区配置：请用 --profile 给出 profile.yaml，或设置环境变量 "
            f"{PROFILE_VARIABLE}，或在本县工作文件夹（含 profile.yaml）中运行"
        )
    return found


def find_profile(start: Path) -> Path | None:
    """The nearest profile.yaml in ``start`` or one of the folders above it."""
    return next(
        (
            folder / PROFILE_FILE
            for folder in (start, *start.parents)
            if (folder / PROFILE_FILE).is_file()
        ),
        None,
    )


ForceOption = Annotated[bool, typer.Option("--force", help="覆盖已有文件")]
RequiredProfile = Annotated[
    Path,
    typer.Option(
        "--profile",
        "-p",
        envvar=PROFILE_VARIABLE,
        default_factory=_profile_here,
        show_default="当前文件夹或上级文件夹中的 profile.yaml",
        help="县区配置 profile.yaml",
    ),
]
XlsxOut = Annotated[Path | None, typer.Option("--out", help="xlsx 的输出文件")]
ProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        "-p",
        envvar=PROFILE_VARIABLE,
        help="县区配置 profile.yaml；不给则找台账旁的、再找当前文件夹及其上级的 profile.yaml",
    ),
]


@command()
def init(
    directory: Annotated[Path, typer.Argument(help="工作文件夹")],
    county: Annotated[str, typer.Option("--county", help="县（区）名称")],
    force: ForceOption = False,
) -> None:
    """新建一个县区工作文件夹：配置、空白台账、资助名单、适龄儿童名册、统计文件、报告内容和模板文件夹。"""
    from reportgen.workspace import init_workspace

    for path in init_workspace(directory, county, force):
        typer.echo(f"已写入 {path}")


@command()
def validate(
    file: Annotated[Path, typer.Argument(help="台账文件（.xlsx/.xlsm/.xls/.csv/.yaml/.json）")],
    profile: ProfileOption = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="指定工作表")] = None,
    output_format: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
    roster: RosterKind = None,
    mark: Annotated[
        Path | None,
        typer.Option("--mark", help="另存一份 xlsx：出错的格子标红、警告标黄，批注写明怎么改"),
    ] = None,
    force: ForceOption = False,
) -> None:
    """校验台账（或 --roster 指定的名册）：一次列出所有错误和警告。有错误时退出码为 1，无法读取时为 2。"""
    from reportgen.intake.ledger import load_ledger
    from reportgen.intake.rosters import check_roster
    from reportgen.output.marked import mark_problems
    from reportgen.problems import to_json

    county = _profile(profile, file)
    ledger = (
        check_roster(file, county, roster, sheet) if roster else load_ledger(file, county, sheet)
    )
    if mark is not None:
        typer.echo(f"已写入 {mark_problems(file, ledger.problems, mark, force)}", err=True)
    if output_format is Format.json:
        typer.echo(to_json(ledger.problems))
    else:
        for problem in ledger.errors:
            typer.echo(f"错误  {problem}")
        for problem in ledger.warnings:
            typer.echo(f"警告  {problem}")
        typer.echo(ledger.summary())
    if not ledger.ok:
        raise typer.Exit(ExitCode.INVALID_DATA)


@command()
def doctor(
    output_format: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
) -> None:
    """检查本机能否生成 PDF：中文字体、公文字体替代、WeasyPrint 及其依赖库。"""
    from reportgen.doctor import healthy, run_checks
    from reportgen.output.machine import checks_json

    checks = run_checks()
    if output_format is Format.json:
        typer.echo(checks_json(checks, healthy(checks)))
    else:
        for check in checks:
            mark = "✓" if check.passed else ("✗" if check.required else "!")
            typer.echo(f"{mark} {check.name}：{check.detail}")
            if not check.passed and check.fix:
                typer.echo(f"    解决办法：{check.fix}")
    if not healthy(checks):
        raise typer.Exit(ExitCode.ENVIRONMENT)


RosterKind = Annotated[
    str | None,
    typer.Option("--roster", help="subsidy（资助名单）或 enrolment（适龄儿童名册）；不给则为台账"),
]


@command()
def fields(roster: RosterKind = None) -> None:
    """列出台账或名册的字段：字段名、标准列名和可识别的其他写法（用于配置 columns）。"""
    from reportgen.intake.fields import LEDGER, roster_layout

    layout = roster_layout(roster) if roster else LEDGER
    for spec in layout.fields.values():
        required = "（必填）" if spec.key in layout.required else ""
        typer.echo(f"{spec.key:<18}{spec.header}{required}　{'、'.join(spec.aliases)}")


@command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = Path("demo-output"),
    day: Annotated[
        dt.date | None,
        typer.Option("--date", parser=_option_date, help="演示日期，如 2026-11-23；默认今天"),
    ] = None,
    force: ForceOption = False,
    serve: Annotated[
        bool,
        typer.Option("--serve", help="不生成文书，改为在 --out 中建示范县工作文件夹并启动网页"),
    ] = False,
    port: Annotated[int, typer.Option("--port", help="--serve 的端口")] = 8000,
) -> None:
    """用自带的示范县数据演示全部流程；--serve 在浏览器中演示。"""
    from reportgen.demo import run_demo
    from reportgen.intake.text import parse_date

    if serve:
        from reportgen.cli_web import serve_demo

        serve_demo(out, port)
        return

    with _progress_bar() as progress:
        result = run_demo(out, force, parse_date(day) if day else None, progress=progress)
    typer.echo(result.ledger.summary())
    for document, batch in result.batches:
        scope = f"{document.township}，" if document.township else ""
        day = batch.entries[0].issued_on if batch.entries else None
        when = f"（{scope}{day.isoformat()}）" if day else ""
        typer.echo(f"{document.folder}{when}：{batch.documents} 份，写入 {out / document.folder}")
    for path in result.written:
        typer.echo(f"已写入 {path}")


@command()
def notices(
    ledger: Annotated[
        Path, typer.Argument(help="台账文件（subsidy 为资助名单，enrolment 为适龄儿童名册）")
    ],
    profile: RequiredProfile,
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="deadline（限期复学通知书）、penalty（行政处罚决定书）、inquiry（协查函）、"
            "investigation（失联儿童调查报告）、home-teaching（送教上门）、letter、letter-generic"
            "（致家长的一封信）、subsidy（学生资助告知单，读资助名单）、enrolment（入学通知书，读适龄儿童名册）",
        ),
    ] = "deadline",
    formats: Annotated[
        str, typer.Option("--format", help="docx,pdf,html 中的一种或几种")
    ] = "docx,pdf",
    township: Annotated[str | None, typer.Option("--township", help="只生成这个乡镇的")] = None,
    school: Annotated[str | None, typer.Option("--school", help="只生成这个学校的")] = None,
    merge: Annotated[bool, typer.Option("--merge", help="另外合并为一个打印文件")] = False,
    issued_on: Annotated[
        dt.date | None,
        typer.Option("--date", parser=_option_date, help="成文日期，如 2026-11-23；默认今天"),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="跳过有错误的行，生成其余的")
    ] = False,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="指定工作表（如台账工作簿中的适龄儿童名册）")
    ] = None,
    reissue: Annotated[bool, typer.Option("--reissue", help="重新下达（新文号）")] = False,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help="只为这个案件生成：身份证号或台账中的 Excel 行号；可重复"),
    ] = None,
    force: ForceOption = False,
) -> None:
    """按台账逐案生成文书：限期复学通知书、行政处罚决定书、协查函、调查报告、送教上门、家长信等。"""
    from reportgen.casework.register import register_beside
    from reportgen.documents.batch import run_batch
    from reportgen.documents.request import BatchRequest
    from reportgen.profile import load_profile

    county = load_profile(profile)
    request = BatchRequest(
        ledger=ledger,
        profile=county,
        register=register_beside(profile),
        out=out,
        kind=kind,
        formats=tuple(part.strip() for part in formats.split(",") if part.strip()),
        township=township,
        school=school,
        merge=merge,
        force=force,
        reissue=reissue,
        skip_invalid=skip_invalid,
        issued_on=_day(issued_on),
        sheet=sheet,
        cases=tuple(case or ()),
    )
    with _progress_bar() as progress:
        result = run_batch(request, progress)
    for problem in result.skipped:
        typer.echo(f"已跳过  {problem}")
    for group in result.left_out:
        typer.echo(f"未生成  {group}")
    files = [o for o in result.outputs if not o.merged]
    typer.echo(f"共生成 {result.documents} 份，{len(files)} 个文件，写入 {out}")
    if result.entries:
        typer.echo(f"文号：{'；'.join(result.number_ranges())}（共 {len(result.entries)} 个）")
    for output in result.outputs:
        if output.merged:
            typer.echo(f"合并打印文件：{output.path}")
    typer.echo(f"清单：{result.manifest}")


class DueFormat(StrEnum):
    """How ``due`` hands over its list."""

    table = "table"
    json = "json"
    xlsx = "xlsx"


AsOfOption = Annotated[
    dt.date | None,
    typer.Option("--as-of", parser=_option_date, help="按哪一天计算，如 2026-11-23；默认今天"),
]
LedgerOption = Annotated[
    Path | None, typer.Option("--ledger", help="台账文件；默认为县区配置中 ledger 指定的文件")
]


@command()
def due(
    profile: RequiredProfile,
    ledger: LedgerOption = None,
    as_of: AsOfOption = None,
    township: Annotated[str | None, typer.Option("--township", help="只看这个乡镇")] = None,
    officer: Annotated[str | None, typer.Option("--officer", help="只看这个劝返责任人")] = None,
    output_format: Annotated[
        DueFormat, typer.Option("--format", help="table、json 或 xlsx（待办清单工作簿）")
    ] = DueFormat.table,
    out: XlsxOut = None,
    force: ForceOption = False,
) -> None:
    """列出到期和逾期的事项：按乡镇和劝返责任人分组，逾期的在前。"""
    from reportgen.casework.followup import describe, due_list, load_follow_up
    from reportgen.casework.register import register_beside
    from reportgen.intake.text import format_date
    from reportgen.output.worklist import write_worklist
    from reportgen.profile import load_profile

    county = load_profile(profile)
    day = _day(as_of)
    cases, followups = load_follow_up(county, register_beside(profile), day, ledger)
    if not cases.ok:
        typer.echo(
            f"台账有 {len(cases.errors)} 处错误，出错的行未列入；请用 reportgen validate 查看",
            err=True,
        )
    groups = due_list(followups, county, township, officer)
    if output_format is DueFormat.json:
        from reportgen.output.machine import due_json

        typer.echo(due_json(groups, county.county, day, len(cases.errors)))
        return
    items = sum(len(group.items) for group in groups)
    overdue = sum(group.overdue for group in groups)
    if output_format is DueFormat.xlsx:
        target = out or Path(f"待办事项_{county.county}_{day.isoformat()}.xlsx")
        typer.echo(f"已写入 {write_worklist(groups, county.county, day, target, force)}")
    else:
        for group in groups:
            typer.echo(
                f"{group.township}　{group.officer or '（未填责任人）'}"
                f"（{len(group.items)} 件，逾期 {group.overdue} 件）"
            )
            for item in group.items:
                typer.echo(f"  {describe(item)}")
    typer.echo(f"截至 {format_date(day)}：待办 {items} 件，其中逾期 {overdue} 件")


@command()
def ledger(
    file: Annotated[Path, typer.Argument(help="台账文件")],
    profile: RequiredProfile,
    out: Annotated[Path, typer.Option("--out", help="输出的工作簿，如 三本台账.xlsx")],
    as_of: AsOfOption = None,
    township: Annotated[str | None, typer.Option("--township", help="只导出这个乡镇的")] = None,
    force: ForceOption = False,
) -> None:
    """导出三本台账（适龄儿童、疑似辍学学生、辍学学生）、劝返记录和按乡镇的汇总。"""
    from reportgen.casework.register import register_beside
    from reportgen.output.exports import make_ledgers
    from reportgen.profile import load_profile

    day = _day(as_of)
    register = register_beside(profile)
    result = make_ledgers(
        load_profile(profile), register, out, as_of=day, ledger=file, force=force, township=township
    )
    typer.echo("；".join(f"{sheet} {count} 条" for sheet, count in result.counts.items()))
    typer.echo(f"已写入 {result.path}")


from reportgen.cli_register import register_app  # noqa: E402  (it uses the options above)

app.add_typer(register_app, name="register")


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on the terminal; the callback the batch reports to."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
        task = bar.add_task("batch", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _day(day: dt.date | None) -> dt.date:
    """The day an option names, or today."""
    return day or dt.date.today()


def _profile(path: Path | None, ledger: Path) -> Profile:
    """The profile given, else the one beside the ledger or of the workspace, else the defaults."""
    from reportgen.profile import Profile, load_profile

    found = path or find_profile(ledger.parent) or find_profile(Path.cwd())
    return load_profile(found) if found is not None else Profile(county="本县")


def main() -> None:
    """Entry point of the ``reportgen`` script and ``python -m reportgen``."""
    app()


from reportgen import cli_reports, cli_templates, cli_web  # noqa: E402, F401  register their commands
