"""An HTML template's source as tokens: HTML tags, text and Jinja tags, with their line numbers.

The first step of translating a template for Word (``wordml``): Jinja tags are masked before the
HTML is scanned, so that a tag inside an attribute or between a table's cells stays in its place,
and each token keeps the template line it came from for the messages that name it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_MARK = re.compile("\x00(\\d+)\n*\x00")
_HTML = re.compile(
    r"<!--.*?-->|<![^>]*>|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([A-Za-z_:][-\w:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
INNER = re.compile(r"^\{([{%])-?\s*(.*?)\s*-?[}%]\}$", re.DOTALL)


@dataclass
class Token:
    """One piece of a template: a tag, a run of text or a Jinja tag."""

    kind: str
    """start, end, text, expr, stmt or comment."""
    value: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def inner(self) -> str:
        """A Jinja tag's content without its delimiters and whitespace control."""
        match = INNER.match(self.value)
        return match.group(2) if match else self.value

    @property
    def keyword(self) -> str:
        words = self.inner.split()
        return words[0] if words else ""


def tokenize(source: str) -> list[Token]:
    """The template as HTML tags, text and Jinja tags, in order, with their line numbers."""
    tags: list[str] = []

    def mask(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        return f"\x00{len(tags) - 1}" + "\n" * match.group(0).count("\n") + "\x00"

    masked = JINJA.sub(mask, source)
    tokens: list[Token] = []
    position, line = 0, 1
    for match in _HTML.finditer(masked):
        tokens += _text_tokens(masked[position : match.start()], tags, line)
        line += masked.count("\n", position, match.start())
        if match.group(2):
            name = match.group(2).lower()
            kind = "end" if match.group(1) else "start"
            attrs = {
                key.lower(): _unmask(value.strip("\"'") if value else "", tags)
                for key, value in _ATTRIBUTE.findall(match.group(3))
            }
            tokens.append(Token(kind, name, line, attrs))
        line += match.group(0).count("\n")
        position = match.end()
    tokens += _text_tokens(masked[position:], tags, line)
    return tokens


def _text_tokens(text: str, tags: list[str], line: int) -> Iterator[Token]:
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            yield Token("text", text[position : match.start()], line)
        line += text.count("\n", position, match.end())
        tag = tags[int(match.group(1))]
        kind = {"{": "expr", "%": "stmt", "#": "comment"}[tag[1]]
        yield Token(kind, tag, line)
        position = match.end()
    if position < len(text):
        yield Token("text", text[position:], line)


def _unmask(value: str, tags: list[str]) -> str:
    return _MARK.sub(lambda match: tags[int(match.group(1))], value)
