"""学生资助告知单: tells a family what living subsidy its child receives, how much, and how it is paid.

Made from the subsidy roster (资助名单, one row per payment, as the 资助中心 hands it out), not from
the case ledger: one notice per student, listing each semester's payment from the roster, the
standard in force from the profile, how the money is paid and the hotline for questions. The
roster is read like the ledger (``intake.rosters``): every bad cell reported at once, with its
row and column, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from reportgen.casework.cases import Case, Ledger
from reportgen.documents import (
    COMMON_VARIABLES,
    STUDENT_VARIABLES,
    DocumentKind,
    Subject,
    common,
    student,
)
from reportgen.intake import rosters
from reportgen.intake.fields import ROSTERS
from reportgen.profile import Profile


class Payment(NamedTuple):
    """One semester's living subsidy paid to one student."""

    semester: str
    amount: Decimal
    stage: str
    boarding: bool


def load_roster(
    path: Path, profile: Profile, today: dt.date, sheet: str | None
) -> tuple[Ledger, dict[str, tuple[Payment, ...]]]:
    """The students of a subsidy roster as cases, and each one's payments by ID number."""
    roster = rosters.load_roster(path, profile, ROSTERS["subsidy"], sheet, today)
    students: dict[str, Case] = {}
    payments: dict[str, list[Payment]] = {}
    for case, values in zip(roster.cases, roster.values, strict=True):
        students.setdefault(case.key, case._replace(seq=str(len(students) + 1)))
        payment = Payment(values["semester"], values["amount"], values["stage"], values["boarding"])
        payments.setdefault(case.key, []).append(payment)
    ledger = roster.ledger(list(students.values()))
    return ledger, {key: tuple(items) for key, items in payments.items()}


def build(subject: Subject) -> dict[str, Any]:
    """The notice's variables for one student."""
    case, profile = subject.case, subject.profile
    assert case is not None
    payments: Sequence[Payment] = subject.records
    first = payments[0]
    yearly = profile.subsidy_standard(subject.issued_on).yearly(first.stage, first.boarding)
    total = sum((payment.amount for payment in payments), Decimal(0))
    return {
        **common(subject),
        "student": student(case),
        "stage": first.stage,
        "boarding": first.boarding,
        "yearly": yearly,
        "per_semester": Decimal(yearly) / 2,
        "payments": [{"semester": p.semester, "amount": p.amount} for p in payments],
        "total": total,
        "payment_method": profile.subsidy_payment,
        "school": case.school,
    }


KIND = DocumentKind(
    key="subsidy",
    title="学生资助告知单",
    template="letters/subsidy",
    variables={
        **COMMON_VARIABLES,
        **STUDENT_VARIABLES,
        "student.grade": "年级（资助名单有“年级”列时）",
        "student.class_name": "班级（资助名单中通常为空）",
        "stage": "学段：小学 或 初中",
        "boarding": "是否寄宿生",
        "yearly": "现行标准，元/生·年（县区配置）",
        "per_semester": "现行标准，元/生·学期",
        "payments": "本名单中的发放记录，每条有 semester（学期）、amount（金额，元）",
        "total": "发放合计（元），可用 |capital_amount 显示大写金额",
        "payment_method": "发放方式（县区配置）",
        "school": "学校",
    },
    required_fields=(),
    numbered=False,
    build=build,
    select=lambda pool: pool.followups,
    selection="资助名单中的每个学生",
    load=load_roster,
)
