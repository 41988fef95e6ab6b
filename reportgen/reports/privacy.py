"""Public reports name no child: the county's own text is checked against the ledger's people.

A report is a public document. Every piece of text a report takes from the county — its content
file, the reasons in its statistics file — is searched for the names of the ledger's children and
guardians, their ID numbers and their phone numbers. A hit is refused, naming the file and the
line, or (when the profile says so) masked as the filters mask: 张*三, 410526********001X,
139****5678. Names of one character are masked too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from reportgen.casework.cases import Case
from reportgen.errors import ReportgenError
from reportgen.render.filters import mask_id, mask_name, mask_phone

_ID = re.compile(r"\d{17}[\dXx]")
_PHONE = re.compile(r"(?<!\d)(?:1\d{10}|0\d{2,3}-?\d{7,8})(?!\d)")
_SHORTEST, _LONGEST = 2, 4
"""Chinese names to look for by length; longer ones (with ·) are searched for whole."""


class NamesInPublicText(ReportgenError):
    """County text for a public report names a child, a guardian, an ID number or a phone."""


@dataclass(frozen=True)
class People:
    """What identifies the ledger's people: names, ID numbers and phone numbers."""

    names: frozenset[str]
    ids: frozenset[str]
    phones: frozenset[str]

    @classmethod
    def of(cls, cases: Iterable[Case]) -> People:
        names, ids, phones = set(), set(), set()
        for case in cases:
            names |= {name for name in (case.name, case.guardian) if len(name) >= _SHORTEST}
            ids |= {case.id_number.upper()} if case.id_number else set()
            phones |= {re.sub(r"\D", "", case.phone)} if case.phone else set()
        return cls(frozenset(names), frozenset(ids), frozenset(phones))

    def found(self, text: str) -> list[str]:
        """The names, ID numbers and phone numbers of the ledger that a text holds."""
        hits = [name for name in self._names_in(text)]
        hits += [number for number in _ID.findall(text) if number.upper() in self.ids]
        hits += [phone for phone in _PHONE.findall(text) if re.sub(r"\D", "", phone) in self.phones]
        return list(dict.fromkeys(hits))

    def _names_in(self, text: str) -> Iterator[str]:
        for length in range(_SHORTEST, _LONGEST + 1):
            for start in range(len(text) - length + 1):
                if text[start : start + length] in self.names:
                    yield text[start : start + length]
        yield from (name for name in self.names if len(name) > _LONGEST and name in text)

    def masked(self, text: str) -> str:
        """The text with every name, ID number and phone of the ledger masked."""
        for hit in sorted(self.found(text), key=len, reverse=True):
            if _ID.fullmatch(hit):
                text = text.replace(hit, mask_id(hit))
            elif _PHONE.fullmatch(hit):
                text = text.replace(hit, mask_phone(hit))
            else:
                text = text.replace(hit, mask_name(hit))
        return text


def check_file(path: Path, people: People, keys: Iterable[str] = ()) -> list[str]:
    """Where a YAML file's text names the ledger's people: file, line and what was found.

    ``keys`` limits the search to the values under those keys (e.g. a statistics file's
    ``reason``); without them every string of the file is searched.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []  # the file's own reader reports what is wrong with it
    wanted = set(keys)
    found = []
    for key, node in _scalars(root, None):
        if wanted and key not in wanted:
            continue
        hits = people.found(str(node.value))
        if hits:
            found.append(f"{path.name} 第 {node.start_mark.line + 1} 行：{'、'.join(hits)}")
    return found


def _scalars(
    node: yaml.Node | None, key: str | None
) -> Iterator[tuple[str | None, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        yield key, node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key)
    elif isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            yield from _scalars(value, str(name.value))


def refuse_names(found: list[str]) -> None:
    """Stop a public report whose county text names the ledger's people."""
    if found:
        raise NamesInPublicText(
            "报告是公开文件，县里写的文字中出现了台账中学生或监护人的姓名、身份证号或电话，报告未生成：\n  "
            + "\n  ".join(found)
            + "\n请改为不指名的写法（如“王某某”），或在配置中设 public_text: mask，由 reportgen 按脱敏规则改写。"
        )
