"""Problems found in input: where they are, what was found, what was expected.

A problem names the file, the sheet, the row as the file numbers it, the column header as written,
the value and the expectation, so that a county officer can go straight to the cell. Errors stop
documents from being made; warnings (a gender derived from the ID number, say) are shown apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """Errors block documents; warnings only inform."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding about one cell, row or column of an input file."""

    severity: Severity
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    row_unit: str = "行"

    def location(self) -> str:
        """Where the problem is, as an officer would say it: file, sheet, row, column."""
        place = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            place += f"第 {self.row} {self.row_unit}"
        if self.column:
            place += f"「{self.column}」列"
        return f"{Path(self.file).name} {place}".rstrip()

    def __str__(self) -> str:
        value = f"：“{self.value}”" if self.value else ""
        return f"{self.location()}{value} — {self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that block documents."""
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that inform."""
    return [problem for problem in problems if problem.severity is Severity.WARNING]


def to_json(problems: Iterable[Problem]) -> str:
    """Problems as a JSON document with errors and warnings apart, for other systems to read."""
    listed = list(problems)
    document = {
        "errors": [_plain(problem) for problem in errors(listed)],
        "warnings": [_plain(problem) for problem in warnings(listed)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _plain(problem: Problem) -> dict[str, object]:
    fields = asdict(problem)
    fields.pop("severity")
    fields.pop("row_unit")
    return fields
