"""Cells whose values come from the county's own tables: category, reason, status, township.

Each parser checks a cell against the profile's code table and says, when it cannot read it,
what the county's table allows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from reportgen.intake.text import (
    CellError,
    CellWarning,
    cell_text,
    free_text,
    parse_code,
    simplified,
    squeeze,
)
from reportgen.profile import Profile


class CountyCodes:
    """Parsers for the coded columns, bound to one county's profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def parsers(self) -> dict[str, Callable[[Any], Any]]:
        """Each coded field's parser, by field key."""
        return {
            "category": self.category,
            "reason": self.reason,
            "status": self.status,
            "township": self.township,
        }

    def category(self, value: object) -> str:
        """A category code of the county's table: ``h``, ``H类`` and ``H类（出国在外）`` are H.

        A category written as its name alone (出国在外) is its code; a name close to one is refused
        with the code it most likely means.
        """
        try:
            code = parse_code(value)
        except CellError:
            return self._category_named(squeeze(cell_text(value)))
        category = self.profile.category(code)
        if category is None:
            known = "、".join(f"{item.code}（{item.name}）" for item in self.profile.categories)
            raise CellError(f"类别代码 {code} 不在本县代码表中；可用：{known}")
        written = re.search(r"[(（](.+)[)）]", cell_text(value))
        if written and squeeze(written.group(1)) != category.name:
            raise CellWarning(code, f"括号里的名称与代码不符：{code} 类是“{category.name}”")
        return code

    def _category_named(self, name: str) -> str:
        codes = {item.name: item.code for item in self.profile.categories}
        bare = simplified(name).removesuffix("类")
        if bare in codes:
            return codes[bare]
        close = difflib.get_close_matches(bare, codes, n=1, cutoff=0.5)
        if close:
            code = codes[close[0]]
            raise CellError(
                f"类别应写代码；“{name}”是不是 {code}（{close[0]}）？是的话请写作 {code}"
            )
        known = "、".join(f"{item.code}（{item.name}）" for item in self.profile.categories)
        raise CellError(
            f"应为类别代码，如 A、H 或 A2（可写作“H类”或“H类（出国在外）”）；可用：{known}"
        )

    def reason(self, value: object) -> str:
        """A reason code of the county's table, or the reason as written."""
        text = free_text(value)
        try:
            code = parse_code(text)
        except CellError:
            return text
        return code if any(reason.code == code for reason in self.profile.reasons) else text

    def status(self, value: object) -> str:
        """A status of the county's table (劝返中 written 勸返中 too)."""
        name = squeeze(cell_text(value))
        status = self.profile.status(name) or self.profile.status(simplified(name))
        if status is None:
            known = "、".join(status.name for status in self.profile.statuses)
            raise CellError(f"状态不在本县状态表中；可用：{known}")
        return status.name

    def township(self, value: object) -> str:
        """A township of the county (or one of its aliases), as the profile names it."""
        name = squeeze(cell_text(value))
        if not self.profile.townships:
            return name
        township = self.profile.township(name) or self.profile.township(simplified(name))
        if township is None:
            known = "、".join(t.name for t in self.profile.townships)
            raise CellError(f"不是本县的乡镇（街道）；县区配置里有：{known}")
        return township.name
