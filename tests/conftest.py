"""Shared fixtures: messy ledgers built the way staff build theirs, and the sample county."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.casework.cases import Ledger
from reportgen.demo import sample_workspace
from reportgen.intake.ledger import load_ledger
from reportgen.profile import Profile, load_profile

TODAY = dt.date(2026, 11, 23)
WriteXlsx = Callable[..., Path]
HEADERS = [
    "序号",
    "学生姓名",
    "性别",
    "身份证号码",
    "乡镇",
    "学校",
    "年级",
    "监护人",
    "联系电话",
    "类别",
    "离校日期",
    "状态",
]

# Valid ID numbers of the county code 410526 (check digits computed by GB 11643).
BOY_2014 = "41052620140305001X"
GIRL_2013 = "410526201311200025"
BOY_2012 = "41052620120707003X"


def ledger_rows(*rows: Sequence[Any]) -> list[list[Any]]:
    """A title row, a 填报单位 line, the header, the rows and a 填表人 footer, as staff lay them out."""
    return [
        ["示范县疑似失学儿童台账"],
        ["填报单位：示范县教育局", None, None, None, "填报日期：2026年11月1日"],
        HEADERS,
        *[list(row) for row in rows],
        [],
        ["填表人：王老师", None, "审核人：李主任"],
    ]


def row(
    seq: int,
    name: str,
    id_number: Any,
    gender: str = "",
    *,
    category: str = "I",
    status: str = "劝返中",
    left_on: Any = "2025-10-8",
    phone: str = "13912345678",
    township: str = "城关镇",
) -> list[Any]:
    """One ledger row in HEADERS order."""
    return [
        seq,
        name,
        gender,
        id_number,
        township,
        "城关中心小学",
        "三年级",
        "王建国",
        phone,
        category,
        left_on,
        status,
    ]


RECORD_HEADERS = ["身份证号", "姓名", "劝返日期", "劝返人", "方式", "结果"]


def persuaded(
    rows: Sequence[Sequence[Any]], on: Sequence[str] = ("2026-9-10", "2026-9-20")
) -> dict[str, list[list[Any]]]:
    """A 劝返记录 sheet with one visit on each of ``on`` for every row in HEADERS order.

    A notice goes out only after persuasion failed, so ledgers that notices are made from carry
    the visits the profile asks for first (two by default).
    """
    id_at, name_at = HEADERS.index("身份证号码"), HEADERS.index("学生姓名")
    visits = [
        [values[id_at], values[name_at], day, "王老师", "家访", "家长未同意返校"]
        for values in rows
        for day in on
    ]
    return {"劝返记录": [RECORD_HEADERS, *visits]}


def save_xlsx(
    path: Path,
    rows: list[list[Any]],
    sheet: str = "台账",
    more: Mapping[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """Write rows to an .xlsx whose first sheet is instructions, as in many county templates.

    ``more`` adds sheets after the data sheet, by title (劝返记录, a roster…).
    """
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "填表说明"
    guide.append(["1. 姓名、身份证号为必填项"])
    for title, values in {sheet: rows, **(more or {})}.items():
        data = workbook.create_sheet(title)
        for line in values:
            data.append(list(line))
    workbook.save(path)
    return path


@pytest.fixture
def write_xlsx(tmp_path: Path) -> WriteXlsx:
    """Write sheets of rows to an .xlsx; an instruction sheet comes first, as in many templates."""

    def write(rows: list[list[Any]], name: str = "台账.xlsx", sheet: str = "台账") -> Path:
        return save_xlsx(tmp_path / name, rows, sheet)

    return write


@pytest.fixture
def profile() -> Profile:
    """A profile with the default code tables and a township list."""
    return Profile.model_validate(
        {
            "county": "示范县",
            "townships": [{"name": "城关镇", "aliases": ["城关"]}, {"name": "东风镇"}],
        }
    )


@pytest.fixture
def load(profile: Profile) -> Callable[[Path], Ledger]:
    """Load a ledger with the test profile, as of a fixed day."""
    return lambda path: load_ledger(path, profile, today=TODAY)


@pytest.fixture(scope="session")
def sample_profile() -> Profile:
    """The bundled sample county's profile."""
    return load_profile(sample_workspace() / "profile.yaml")


def messages(ledger: Ledger) -> list[str]:
    """Every problem as the user reads it."""
    return [str(problem) for problem in ledger.problems]


def drop_downs(sheet: Worksheet, header_row: int) -> dict[str, str]:
    """The drop-down list of each column of a sheet, by the column's header."""
    headers = {cell.column_letter: cell.value for cell in sheet[header_row]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = "".join(ch for ch in str(validation.sqref).split(":")[0] if ch.isalpha())
        found[str(headers[letter])] = str(validation.formula1)
    return found


def docx_text(path: Path) -> str:
    """Every paragraph of a DOCX in reading order, a table's cells row by row, as one text.

    Read with python-docx, as Word users' files are read, not with reportgen's own reader.
    """
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines.append(Paragraph(element, document).text)
        elif element.tag.endswith("}tbl"):
            table = Table(element, document)
            cells = [tc for row in table.rows for tc in row._tr.tc_lst]  # spanned cells once
            lines += [_Cell(tc, table).text for tc in cells]
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    """A PDF's text in reading order, as poppler's pdftotext gives it."""
    import subprocess

    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def sentences(text: str) -> list[str]:
    """A text as its sentences, white space and page numbers ("— 1 —") left aside."""
    import re

    flat = re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text))
    return [part for part in re.split(r"(?<=[。！？；])", flat) if part]


DEMO_DAY = "2026-11-23"


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``reportgen demo`` run once for the session, on a fixed day: every kind, DOCX and PDF."""
    from typer.testing import CliRunner

    from reportgen.cli import app

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--date", DEMO_DAY])
    assert result.exit_code == 0, result.output
    return out
