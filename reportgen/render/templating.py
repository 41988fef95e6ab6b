"""The one Jinja environment every document is rendered with: layered, sandboxed, strict, escaped.

Counties edit templates, so templates are treated as untrusted-ish:
- the sandbox refuses access to Python internals (``{{ ''.__class__.__mro__ }}``);
- StrictUndefined turns a misspelt variable into an error instead of a silent blank;
- autoescaping is on for HTML and for DOCX XML alike (without it an ``&`` or ``<`` in a name
  silently cuts a Word paragraph short).

Templates are looked up in the county's override folder first and among the built-ins last; the
prefix ``builtin:`` always names the built-in, so an override can ``{% extends "builtin:…" %}``
and change one block instead of copying the whole file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError

__all__ = [
    "TemplateError",
    "TemplateProblem",
    "TemplateSyntaxError",
    "describe",
    "environment",
    "load",
    "render",
    "template_file",
]
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.errors import ReportgenError
from reportgen.render.filters import FILTERS
from reportgen.resources import builtin_templates

BUILTIN_PREFIX = "builtin"


class TemplateProblem(ReportgenError):
    """A template cannot be found, compiled or rendered; the message says where and why."""


def environment(overrides: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment with the county's folder layered over the built-in templates."""
    builtin = FileSystemLoader(builtin_templates())
    layers: list[BaseLoader] = [PrefixLoader({BUILTIN_PREFIX: builtin}, delimiter=":")]
    if overrides is not None and overrides.is_dir():
        layers.append(FileSystemLoader(overrides))
    layers.append(builtin)
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(layers),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def template_file(overrides: Path | None, name: str) -> Path:
    """A template file (a DOCX, which Jinja does not load): the county's if it has one, else built-in."""
    county = overrides / name if overrides is not None else None
    return county if county is not None and county.is_file() else builtin_templates() / name


def load(env: ImmutableSandboxedEnvironment, name: str) -> Template:
    """A template by name, with a clear message when it is missing or does not compile."""
    try:
        return env.get_template(name)
    except TemplateNotFound:
        raise TemplateProblem(f"找不到模板 {name}（本县模板文件夹和内置模板中都没有）") from None
    except TemplateSyntaxError as error:
        raise TemplateProblem(describe(error, name)) from None


def render(template: Template, context: Mapping[str, Any]) -> str:
    """Render a template; sandbox refusals and missing variables become user messages."""
    try:
        return template.render(context)
    except TemplateError as error:
        raise TemplateProblem(describe(error, template.name or "模板")) from None


def describe(error: TemplateError, name: str) -> str:
    """A template error in plain Chinese, with its place when Jinja knows it."""
    line = getattr(error, "lineno", None)
    where = f"{getattr(error, 'filename', None) or name}" + (f" 第 {line} 行" if line else "")
    if isinstance(error, SecurityError):
        return f"{where}：模板试图访问 Python 内部属性，已拒绝（{error.message}）"
    if isinstance(error, UndefinedError):
        return f"{where}：模板用到了没有提供的变量（{error.message}）"
    if isinstance(error, TemplateSyntaxError):
        return f"{where}：模板语法错误（{error.message}）"
    return f"{where}：{error.message or error}"
