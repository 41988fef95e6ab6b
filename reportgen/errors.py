"""Errors that reach the person at the keyboard as a message, never as a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.problems import Problem


class ReportgenError(Exception):
    """A problem the user can fix; its text is the whole message, in plain Chinese."""


class ProfileError(ReportgenError):
    """The county profile is missing or invalid."""


class InputUnreadable(ReportgenError):
    """An input file cannot be read at all: missing, not a spreadsheet, encrypted or empty."""


class OutputExists(ReportgenError):
    """An output would overwrite an existing file and ``--force`` was not given."""


class LedgerInvalid(ReportgenError):
    """The ledger has errors; nothing was written. The problems are listed as validate lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"台账有 {len(problems)} 处错误，未生成任何文件")
        self.problems = problems
