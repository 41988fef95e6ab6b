"""Errors that reach the person at the keyboard as a message, never as a traceback.

Each kind of failure carries the exit code the README documents, so a script (or the county's
scheduled task) can tell a ledger to correct from a full disk without reading the message.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.problems import Problem


class ExitCode(IntEnum):
    """What the exit status of ``reportgen`` says about a failure."""

    OK = 0
    INVALID_DATA = 1
    """The ledger, profile, statistics, content file or a template has errors to correct."""
    UNREADABLE = 2
    """An input cannot be read at all: missing, not a spreadsheet, encrypted, a folder."""
    USAGE = 3
    """The command line is wrong: an unknown option, a bad date, a missing argument."""
    REFUSED = 4
    """Refused by policy: an output exists without ``--force``, a template or image not allowed."""
    ENVIRONMENT = 5
    """The machine stands in the way: fonts or libraries missing, disk full, no permission."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


class ReportgenError(Exception):
    """A problem the user can fix; its text is the whole message, in plain Chinese."""

    exit_code = ExitCode.INVALID_DATA


class ProfileError(ReportgenError):
    """The county profile is missing or invalid."""


class InputUnreadable(ReportgenError):
    """An input file cannot be read at all: missing, not a spreadsheet, encrypted or empty."""

    exit_code = ExitCode.UNREADABLE


class UsageProblem(ReportgenError):
    """An option's value or a combination of options the command cannot use."""

    exit_code = ExitCode.USAGE


class Refused(ReportgenError):
    """Something the rules do not allow: it could be done, but reportgen will not do it."""

    exit_code = ExitCode.REFUSED


class OutputExists(Refused):
    """An output would overwrite an existing file and ``--force`` was not given."""


class EnvironmentProblem(ReportgenError):
    """The machine lacks something (a font, a library, disk space, a permission)."""

    exit_code = ExitCode.ENVIRONMENT


class LedgerInvalid(ReportgenError):
    """The ledger has errors; nothing was written. The problems are listed as validate lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"台账有 {len(problems)} 处错误，未生成任何文件")
        self.problems = problems


_WRITE_FAILURES = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EFBIG: "文件超出了这个磁盘允许的大小",
    errno.EROFS: "磁盘是只读的（如写保护的 U 盘、只读挂载的共享文件夹）",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
}


def write_failure(error: OSError, folder: Path) -> EnvironmentProblem | None:
    """What a failed write into ``folder`` means for the user, if it is one a user meets."""
    reason = _WRITE_FAILURES.get(error.errno or 0)
    if reason is None:
        return None
    advice = (
        "请腾出磁盘空间，或用 --out 换一个输出文件夹"
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        else "请用 --out 换一个可以写入的文件夹，或请管理员开放写入权限"
    )
    return EnvironmentProblem(
        f"无法在 {folder} 中写入文件：{reason}；未留下写了一半的文件。{advice}"
    )


def os_failure(error: OSError) -> ReportgenError:
    """Any other operating-system error, told plainly: the file, what happened, what to try."""
    where = f"{error.filename}：" if error.filename else ""
    code = error.errno or 0
    unreadable = {
        errno.ENOENT: "找不到这个文件或文件夹",
        errno.EISDIR: "这是一个文件夹，这里需要的是文件",
        errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    }
    if code in unreadable:
        return InputUnreadable(f"{where}{unreadable[code]}；请检查路径")
    if error.errno is None:  # not a file operation: a shared library that will not load (Pango)
        return EnvironmentProblem(
            f"无法加载所需的程序库或文件（{error}）；请运行 reportgen doctor 查看本机缺少什么"
        )
    if code in (errno.EACCES, errno.EPERM):
        return EnvironmentProblem(f"{where}没有访问权限；请检查文件夹的权限，或请管理员开放权限")
    folder = Path(error.filename).parent if error.filename else Path.cwd()
    return write_failure(error, folder) or EnvironmentProblem(
        f"{where}操作系统报告错误：{error.strerror or error}；"
        "请检查文件是否被其他程序（如 Excel、WPS）占用，或磁盘、网络共享是否可用"
    )
