"""YAML (or JSON) settings files read into typed models, every problem named by its key.

The county profile, the statistics file and the narrative content file are all written by hand
by county staff. Each is validated by a pydantic model, and every problem is reported at once, in
Chinese, with the key it is under (``townships[2].abbreviation``), never as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import ReportgenError

Model = TypeVar("Model", bound=BaseModel)


class Settings(BaseModel):
    """Base of every hand-written settings section: unknown keys are typos, each key documented."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


def documented(root: type[BaseModel]) -> dict[str, str | None]:
    """Every key of a settings file with its docstring, keyed ``Section.key``.

    The sections are found by walking the root model's fields (lists and optional values
    included), so a section added later cannot be left out of the documentation check.
    """
    return {
        f"{section.__name__}.{name}": field.description
        for section in _sections(root)
        for name, field in section.model_fields.items()
    }


def _sections(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The root model and every model reachable from its fields, each once, root first."""
    found: list[type[BaseModel]] = []
    waiting: list[Any] = [root]
    while waiting:
        annotation = waiting.pop(0)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                waiting += [field.annotation for field in annotation.model_fields.values()]
        else:
            waiting += list(get_args(annotation))
    return found


_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的设置项（可能拼错了）",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期，如 2024-03-01",
    "date_parsing": "应为日期，如 2024-03-01",
    "date_type": "应为日期，如 2024-03-01",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为“键: 值”的映射",
    "model_type": "应为“键: 值”的映射",
    "string_pattern_mismatch": "格式不对，应为“月-日”，如 08-31",
}


def load_model(path: Path, model: type[Model], what: str, error: type[ReportgenError]) -> Model:
    """A file's contents validated as ``model``; ``what`` names the file kind in messages."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise error(f"{path}：找不到{what}文件") from None
    except (yaml.YAMLError, UnicodeDecodeError) as problem:
        raise error(f"{path}：不是有效的 YAML 文件（{problem}）") from None
    if not isinstance(data, dict):
        raise error(f"{path}：应为“键: 值”的映射")
    try:
        return model.model_validate(data)
    except ValidationError as problem:
        raise error(describe(path, what, problem)) from None


def describe(path: Path, what: str, error: ValidationError) -> str:
    """Every validation problem of a file, one line each, under the key it concerns."""
    lines = [f"{path}：{what}有 {error.error_count()} 处问题"]
    for item in error.errors():
        key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"])
        lines.append(f"  {key.lstrip('.') or '(整个文件)'}：{wording(item)}")
    return "\n".join(lines)


def wording(item: ErrorDetails) -> str:
    """One pydantic error in Chinese."""
    return _message(item["type"], item.get("ctx", {})) or str(item["msg"])


def _message(kind: str, context: dict[str, Any]) -> str | None:
    """The Chinese wording of a pydantic error type, with its bounds or choices filled in."""
    if kind == "literal_error":
        return f"应为 {str(context['expected']).replace(' or ', ' 或 ')} 之一"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        return f"应{'不小于' if kind == 'greater_than_equal' else '不大于'} {bound}"
    if kind == "value_error":
        return str(context["error"])
    return _MESSAGES.get(kind)
