"""The figures of ``reportgen stats`` as JSON or as a workbook staff can check and file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from reportgen.output.write import atomic_output
from reportgen.reports.statistics import Figure


def figures_json(figures: Sequence[Figure]) -> str:
    """Every figure with its key, label, value as shown, and source."""
    return json.dumps([asdict(figure) for figure in figures], ensure_ascii=False, indent=2)


def write_figures_xlsx(figures: Sequence[Figure], target: Path, force: bool = False) -> Path:
    """A one-sheet workbook of the figures, header frozen, for checking before a report is made."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "统计数字"
    sheet.append(["项目", "数值", "来源", "键"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for figure in figures:
        sheet.append([figure.label, figure.shown, figure.source, figure.key])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCD", (28, 40, 70, 30), strict=True):
        sheet.column_dimensions[column].width = width
    with atomic_output(target, force) as temporary:
        workbook.save(temporary)
    return target
