"""The county workspace: profile, ledger, rosters, statistics, content and template overrides.

``reportgen init`` writes a starter workspace whose profile explains every setting in a comment
taken from the profile schema itself, so the starter never drifts from what the code accepts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.intake.fields import ROSTERS
from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook, write_roster_workbook
from reportgen.output.write import refuse_existing, write_text
from reportgen.profile import Profile
from reportgen.resources import builtin_templates

PROFILE_FILE = "profile.yaml"
CONTENT_FILE = "内容.yaml"
STATS_FILE = "统计.yaml"
LEDGER_FILE = "台账.xlsx"
OVERRIDES_DIR = "templates"


@dataclass(frozen=True)
class Workspace:
    """The files of a county workspace."""

    root: Path

    @property
    def profile(self) -> Path:
        """The county profile."""
        return self.root / PROFILE_FILE

    @property
    def ledger(self) -> Path:
        """The case ledger workbook."""
        return self.root / LEDGER_FILE

    @property
    def overrides(self) -> Path:
        """The folder of the county's template overrides."""
        return self.root / OVERRIDES_DIR


def init_workspace(
    root: Path, county: str, force: bool = False, today: dt.date | None = None
) -> list[Path]:
    """Write a starter workspace for a county; refuses to replace any file unless ``force``.

    Every input reportgen reads gets its empty form: the profile, the ledger (with its 劝返记录
    sheet), both rosters, the statistics file and the content file of the reports.
    """
    workspace = Workspace(root)
    readme = workspace.overrides / "README.md"
    content, stats = root / CONTENT_FILE, root / STATS_FILE
    rosters = {key: root / f"{layout.title}.xlsx" for key, layout in ROSTERS.items()}
    written = [workspace.profile, workspace.ledger, *rosters.values(), stats, content, readme]
    refuse_existing(written, force)
    profile = Profile(county=county)
    write_text(workspace.profile, starter_profile(profile), force)
    write_ledger_workbook(workspace.ledger, LedgerSheet(profile), force)
    for key, target in rosters.items():
        write_roster_workbook(target, ROSTERS[key], LedgerSheet(profile), force)
    write_text(stats, starter_stats(county, today or dt.date.today()), force)
    starter = (builtin_templates() / "reports" / "content.yaml").read_text(encoding="utf-8")
    write_text(content, starter, force)
    guide = (builtin_templates() / "workspace" / "overrides-README.md").read_text(encoding="utf-8")
    write_text(readme, guide, force)
    return written


def starter_stats(county: str, today: dt.date) -> str:
    """An empty statistics file: this school year, each figure commented out until filled in.

    Nothing is made up: a figure left commented out is absent, and the report leaves out the
    rates it would give.
    """
    school_year = today.year if today.month >= 9 else today.year - 1
    return (
        f"# {county} 义务教育基本情况统计（reportgen stats、reportgen report 读取），每个学年一段。\n"
        + STATS_GUIDE
        + f"county: {county}\nyears:\n  - school_year: {school_year}"
        + f"          # 学年的秋季年份：{school_year} 表示 {school_year}—{school_year + 1} 学年\n"
        + STATS_ITEMS
    )


STATS_GUIDE = """\
# 报告中的数字只从这里和台账计算，reportgen 不会自己补：没有填的项目，由它算出的比率不写入报告，
# 人数、学校数按 0 计；生成报告前请用 reportgen stats 核对每个数字。
# 填写时去掉行首的“# ”，把 0 改为本县的数字；上一学年另起一段“- school_year: ”，报告会写出增减。
# 完整的样例见示范县的 统计.yaml（reportgen demo 所用）。
"""
STATS_ITEMS = """\
    # schools:                 # 学校数
    #   小学: 0
    #   初中: 0
    #   九年一贯制: 0
    #   完中: 0
    #   公办: 0
    #   民办: 0
    # students:                # 秋季在校生数
    #   小学: 0
    #   初中: 0
    # population:              # 户籍适龄人口（按 8 月 31 日计算年龄）
    #   小学: 0                # 6—11 周岁
    #   初中: 0                # 12—14 周岁
    # enrolled_of_age:         # 在校生中适龄的人数
    #   小学: 0
    #   初中: 0
    # cohort:                  # 九年巩固率：本届初三毕业生 ÷ 九年前一年级入学人数
    #   grade1_intake: 0       # 九年前秋季一年级入学人数
    #   transfers_out: 0       # 其间正常转出
    #   transfers_in: 0        # 其间正常转入
    #   graduates: 0           # 本届初中毕业人数
    # dropouts: 0              # 学年内辍学人数
    # disabled:                # 适龄残疾儿童少年
    #   total: 0               # 总数
    #   special_school: 0      # 在特殊教育学校就读
    #   regular_class: 0       # 在普通学校随班就读
    #   home_teaching: 0       # 送教上门
    #   deferred: 0            # 因身体原因缓学
    # subsidies:               # 生活补助，每学期、学段、寄宿与否一项（也可不填，用 --roster 资助名单.xlsx 汇总）
    #   - semester: 2025年秋季学期
    #     stage: 小学           # 小学 或 初中
    #     boarding: true        # 是否寄宿生：true 或 false
    #     persons: 0            # 人次
    #     yuan: 0               # 金额（元）
    #     registered_persons: 0 # 其中原建档立卡学生人次
    #     registered_yuan: 0    # 其中原建档立卡学生金额（元）
    # not_back:                # 秋季开学核查未到校的学生（报告中只写姓氏）
    #   - name: 张三
    #     school: 城关中心小学
    #     class_name: 三年级2班
    #     reason: 随父母外出务工，正在联系转入地学校
"""


def starter_profile(profile: Profile) -> str:
    """A profile as commented YAML: each setting preceded by its documentation."""
    lines = [
        f"# {profile.county} 控辍保学 县区配置（reportgen）",
        "# 每一项上方的注释说明它的含义；改完后可用 reportgen validate 台账.xlsx --profile profile.yaml 检查。",
        "",
    ]
    for name, field in Profile.model_fields.items():
        lines.extend(f"# {line}" for line in (field.description or "").splitlines())
        lines.extend(_item_help(field.annotation))
        lines.append(_dump({name: _plain(getattr(profile, name))}).rstrip())
        lines.append("")
    return "\n".join(lines)


def _item_help(annotation: Any) -> list[str]:
    """For a list of sections, one comment line per key of an item, so staff can add entries."""
    args = getattr(annotation, "__args__", ())
    item = args[0] if args else annotation
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        return []
    return [
        f"#   {key}：{' '.join(field.description.split())}"
        for key, field in item.model_fields.items()
        if field.description
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
