"""Limits on what a template may cost: a county's template must not hang or exhaust the machine.

Jinja's sandbox keeps templates from Python's internals but not from work: two nested
``range(100000)`` loops, ``'x' * 10**9``, ``10**10**10``, ``'x'.ljust(10**9)`` or a format width of a
billion each run for minutes or take gigabytes. The sandbox here bounds each:

- every ``range`` of a render draws on one budget of iterations (:data:`MAX_ITERATIONS`);
- ``*``, ``**`` and ``%`` are checked before they run: no string, list or number they would make may
  exceed :data:`MAX_LENGTH` characters (or digits);
- a call or filter given a number above :data:`MAX_ARGUMENT`, or a format string with a width above
  it, is refused;
- the output of a document is read as it is produced and stopped at :data:`MAX_OUTPUT` characters
  or after :data:`MAX_SECONDS`.

Each refusal is a :class:`TemplateLimit`, which ``templating.render`` reports with the template's
name and line like any error of a template.
"""

from __future__ import annotations

import contextvars
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

MAX_ITERATIONS = 2_000_000
"""Loop steps over ``range`` in one document: a report's tables take a few thousand."""
MAX_LENGTH = 1_000_000
"""Characters of a string (or items of a list, digits of a number) an operator may make."""
MAX_ARGUMENT = 100_000
"""The largest number a call or a filter may take beside its value (a width, a count)."""
MAX_OUTPUT = 20_000_000
"""Characters of one rendered document: a thousand-page merged report is under a tenth of it."""
MAX_SECONDS = 60.0
"""Seconds one document may take while it produces output."""
_WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*?(\d+)[^{}]*\}")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class TemplateLimit(ArithmeticError):
    """A template asked for more work or output than a document may take."""


_budget: contextvars.ContextVar[list[int]] = contextvars.ContextVar("range_budget")


def limited_range(*arguments: int) -> range:
    """``range``, drawing on the render's budget of iterations."""
    numbers = safe_range(*arguments)
    budget = _budget.get(None)
    if budget is not None:
        budget[0] -= len(numbers)
        if budget[0] < 0:
            raise TemplateLimit(
                f"循环次数超过 {MAX_ITERATIONS} 次，模板可能有死循环或嵌套过深的循环"
            )
    return numbers


def guarded(chunks: Iterable[str]) -> str:
    """A render's output, stopped when it grows past the size or time a document may take."""
    token = _budget.set([MAX_ITERATIONS])
    try:
        return "".join(_watched(iter(chunks)))
    finally:
        _budget.reset(token)


def _watched(chunks: Iterator[str]) -> Iterator[str]:
    start, size = time.monotonic(), 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateLimit(f"生成的内容超过 {MAX_OUTPUT // 1_000_000} 百万字，已停止")
        if time.monotonic() - start > MAX_SECONDS:
            raise TemplateLimit(f"生成一份文书超过 {MAX_SECONDS:.0f} 秒，已停止")
        yield chunk


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with the limits above on operators, calls and filters."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *arguments: Any, **options: Any) -> None:
        super().__init__(*arguments, **options)
        self.globals["range"] = limited_range

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``student.name`` read straight from a plain dict, everything else the sandbox's way.

        The sandbox looks an attribute up on the object first and, a dict having none of that
        name, reads the key after an AttributeError: a sixth of a Word notice's rendering time.
        A key of a plain dict that is not one of dict's own attributes is where that path ends.
        """
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse an operation whose result would be too large, before making it."""
        if operator == "*":
            _check_product(left, right)
            return left * right
        if operator == "**":
            _check_power(left, right)
            return left**right
        if isinstance(left, str):
            _check_widths(left)
        return left % right

    def call(
        __self,  # noqa: N805  (the sandbox's own signature: a template may pass ``self``)
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Refuse a call given an enormous number."""
        _check_arguments((*args, *kwargs.values()))
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` as the sandbox wraps it, refused for a format with an enormous width."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_widths(value.__self__)
        return wrapped


def limited_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Filters that refuse an enormous argument beside their value (``center(10**9)``)."""
    return {name: _limited(function) for name, function in filters.items()}


def _limited(function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 2 if getattr(function, "jinja_pass_arg", None) else 1  # the context, then the value

    def limited(*args: Any, **kwargs: Any) -> Any:
        _check_arguments((*args[skip:], *kwargs.values()))
        value = args[skip - 1] if len(args) >= skip else None
        if function.__name__ == "do_format" and isinstance(value, str):
            _check_widths(value)
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, attribute):
            setattr(limited, attribute, getattr(function, attribute))
    return limited


def _check_arguments(values: Iterable[Any]) -> None:
    for value in values:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and (not math.isfinite(value) or abs(value) > MAX_ARGUMENT):
            raise TemplateLimit(f"模板中的数字 {_shown(value)} 过大（不能超过 {MAX_ARGUMENT}）")


def _check_product(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        repeated = isinstance(sequence, str | list | tuple) and isinstance(times, int)
        if repeated and len(sequence) * times > MAX_LENGTH:
            raise TemplateLimit(f"重复得到的内容超过 {MAX_LENGTH} 个字符")
    numbers = isinstance(left, int) and isinstance(right, int)
    if numbers and left.bit_length() + right.bit_length() > MAX_LENGTH:
        raise TemplateLimit("乘积的位数过多")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int | float) and isinstance(exponent, int | float):
        size = abs(exponent) * math.log2(abs(base) + 1)
        if size > MAX_LENGTH or (isinstance(base, float) and abs(exponent) > MAX_ARGUMENT):
            raise TemplateLimit(f"乘方 {_shown(base)}**{_shown(exponent)} 的结果过大")


def _check_widths(text: str) -> None:
    for match in _WIDTH.finditer(text):
        width = int(match.group(1) or match.group(2))
        if width > MAX_ARGUMENT:
            raise TemplateLimit(f"格式中的宽度 {width} 过大（不能超过 {MAX_ARGUMENT}）")


def _shown(value: Any) -> str:
    text = str(value) if not isinstance(value, int) or value.bit_length() < 64 else "（极大的数）"
    return text[:20]
