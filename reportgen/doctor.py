"""``reportgen doctor``: what this machine can produce, and the command that fixes what is missing.

PDF output needs Chinese fonts, WeasyPrint with Pango, and HarfBuzz's subsetting library (without
it WeasyPrint falls back to fontTools and a Chinese PDF takes seconds instead of a fifth of one,
with only a log line to say so). Deadlines in working days need the holiday calendar of the years
they fall in, which the chinesecalendar package adds once the State Council announces them. Each
check says what it found, and what to run when it failed.
"""

from __future__ import annotations

import ctypes.util
import datetime as dt
import shutil
from dataclasses import dataclass

from reportgen.casework.deadline import is_workday
from reportgen.render.fonts import (
    RARE_FALLBACKS,
    ROLES,
    font_fix,
    installed_families,
    official_font_fix,
    substitute,
    weight,
)
from reportgen.render.glyphs import cjk_families


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it passed, the detail, and the fix."""

    name: str
    passed: bool
    detail: str
    fix: str = ""
    required: bool = True


def run_checks(today: dt.date | None = None) -> list[Check]:
    """Every check of the machine, in the order they are shown."""
    return [
        _cjk_fonts(),
        *_official_fonts(),
        _rare_fonts(),
        _weasyprint(),
        _subset(),
        _poppler(),
        holiday_calendar(today or dt.date.today()),
    ]


def healthy(checks: list[Check]) -> bool:
    """True when nothing required is missing."""
    return all(check.passed or not check.required for check in checks)


def _cjk_fonts() -> Check:
    families = sorted(cjk_families())
    if not families:
        return Check("中文字体", False, "未安装任何中文字体，PDF 将无法生成", font_fix())
    shown = "、".join(families[:6]) + ("等" if len(families) > 6 else "")
    return Check("中文字体", True, f"已安装 {len(families)} 种：{shown}")


def _official_fonts() -> list[Check]:
    """Each role's font, and how to add the official ones when a stand-in draws any of them."""
    checks = []
    missing = []
    for role in ROLES:
        used = substitute(role)
        if used in (role.official, *role.aliases):
            detail = f"{role.official}：已安装"
        elif used:
            bold = " 粗体" if weight(role) == "bold" else ""
            detail = f"{role.official} 未安装，用 {used}{bold} 代替"
            missing.append(role.official)
        else:
            detail = f"{role.official} 未安装，也没有可代替的字体"
        checks.append(Check(f"公文字体（{role.role}）", used is not None, detail, font_fix()))
    if missing:
        checks.append(
            Check(
                "公文字体的安装",
                False,
                f"{'、'.join(missing)} 未安装，PDF 用最接近的免费字体代替（见上）；"
                "Word、WPS 打开 DOCX 时按本机字体显示",
                official_font_fix(),
                required=False,
            )
        )
    return checks


def _rare_fonts() -> Check:
    found = [name for name in RARE_FALLBACKS if name in installed_families()]
    if found:
        return Check("生僻字字体", True, f"{'、'.join(found)}：可显示扩展区汉字（如 𡒄、𪚥）")
    return Check(
        "生僻字字体",
        False,
        "未安装 HanaMin，扩展区生僻字（如 𡒄、𪚥）无法显示，含这些字的 PDF 会被拒绝生成",
        "sudo apt-get install fonts-hanazono",
        required=False,
    )


def _weasyprint() -> Check:
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        return Check(
            "WeasyPrint（生成 PDF）",
            False,
            f"无法加载：{error}",
            "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 && pip install weasyprint",
        )
    return Check("WeasyPrint（生成 PDF）", True, f"{weasyprint.__version__} 可用")


def _subset() -> Check:
    if ctypes.util.find_library("harfbuzz-subset"):
        return Check("HarfBuzz 字体子集库", True, "libharfbuzz-subset 已安装")
    return Check(
        "HarfBuzz 字体子集库",
        False,
        "未安装 libharfbuzz-subset：每份中文 PDF 要多花数秒",
        "sudo apt-get install libharfbuzz-subset0",
    )


def _poppler() -> Check:
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        return Check("poppler（PDF 预览与测试）", True, "pdftotext、pdftoppm 可用", required=False)
    return Check(
        "poppler（PDF 预览与测试）",
        False,
        "未安装 pdftotext/pdftoppm：无法预览 PDF",
        "sudo apt-get install poppler-utils",
        required=False,
    )


def holiday_calendar(today: dt.date) -> Check:
    """Whether the holiday calendar covers next year, so working-day deadlines are final."""
    name = "法定节假日安排（按工作日计算期限）"
    coming = today.year + 1
    if _known(coming):
        return Check(name, True, f"已收录到 {coming} 年", required=False)
    last = today.year
    while last > 2000 and not _known(last):
        last -= 1
    return Check(
        name,
        False,
        f"只收录到 {last} 年：落在 {last + 1} 年的工作日期限暂按周六、周日休息计算，文书上注明“请核对”",
        "国务院公布次年安排后，更新 chinesecalendar 软件包（如 pip install -U chinesecalendar）",
        required=False,
    )


def _known(year: int) -> bool:
    """Whether the holiday calendar has the schedule of a year."""
    return is_workday(dt.date(year, 1, 1))[1]
