"""The 文号 register and deadlines: numbering that is unique, gapless, idempotent and safe."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from pathlib import Path

from reportgen.casework.deadline import compute_deadline
from reportgen.casework.register import Register
from reportgen.casework.register_entries import Request
from reportgen.rules import DeadlineRule

DAY = dt.date(2026, 11, 23)


def request(case: str, issuer: str = "城政控学", day: dt.date = DAY) -> Request:
    return Request(issuer, "deadline", case, f"监护人{case}", f"学生{case}", "城关镇", day)


def test_numbers_are_sequential_per_issuer_and_year(tmp_path: Path) -> None:
    register = Register(tmp_path / "r.sqlite")
    entries = register.number([request("a"), request("b"), request("c", "东政控学"), request("d")])
    assert [e.document_number for e in entries] == [
        "城政控学〔2026〕1号",
        "城政控学〔2026〕2号",
        "东政控学〔2026〕1号",
        "城政控学〔2026〕3号",
    ]
    next_year = register.number([request("a", day=dt.date(2027, 1, 4))])
    assert next_year[0].document_number == "城政控学〔2027〕1号"


def test_the_same_case_keeps_its_number_unless_reissued(tmp_path: Path) -> None:
    register = Register(tmp_path / "r.sqlite")
    first = register.number([request("a"), request("b")])
    again = register.number([request("b"), request("a"), request("c")])
    assert [e.number for e in again] == [2, 1, 3]
    reissued = register.number([request("a")], reissue=True)
    assert (reissued[0].number, reissued[0].edition) == (4, 2)
    assert [e.number for e in register.entries()] == [1, 2, 3, 4]
    assert first[0].document_number == "城政控学〔2026〕1号"


def _number_many(path: str, count: int) -> None:
    Register(Path(path)).number([request(f"k{i}") for i in range(count)])


def test_a_batch_killed_half_way_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    Register(path).number([request("first")])
    context = multiprocessing.get_context("spawn")
    worker = context.Process(target=_number_many, args=(str(path), 20_000))
    worker.start()
    time.sleep(1.5)
    worker.kill()
    worker.join()
    numbers = [entry.number for entry in Register(path).entries()]
    assert len(numbers) in (1, 20_001)
    assert numbers == list(range(1, len(numbers) + 1))
    assert Register(path).number([request("after")])[0].number == len(numbers) + 1


def _number_in_process(path: str, worker: int) -> None:
    register = Register(Path(path))
    for batch in range(5):
        register.number([request(f"{worker}-{batch}-{i}") for i in range(5)])


def test_processes_numbering_at_once_never_share_a_number(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_number_in_process, args=(str(path), w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    numbers = [entry.number for entry in Register(path).entries()]
    assert sorted(numbers) == list(range(1, 101))


def test_register_filters_by_year_and_township(tmp_path: Path) -> None:
    register = Register(tmp_path / "r.sqlite")
    register.number([request("a"), request("b", day=dt.date(2025, 3, 1))])
    assert [e.case_key for e in register.entries(year=2025)] == ["b"]
    assert register.entries(township="东风镇") == []
    assert Register(tmp_path / "none.sqlite").entries() == []


def test_calendar_deadline() -> None:
    assert compute_deadline(DAY, DeadlineRule(days=7)).day == dt.date(2026, 11, 30)


def test_working_days_skip_national_day_and_count_the_makeup_saturday() -> None:
    # 2026-10-01…07 are holidays; Saturday 2026-10-10 is a 调休 working day.
    deadline = compute_deadline(dt.date(2026, 9, 30), DeadlineRule(days=7, kind="working"))
    assert deadline == compute_deadline(dt.date(2026, 9, 30), DeadlineRule(days=7, kind="working"))
    assert deadline.day == dt.date(2026, 10, 15)
    assert not deadline.provisional


def test_working_days_past_the_published_calendar_are_provisional() -> None:
    deadline = compute_deadline(dt.date(2026, 12, 28), DeadlineRule(days=5, kind="working"))
    assert deadline.provisional
    assert "尚未收录" in deadline.note
