"""The statistics file: what a county knows beyond its case ledger, school year by school year.

Schools by type, students by stage, the cohort behind the nine-year retention rate, the school-age
population, disabled children by placement, subsidies, and children not back after the autumn
check. Staff keep it as YAML (a commented sample ships with the sample county); every problem is
reported at once with its key, like the profile's. Subsidies can instead come from the payment
roster (``资助名单.xlsx``), one row per payment, which is then summed here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from reportgen.errors import ReportgenError
from reportgen.intake.fields import ROSTERS, FieldSpec, HeaderMatcher
from reportgen.intake.read import WORKBOOK_SUFFIXES, read_table
from reportgen.intake.rosters import load_roster
from reportgen.intake.text import cell_text
from reportgen.problems import errors
from reportgen.profile import Profile
from reportgen.yamlfile import Settings, documented, load_model, wording

Stage = Literal["学前", "小学", "初中", "普通高中", "中职"]
"""The stages a statistics file's subsidies may be of; a subsidy roster holds 小学 and 初中 only."""
SEMESTER = r"^(\d{4})\s*年\s*(春|秋)季?(?:学期)?$"
"""How a semester is written: 2025年秋季学期, 2026年春季学期 (or 2025年秋)."""


class StatsError(ReportgenError):
    """The statistics file or the subsidy roster is missing or invalid."""


class Cohort(Settings):
    """The cohort behind the nine-year retention rate (巩固率)."""

    grade1_intake: int = Field(ge=0)
    """一年级入学人数，九年前秋季。"""

    transfers_out: int = Field(0, ge=0)
    """其间正常转出人数。"""

    transfers_in: int = Field(0, ge=0)
    """其间正常转入人数。"""

    graduates: int = Field(ge=0)
    """本届初中毕业人数。"""


class Disabled(Settings):
    """适龄残疾儿童少年 by placement."""

    total: int = Field(ge=0)
    """适龄残疾儿童少年总数。"""

    special_school: int = Field(0, ge=0)
    """在特殊教育学校就读。"""

    regular_class: int = Field(0, ge=0)
    """在普通学校随班就读。"""

    home_teaching: int = Field(0, ge=0)
    """送教上门。"""

    deferred: int = Field(0, ge=0)
    """因身体原因缓学。"""

    @model_validator(mode="after")
    def _adds_up(self) -> Disabled:
        placed = self.special_school + self.regular_class + self.home_teaching + self.deferred
        if placed > self.total:
            raise ValueError(f"各类安置人数之和 {placed} 超过总数 {self.total}")
        return self


class Subsidy(Settings):
    """Subsidies for students of poor families paid in one semester to one group of one stage.

    For 小学 and 初中 this is the 义务教育家庭经济困难学生生活补助 (which a subsidy roster may give
    instead); for 学前, 普通高中 and 中职 the stage's own aid (seed 004 states all four).
    """

    semester: str = Field(pattern=SEMESTER)
    """学期，如 2025年秋季学期、2026年春季学期。"""

    @property
    def school_year(self) -> int:
        """The school year the semester belongs to: autumn 2025 and spring 2026 are 2025's."""
        match = re.match(SEMESTER, self.semester)
        assert match is not None  # the field's pattern
        year = int(match.group(1))
        return year if match.group(2) == "秋" else year - 1

    stage: Stage
    """学段：学前、小学、初中、普通高中 或 中职（学前、普通高中、中职可选，写了的工作总结逐段写明）。"""

    boarding: bool = False
    """是否寄宿生（小学、初中的生活补助按是否寄宿定标准）。"""

    persons: int = Field(ge=0)
    """人次。"""

    yuan: Decimal = Field(ge=0)
    """金额（元）。"""

    registered_persons: int = Field(0, ge=0)
    """其中原建档立卡学生人次。"""

    registered_yuan: Decimal = Field(Decimal(0), ge=0)
    """其中原建档立卡学生金额（元）。"""


class NotBack(Settings):
    """A child not back after the autumn check, as the report must mention it (anonymised)."""

    name: str
    """姓名（报告中只显示姓氏）。"""

    school: str
    """学校。"""

    class_name: str = ""
    """班级。"""

    reason: str
    """原因。"""


class Year(Settings):
    """One school year, named by the year of its autumn term."""

    school_year: int = Field(ge=2000, le=2100)
    """学年的秋季年份，如 2025 表示 2025—2026 学年。"""

    schools: dict[str, int] = {}
    """学校数：小学、初中、九年一贯制、完中，以及 公办、民办。"""

    students: dict[str, int] = {}
    """秋季在校生数：小学、初中（及 高中）。"""

    population: dict[str, int] = {}
    """户籍适龄人口：小学（6—11 周岁）、初中（12—14 周岁）。"""

    enrolled_of_age: dict[str, int] = {}
    """在校生中适龄的人数：小学、初中。"""

    cohort: Cohort | None = None
    """九年巩固率的计算依据。"""

    dropouts: int | None = Field(None, ge=0)
    """学年内辍学人数。"""

    disabled: Disabled | None = None
    """适龄残疾儿童少年安置情况。"""

    subsidies: list[Subsidy] = []
    """各学段学生资助发放情况；小学、初中的生活补助也可用资助名单汇总（给了资助名单时，小学、初中以名单为准，学前、普通高中、中职仍从这里读）。"""

    not_back: list[NotBack] | None = None
    """秋季开学核查未到校的学生；不写则报告按台账（仍为疑似失学的孩子）写，写了则人数须与台账一致。"""


class StatsFile(Settings):
    """The statistics file: one entry per school year."""

    county: str = ""
    """县（区）名称。"""

    years: list[Year]
    """各学年的统计。"""

    def year(self, school_year: int | None = None) -> Year:
        """A school year's figures: the one asked for, or the latest."""
        if not self.years:
            raise StatsError("统计文件中没有任何学年")
        if school_year is None:
            return max(self.years, key=lambda year: year.school_year)
        found = [year for year in self.years if year.school_year == school_year]
        if not found:
            known = "、".join(str(year.school_year) for year in self.years)
            raise StatsError(f"统计文件中没有 {school_year} 学年；有：{known}")
        return found[0]

    def previous(self, school_year: int) -> Year | None:
        """The school year before, when the file has it."""
        return next((year for year in self.years if year.school_year == school_year - 1), None)


def load_stats(path: Path) -> StatsFile:
    """Read and validate a statistics file: YAML, or a workbook of 学年 / 项目 / 数值 rows."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return _load_stats_workbook(path)
    return load_model(path, StatsFile, "统计文件", StatsError)


STATS_COLUMNS = {
    spec.key: spec
    for spec in (
        FieldSpec("school_year", "学年", ("年度",)),
        FieldSpec("item", "项目", ("指标", "键")),
        FieldSpec("value", "数值", ("数量", "值")),
    )
}
"""A statistics workbook: one figure a row, its school year, its key (students.小学) and value."""


def _load_stats_workbook(path: Path) -> StatsFile:
    """A statistics workbook read into the same model; problems name the cell's row."""
    table = read_table(path, HeaderMatcher(fields=STATS_COLUMNS))
    columns = {column.field: column.index for column in table.columns if column.field}
    if set(columns) != set(STATS_COLUMNS):
        raise StatsError(f"{path}：统计表应有“学年”“项目”“数值”三列")
    years: dict[int, dict[str, Any]] = {}
    origin: dict[tuple[int, str], int] = {}
    problems = []
    for row in table.rows:
        year_text, item, value = (
            cell_text(row.cells[columns[key]]) if columns[key] < len(row.cells) else ""
            for key in STATS_COLUMNS
        )
        if not year_text.isdigit() or not item:
            problems.append(
                f"  {path.name} 第 {row.number} 行：应有学年（如 2025）和项目（如 students.小学）"
            )
            continue
        year = years.setdefault(int(year_text), {"school_year": int(year_text)})
        _put(year, item.split("."), value)
        origin[(int(year_text), item)] = row.number
    if problems:
        raise StatsError("\n".join([f"{path}：统计表有 {len(problems)} 处问题", *problems]))
    try:
        return StatsFile.model_validate({"years": [years[key] for key in sorted(years)]})
    except ValidationError as error:
        raise StatsError(_workbook_problems(path, error, sorted(years), origin)) from None


def _workbook_problems(
    path: Path, error: ValidationError, ordered: list[int], origin: dict[tuple[int, str], int]
) -> str:
    """Validation problems of a statistics workbook, each at the row that holds the figure."""
    lines = [f"{path}：统计表有 {error.error_count()} 处问题"]
    for detail in error.errors():
        parts = [str(part) for part in detail["loc"]]
        school_year = ordered[int(parts[1])] if len(parts) > 1 and parts[1].isdigit() else 0
        key = ".".join(parts[2:])
        number = origin.get((school_year, key))
        place = f"第 {number} 行" if number else f"{school_year} 学年"
        lines.append(f"  {path.name} {place}「{key}」：{wording(detail)}")
    return "\n".join(lines)


def _put(target: dict[str, Any], keys: list[str], value: str) -> None:
    """Set ``a.b.c`` in nested mappings (lists of subsidies are not kept in the workbook form)."""
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


PAYMENT_REQUIRED = ("stage", "boarding", "semester", "amount")
"""What a roster row needs to be summed: a report counts payments, it names no one."""


def load_subsidy_roster(path: Path, profile: Profile | None = None) -> list[Subsidy]:
    """A subsidy roster summed by semester, stage and boarding; every bad cell reported at once.

    The roster is read as the 告知单 read it (the same layout, header variants and checks), but
    only a payment's own fields must be filled.
    """
    layout = replace(ROSTERS["subsidy"], required=PAYMENT_REQUIRED)
    roster = load_roster(path, profile or Profile(county=""), layout)
    problems = errors(roster.problems)
    if problems:
        lines = [f"  {problem}" for problem in problems]
        raise StatsError("\n".join([f"{path}：资助名单有 {len(problems)} 处问题", *lines]))
    sums: dict[tuple[str, str, bool], list[Decimal]] = {}
    for payment in roster.values:
        amount, registered = payment["amount"], payment.get("registered") is True
        key = (payment["semester"], payment["stage"], payment["boarding"])
        totals = sums.setdefault(key, [Decimal(0)] * 4)
        totals[0] += 1
        totals[1] += amount
        totals[2] += int(registered)
        totals[3] += amount if registered else 0
    return [
        Subsidy(
            semester=semester,
            stage=stage,
            boarding=boarding,
            persons=int(totals[0]),
            yuan=totals[1],
            registered_persons=int(totals[2]),
            registered_yuan=totals[3],
        )
        for (semester, stage, boarding), totals in sums.items()
    ]


def documented_stats_settings() -> dict[str, str | None]:
    """Every key of the statistics file with its docstring, for the documentation test."""
    return documented(StatsFile)
