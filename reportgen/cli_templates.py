"""The ``reportgen templates`` commands: list, export, describe and check the document templates.

Each only parses its options and calls ``render.template_tools``; ``cli.py`` imports this module
after its shared options are defined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reportgen.cli import ForceOption, app, command
from reportgen.errors import ExitCode

templates_app = typer.Typer(help="模板：列出、导出、变量说明、检查。", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@command(templates_app, "list")
def templates_list() -> None:
    """列出每种文书的内置模板。"""
    from reportgen.documents import kinds
    from reportgen.render.template_tools import SHARED, builtin_files
    from reportgen.resources import builtin_templates

    root = builtin_templates()
    for kind in kinds().values():
        files = "、".join(str(path.relative_to(root)) for path in builtin_files(kind))
        typer.echo(f"{kind.key:<16}{kind.title}\t{files}")
    typer.echo(f"{'(共用)':<16}版式\t{'、'.join(SHARED)}")


@command(templates_app, "export")
def templates_export(
    kind: Annotated[str, typer.Argument(help="文书种类，如 deadline")],
    to: Annotated[Path, typer.Option("--to", help="本县模板文件夹")],
    fmt: Annotated[
        str, typer.Option("--format", help="docx（用 Word、WPS 修改）或 html（模板源文件）")
    ] = "docx",
    force: ForceOption = False,
) -> None:
    """把内置模板导出到本县模板文件夹，以便修改：默认为 Word 文件，PDF 随之按它生成。"""
    from reportgen.render.template_tools import export

    for path in export(kind, to, force, fmt):
        typer.echo(f"已写入 {path}")


@command(templates_app, "vars")
def templates_vars(kind: Annotated[str, typer.Argument(help="文书种类，如 deadline")]) -> None:
    """列出一种文书提供给模板的全部变量及其含义。"""
    from reportgen.documents import kind_of

    for name, description in kind_of(kind).variables.items():
        typer.echo(f"{name:<28}{description}")


@command(templates_app, "check")
def templates_check(
    path: Annotated[Path, typer.Argument(help="模板文件（.html 或 .docx）")],
    kind: Annotated[str | None, typer.Option("--kind", help="文书种类；不给则按文件名判断")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="修正标签中的全角、中文符号")] = False,
) -> None:
    """检查模板：语法错误、未提供的变量、被 Word 拆开的标签、输入法打出的全角符号。"""
    from reportgen.render.template_tools import check

    findings = check(path, kind, fix)
    for finding in findings:
        typer.echo(str(finding))
    left = [finding for finding in findings if not finding.fixed]
    typer.echo(f"{path.name}：{'没有发现问题' if not findings else f'{len(findings)} 处问题'}")
    if left:
        raise typer.Exit(ExitCode.INVALID_DATA)
