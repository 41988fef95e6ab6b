"""Arbitrary cell contents never crash intake: whatever is in a cell becomes a case or a problem."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

from conftest import HEADERS, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.intake.read import Column, Row, Table
from reportgen.intake.validate import validate_table
from reportgen.profile import Profile

PROFILE = Profile(county="示范县")
CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet=string.digits + "Xx-./年月日类（）() ", max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELLS, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=5)
)
def test_any_cells_become_cases_or_problems(rows: list[list[object]]) -> None:
    columns = [Column(index, header, field) for index, (header, field) in enumerate(_fields())]
    table = Table(
        Path("台账.xlsx"), "台账", 3, columns, [Row(4 + i, cells) for i, cells in enumerate(rows)]
    )
    ledger = validate_table(table, PROFILE, TODAY)
    rows_with_errors = {problem.row for problem in ledger.errors}
    assert {case.row for case in ledger.cases}.isdisjoint(rows_with_errors)
    assert len(ledger.cases) + len(rows_with_errors - {3}) == len(rows)


def _fields() -> list[tuple[str, str | None]]:
    from reportgen.intake.fields import HeaderMatcher

    matcher = HeaderMatcher()
    return [(header, matcher.field(header)) for header in HEADERS]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=14), max_size=6))
def test_any_csv_under_a_real_header_reads_or_is_refused(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    from reportgen.errors import InputUnreadable
    from reportgen.intake.ledger import load_ledger

    path = tmp_path / "台账.csv"
    lines = [
        ",".join(HEADERS),
        *(",".join(cell.replace(",", "") for cell in cells) for cells in rows),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        ledger = load_ledger(path, PROFILE, today=TODAY)
    except InputUnreadable:
        return
    assert all(problem.row is not None for problem in ledger.problems)
