"""The work list of ``reportgen due --format xlsx``: what each officer has to do, overdue first.

One row per case that needs an action, grouped by township and officer as the terminal list is,
with a blank 办理情况 column for the officer to note what was done. The progress columns are the
same ones the exported ledger carries after a case's own columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen.casework.followup import DueGroup, FollowUp
from reportgen.documents import grade_name
from reportgen.intake.text import format_date
from reportgen.output.sheets import SheetColumn, workbook_at, write_table

PROGRESS_COLUMNS = (
    SheetColumn("办理阶段", 20),
    SheetColumn("文号", 20),
    SheetColumn("下达日期", 12),
    SheetColumn("复学期限", 12),
    SheetColumn("劝返次数", 9),
    SheetColumn("最近劝返日期", 13),
    SheetColumn("下一步", 36),
    SheetColumn("应办日期", 12),
    SheetColumn("逾期天数", 9),
    SheetColumn("提示", 30),
)
"""Where a case stands in the legal chain; their headers are among :data:`fields.DERIVED_HEADERS`."""

WORKLIST_COLUMNS = (
    SheetColumn("乡镇", 10),
    SheetColumn("劝返责任人", 11),
    SheetColumn("姓名", 10),
    SheetColumn("身份证号", 22, text=True),
    SheetColumn("学校", 18),
    SheetColumn("年级", 8),
    SheetColumn("监护人", 10),
    SheetColumn("联系电话", 15, text=True),
    *PROGRESS_COLUMNS,
    SheetColumn("办理情况", 24),
    SheetColumn("台账行号", 9),
)


def progress_cells(item: FollowUp) -> list[Any]:
    """The progress columns of one case, in :data:`PROGRESS_COLUMNS` order."""
    document = item.document
    return [
        item.stage_label,
        document.document_number if document else None,
        document.issued_on if document else None,
        item.deadline,
        len(item.visits),
        item.last_visit,
        item.action or None,
        item.due,
        item.days_overdue if item.is_due else None,
        "；".join(item.flags) or None,
    ]


def _row(item: FollowUp) -> list[Any]:
    case = item.case
    identity = [case.township, case.officer, case.name, case.id_number, case.school]
    family = [grade_name(case.grade), case.guardian, case.phone]
    return [*identity, *family, *progress_cells(item), None, case.row]


def write_worklist(
    groups: Sequence[DueGroup], county: str, as_of: dt.date, target: Path, force: bool = False
) -> Path:
    """The work list as one filtered sheet, its title saying whose county and as of when."""
    items = [item for group in groups for item in group.items]
    heading = f"{county}控辍保学待办事项（截至{format_date(as_of)}）"
    with workbook_at(target, force) as workbook:
        write_table(
            workbook, "待办", WORKLIST_COLUMNS, map(_row, items), heading=heading, count=len(items)
        )
    return target
