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

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
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
from markupsafe import Markup, escape

__all__ = [
    "TemplateError",
    "TemplateProblem",
    "TemplateSyntaxError",
    "describe",
    "docx_environment",
    "environment",
    "load",
    "render",
    "template_file",
]
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.errors import Refused, ReportgenError
from reportgen.render.filters import FILTERS
from reportgen.render.limits import LimitedSandbox, TemplateLimit, guarded, limited_filters
from reportgen.render.wordml import convert
from reportgen.resources import builtin_templates

BUILTIN_PREFIX = "builtin"


class TemplateProblem(ReportgenError):
    """A template cannot be found, compiled or rendered; the message says where and why."""


class TemplateRefused(Refused):
    """A template file is a link to a file outside its folder."""


def environment(overrides: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment with the county's folder layered over the built-in templates."""
    env = _sandbox(_layers(overrides))
    env.finalize = _whole_number
    return env


_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,8}〔\d{4}〕\d+号")


def _whole_number(value: object) -> object:
    """Text whose 文号 are printed on one line each: the PDF would break one before its 〔 or
    its 号."""
    if not isinstance(value, str) or isinstance(value, Markup) or "〔" not in value:
        return value
    return Markup(_DOCUMENT_NUMBER.sub(r'<span class="whole">\g<0></span>', str(escape(value))))


def text_environment(overrides: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The sandbox for the county's own text (a content file): its output is text, not markup.

    Nothing is escaped while rendering; the result is escaped once, as any text, wherever a
    document shows it, so a ``<script>`` a county types is printed, never run.
    """
    env = _sandbox(_layers(overrides))
    env.autoescape = False
    return env


def docx_environment(
    overrides: Path | None = None, draw: Callable[[str, str], str] | None = None
) -> ImmutableSandboxedEnvironment:
    """The same templates, each read as its WordprocessingML twin (see :mod:`.wordml`).

    ``draw`` turns a picture's URI into a Word drawing for the document being rendered; it is a
    global, so that macros imported without context (a seal in the 署名 macro) reach it too.
    """
    env = _sandbox(WordLoader(_layers(overrides)))
    env.globals["docx_image"] = _drawing(draw)
    return env


def _layers(overrides: Path | None) -> BaseLoader:
    builtin = ContainedLoader(builtin_templates())
    layers: list[BaseLoader] = [PrefixLoader({BUILTIN_PREFIX: builtin}, delimiter=":")]
    if overrides is not None and overrides.is_dir():
        layers.append(ContainedLoader(overrides))
    layers.append(builtin)
    return ChoiceLoader(layers)


class ContainedLoader(FileSystemLoader):
    """Templates of one folder, and only of it: a symbolic link leading out of it is refused.

    Without this, a link in the county's folder named ``notices/deadline.html`` would let
    ``{% include %}`` print any file the account can read.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            raise TemplateRefused(
                f"模板 {template} 是指向模板文件夹之外的链接（{Path(filename).resolve()}），已拒绝；"
                "请把模板文件本身放进模板文件夹"
            )
        return source, filename, uptodate


def _sandbox(loader: BaseLoader) -> ImmutableSandboxedEnvironment:
    env = LimitedSandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters = limited_filters({**env.filters, **FILTERS})
    return env


class WordLoader(BaseLoader):
    """Serves every HTML template translated into WordprocessingML, stylesheets as nothing."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if not template.endswith(".html"):
            return "", filename, uptodate
        return convert(source, template.removeprefix(f"{BUILTIN_PREFIX}:")), filename, uptodate


def _drawing(draw: Callable[[str, str], str] | None) -> Callable[..., Markup]:
    def docx_image(src: object, role: str = "inline") -> Markup:
        """A picture as a Word drawing, or nothing for a picture not given."""
        if not src:
            return Markup("")
        if draw is None:
            raise TemplateProblem("这份文书不能带图片")
        return Markup(draw(str(src), role))

    return docx_image


def template_file(overrides: Path | None, name: str) -> Path:
    """A template file (a DOCX, which Jinja does not load): the county's if it has one, else built-in."""
    return county_file(overrides, name) or builtin_templates() / name


def county_file(overrides: Path | None, name: str) -> Path | None:
    """The county's own template file of a name, or None when the county has none."""
    county = overrides / name if overrides is not None else None
    return county if county is not None and county.is_file() else None


def load(env: ImmutableSandboxedEnvironment, name: str) -> Template:
    """A template by name, with a clear message when it is missing or does not compile."""
    try:
        return env.get_template(name)
    except TemplateNotFound:
        raise TemplateProblem(f"找不到模板 {name}（本县模板文件夹和内置模板中都没有）") from None
    except TemplateSyntaxError as error:
        raise TemplateProblem(describe(error, name)) from None


RUNTIME_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, MemoryError)
"""What a template's own expressions can raise (1/0, 10**10**10, a missing key, endless macros)."""


def render(template: Template, context: Mapping[str, Any]) -> str:
    """Render a template; every error it meets becomes a message naming the template and line."""
    name = template.name or "模板"
    try:
        return guarded(template.generate(context))
    except TemplateError as error:
        raise TemplateProblem(describe(error, name)) from None
    except ReportgenError:
        raise
    except RUNTIME_ERRORS as error:
        line = _template_line(error.__traceback__, template)
        where = f"{name} 第 {line} 行" if line else name
        if isinstance(error, TemplateLimit):
            raise TemplateProblem(f"{where}：{error}，未生成") from None
        kind = type(error).__name__
        raise TemplateProblem(f"{where}：模板运行时出错（{kind}：{error}），未生成") from None


def _template_line(trace: TracebackType | None, template: Template) -> int | None:
    """The template line an error arose on: Jinja gives its frames the template's file and line."""
    line = None
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_filename in (template.filename, "<template>"):
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


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
