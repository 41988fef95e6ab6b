"""Regenerate the sample county in data_samples/示范县 from the synthetic generator.

The ledger is written the way staff keep theirs: variant headers, codes typed as "H类" or "h",
dates in several spellings, a few blank genders, phone numbers with spaces. The roster of children
starting school in autumn 2026 is headed as a household register heads it (儿童姓名, 公民身份号码,
划片学校). The statistics file 统计.yaml is kept by hand. Run:

    .venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from reportgen.intake.fields import ROSTERS
from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook, write_roster_workbook
from reportgen.output.write import write_text
from reportgen.synthetic import SyntheticCounty, sample_profile
from reportgen.workspace import starter_profile

OUT = Path(__file__).resolve().parent.parent / "data_samples" / "示范县"
HEADERS = {
    "name": "学生姓名",
    "id_number": "身份证号码",
    "phone": "监护人联系电话",
    "township": "乡镇（街道）",
    "category": "核查类别",
}
ROSTER_HEADERS = {
    "name": "儿童姓名",
    "id_number": "公民身份号码",
    "guardian": "监护人姓名",
    "school": "划片学校",
}
ROSTER_CUTOFF = dt.date(2026, 8, 31)
"""The sample roster's children are six on this day: the intake of autumn 2026."""
SUBSIDY_HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "学校",
    "学段",
    "年级",
    "是否寄宿",
    "原建档立卡",
    "学期",
    "金额（元）",
)


def roughen(rows: list[dict[str, object]], pick: random.Random) -> None:
    """Type some cells the way staff do; every one of them still validates."""
    for row in rows:
        draw = pick.random()
        if draw < 0.1:
            row["category"] = f"{row['category']}类"
        elif draw < 0.15:
            row["category"] = str(row["category"]).lower()
        birth = row["birth_date"]
        if pick.random() < 0.1:
            row["birth_date"] = f"{birth.year}.{birth.month}.{birth.day}"  # type: ignore[attr-defined]
        elif pick.random() < 0.05:
            row["birth_date"] = f"{birth.year}年{birth.month}月{birth.day}日"  # type: ignore[attr-defined]
        if pick.random() < 0.04:
            row["gender"] = ""
        phone = str(row["phone"])
        if pick.random() < 0.05 and len(phone) == 11:
            row["phone"] = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        if row["grade"] in ("七年级", "八年级", "九年级") and pick.random() < 0.3:
            row["grade"] = {"七年级": "初一", "八年级": "初二", "九年级": "初三"}[str(row["grade"])]


def write_subsidies(path: Path, records: list[dict[str, object]]) -> None:
    """The subsidy roster as the 资助中心 hands it out: a title row, then one row per payment."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "资助名单"
    sheet.append(["示范县2025—2026学年义务教育家庭经济困难学生生活补助发放名单"])
    sheet.append(list(SUBSIDY_HEADERS))
    keys = (
        "name",
        "id_number",
        "school",
        "stage",
        "grade",
        "boarding",
        "registered",
        "semester",
        "amount",
    )
    for number, record in enumerate(records, 1):
        sheet.append([number, *(record[key] for key in keys)])
        sheet.cell(sheet.max_row, 3).number_format = "@"
    workbook.save(path)


def main() -> None:
    county = SyntheticCounty()
    profile = sample_profile()
    cases = county.cases()
    records = county.persuasion_records(cases)
    roughen(cases, random.Random(7))
    OUT.mkdir(parents=True, exist_ok=True)
    write_text(OUT / "profile.yaml", starter_profile(profile), force=True)
    sheet = LedgerSheet(profile, cases, records, HEADERS, reporter="示范县教育局")
    write_ledger_workbook(OUT / "台账.xlsx", sheet, force=True)
    write_subsidies(OUT / "资助名单.xlsx", county.subsidy_records())
    children = SyntheticCounty().school_age_children(ROSTER_CUTOFF)
    roster = LedgerSheet(
        profile,
        children,
        headers=ROSTER_HEADERS,
        reporter="示范县教育局",
        title=f"示范县{ROSTER_CUTOFF.year}年适龄儿童入学名册",
    )
    write_roster_workbook(OUT / "适龄儿童名册.xlsx", ROSTERS["enrolment"], roster, force=True)
    print(f"{OUT}: {len(cases)} cases, {len(records)} persuasion records")


if __name__ == "__main__":
    main()
