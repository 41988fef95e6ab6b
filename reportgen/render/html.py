"""HTML: the preview format, and what WeasyPrint turns into print PDFs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reportgen.render import templating
from reportgen.render.fonts import ROLES, font_stack, weight

CSS_ROLES = {
    "title": "标题",
    "body": "正文",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "page_number": "页码",
}
"""The font stacks the stylesheet names, by its variable name and the layout role."""


def font_families() -> dict[str, Markup]:
    """Each role's CSS font-family list (the official font first, installed fallbacks after) and,
    as ``<name>_weight``, the weight it is drawn in (a stand-in for 方正小标宋 is drawn bold)."""
    by_role = {role.role: role for role in ROLES}
    families = {
        name: Markup(", ".join(f'"{family}"' for family in font_stack(by_role[role])))
        for name, role in CSS_ROLES.items()
    }
    weights = {f"{name}_weight": Markup(weight(by_role[role])) for name, role in CSS_ROLES.items()}
    return {**families, **weights}


@dataclass
class HtmlRenderer:
    """Renders one document kind's HTML template, compiled once for a whole batch."""

    template_name: str
    overrides: Path | None = None

    def __post_init__(self) -> None:
        env = templating.environment(self.overrides)
        self.template = templating.load(env, self.template_name)
        self.fonts = font_families()
        self.wrapper = env.from_string(_WRAPPER)

    def render(self, context: Mapping[str, Any]) -> str:
        """The complete HTML document for one context."""
        return templating.render(self.template, {**context, "fonts": self.fonts})

    def page(self, body: str, title: str) -> str:
        """A complete HTML document around body markup made elsewhere (read from a DOCX)."""
        return templating.render(
            self.wrapper, {"body": Markup(body), "title": title, "fonts": self.fonts}
        )


_WRAPPER = (
    '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}'
    "{% block body %}{{ body }}{% endblock %}"
)
