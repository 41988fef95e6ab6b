"""The ``reportgen`` command: a thin layer that parses options and calls the library.

Every command here loads what it needs and hands it to one library function, so anything the
command line does, Python code can do too. Heavy modules are imported inside the commands, so that
``reportgen --help`` starts at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from reportgen.errors import ReportgenError

if TYPE_CHECKING:
    from reportgen.profile import Profile

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    help="控辍保学文书生成：台账校验、通知书、报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


class Format(StrEnum):
    """How ``validate`` prints its findings."""

    table = "table"
    json = "json"


def command(function: Callable[P, R]) -> Callable[P, R]:
    """Register a command whose user errors print as a message and exit 2, never a traceback."""

    @functools.wraps(function)
    def friendly(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except ReportgenError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(EXIT_UNREADABLE) from None

    app.command()(friendly)
    return friendly


ProfileOption = Annotated[
    Path | None,
    typer.Option("--profile", "-p", help="县区配置 profile.yaml；不给则找台账旁的 profile.yaml"),
]


@command
def init(
    directory: Annotated[Path, typer.Argument(help="工作文件夹")],
    county: Annotated[str, typer.Option("--county", help="县（区）名称")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
) -> None:
    """新建一个县区工作文件夹：配置、空白台账和模板文件夹。"""
    from reportgen.workspace import init_workspace

    for path in init_workspace(directory, county, force):
        typer.echo(f"已写入 {path}")


@command
def validate(
    file: Annotated[Path, typer.Argument(help="台账文件（.xlsx/.xlsm/.xls/.csv/.yaml/.json）")],
    profile: ProfileOption = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="指定工作表")] = None,
    output_format: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
) -> None:
    """校验台账：一次列出所有错误和警告。有错误时退出码为 1，无法读取时为 2。"""
    from reportgen.ledger import load_ledger
    from reportgen.problems import to_json

    ledger = load_ledger(file, _profile(profile, file), sheet)
    if output_format is Format.json:
        typer.echo(to_json(ledger.problems))
    else:
        for problem in ledger.errors:
            typer.echo(f"错误  {problem}")
        for problem in ledger.warnings:
            typer.echo(f"警告  {problem}")
        typer.echo(ledger.summary())
    if not ledger.ok:
        raise typer.Exit(EXIT_ERRORS)


@command
def doctor() -> None:
    """检查本机能否生成 PDF：中文字体、公文字体替代、WeasyPrint 及其依赖库。"""
    from reportgen.doctor import healthy, run_checks

    checks = run_checks()
    for check in checks:
        mark = "✓" if check.passed else ("✗" if check.required else "!")
        typer.echo(f"{mark} {check.name}：{check.detail}")
        if not check.passed and check.fix:
            typer.echo(f"    解决办法：{check.fix}")
    if not healthy(checks):
        raise typer.Exit(EXIT_ERRORS)


@command
def fields() -> None:
    """列出台账字段：字段名、标准列名和可识别的其他写法（用于配置 columns）。"""
    from reportgen.fields import FIELDS

    for spec in FIELDS.values():
        typer.echo(f"{spec.key:<18}{spec.header}　{'、'.join(spec.aliases)}")


@command
def demo(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹")] = Path("demo-output"),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件")] = False,
) -> None:
    """用自带的示范县数据演示全部流程。"""
    from reportgen.demo import run_demo

    result = run_demo(out, force)
    typer.echo(result.ledger.summary())
    for path in result.written:
        typer.echo(f"已写入 {path}")


def _profile(path: Path | None, ledger: Path) -> Profile:
    """The profile given, else the one beside the ledger, else the national defaults."""
    from reportgen.profile import Profile, load_profile

    if path is not None:
        return load_profile(path)
    beside = ledger.parent / "profile.yaml"
    return load_profile(beside) if beside.is_file() else Profile(county="本县")


def main() -> None:
    """Entry point of the ``reportgen`` script and ``python -m reportgen``."""
    app()
