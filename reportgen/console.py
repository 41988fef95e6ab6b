"""How the ``reportgen`` command fails: a message in Chinese and a documented exit code, always.

Two places catch what goes wrong. :func:`friendly` wraps every command, so errors of the library
(each carrying its :class:`~reportgen.errors.ExitCode`), operating-system errors and Ctrl-C become
a message. :class:`Commands`, the top-level command group, catches what the command-line parser
rejects before any command runs (an unknown option, a bad date, a missing argument) and says it in
Chinese with the exit code for usage errors.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from reportgen.errors import ExitCode, LedgerInvalid, ReportgenError, os_failure

P = ParamSpec("P")
R = TypeVar("R")

_CHOICE = re.compile(r"^'(.*)' is not one of (.*)\.$")
"""The parser's message for a value outside an option's choices."""
INTERRUPTED = (
    "已中断：已写完的文件保留，正在写的文件没有留下；重新运行即可继续（已有的文件不会被覆盖）"
)


def friendly(function: Callable[P, R]) -> Callable[P, R]:
    """A command whose failures print as a message and exit with their code, never a traceback.

    A ledger with errors lists them as ``validate`` does; any other error prints its text.
    """

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except LedgerInvalid as invalid:
            for problem in invalid.problems:
                typer.echo(f"错误  {problem}")
            typer.echo(str(invalid))
            raise typer.Exit(invalid.exit_code) from None
        except ReportgenError as error:
            fail(error)
        except OSError as error:
            fail(os_failure(error))
        except KeyboardInterrupt:
            typer.echo(INTERRUPTED, err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    return run


def fail(error: ReportgenError) -> NoReturn:
    """Print an error's message to standard error and exit with its code."""
    typer.echo(str(error), err=True)
    raise typer.Exit(error.exit_code) from None


class Commands(TyperGroup):
    """The top-level group: command-line mistakes are told in Chinese and exit with USAGE."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error becomes a Chinese message and exit code 3."""
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as help_only:
            help_only.show()
            code = ExitCode.OK
        except UsageError as error:
            if not standalone_mode:
                raise
            typer.echo(usage_message(error), err=True)
            code = ExitCode.USAGE
        except ClickException as error:
            if not standalone_mode:
                raise
            error.show()
            code = error.exit_code
        except ReportgenError as error:  # from an option's default, found before any command ran
            if not standalone_mode:
                raise
            typer.echo(str(error), err=True)
            code = error.exit_code
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo(INTERRUPTED, err=True)
            code = ExitCode.INTERRUPTED
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


def usage_message(error: UsageError) -> str:
    """What was wrong with the command line, and where to read how it goes."""
    lines = [f"命令用法有误：{_what(error)}"]
    if error.ctx is not None:
        lines.append(error.ctx.get_usage().replace("Usage: ", "用法："))
        lines.append(f"查看说明：{error.ctx.command_path} --help")
    return "\n".join(lines)


def _what(error: UsageError) -> str:
    """The mistake in Chinese; the parser's own wording where there is no better one."""
    if isinstance(error, NoSuchOption):
        near = f"；是不是 {'、'.join(sorted(error.possibilities))}？" if error.possibilities else ""
        return f"没有 {error.option_name} 这个选项{near}"
    if isinstance(error, BadParameter):
        hint = _hint(error)
        if isinstance(error, MissingParameter):
            return f"缺少 {hint}" if hint else "缺少必需的参数"
        detail = _CHOICE.sub(
            r"“\1”不是可选的值；可选：\2", error.message.removeprefix("Value error, ")
        )
        return f"{hint} 的值不对：{detail}" if hint else detail
    return error.format_message()


def _hint(error: BadParameter) -> str:
    """The option or argument a parameter error is about, as the user typed it."""
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else error.param_hint
        return " / ".join(hints)
    if error.param is not None:
        return error.param.get_error_hint().replace("'", "")
    return ""
