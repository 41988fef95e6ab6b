"""The official fonts of GB/T 9704-2012 and what stands in for them on a machine without them.

Windows machines have 仿宋/黑体/楷体 and often 方正小标宋; Linux servers have none of them. Every
document names the official font first and installed fallbacks after it, in the order listed here;
the last resort for rare name characters of the CJK extension blocks is HanaMin.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class FontRole:
    """One use of type in an official document, the official font and its fallbacks in order."""

    role: str
    official: str
    fallbacks: tuple[str, ...]


RARE_FALLBACKS = ("HanaMinA", "HanaMinB")
ROLES = (
    FontRole("标题", "方正小标宋简体", ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC")),
    FontRole("正文", "仿宋_GB2312", ("仿宋", "FangSong", "Noto Serif CJK SC")),
    FontRole("一级标题", "黑体", ("SimHei", "Noto Sans CJK SC")),
    FontRole("二级标题", "楷体_GB2312", ("楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC")),
    FontRole("页码", "宋体", ("SimSun", "Noto Serif CJK SC")),
)
FIX_FONTS = "sudo apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-hanazono"


def installed_families() -> frozenset[str]:
    """Family names of every installed font (each of a font's localised names counts)."""
    return _families(":")


def cjk_families() -> frozenset[str]:
    """Families of installed fonts that cover Chinese."""
    return _families(":lang=zh")


@cache
def _families(pattern: str) -> frozenset[str]:
    """Families fontconfig lists for a pattern; none when fontconfig is missing."""
    if shutil.which("fc-list") is None:
        return frozenset()
    listing = subprocess.run(
        ["fc-list", pattern, "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def substitute(role: FontRole) -> str | None:
    """The font that will be used for a role: the official one if installed, else a fallback."""
    installed = installed_families()
    return next((name for name in (role.official, *role.fallbacks) if name in installed), None)


def font_stack(role: FontRole) -> list[str]:
    """Every font a document names for a role, official first, rare-character fonts last."""
    return [role.official, *role.fallbacks, *RARE_FALLBACKS]
