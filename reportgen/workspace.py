"""The county workspace: profile, ledger and template overrides in one folder.

``reportgen init`` writes a starter workspace whose profile explains every setting in a comment
taken from the profile schema itself, so the starter never drifts from what the code accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.output.workbooks import LedgerSheet, write_ledger_workbook
from reportgen.output.write import refuse_existing, write_text
from reportgen.profile import Profile
from reportgen.resources import builtin_templates

PROFILE_FILE = "profile.yaml"
CONTENT_FILE = "内容.yaml"
LEDGER_FILE = "台账.xlsx"
OVERRIDES_DIR = "templates"


@dataclass(frozen=True)
class Workspace:
    """The files of a county workspace."""

    root: Path

    @property
    def profile(self) -> Path:
        """The county profile."""
        return self.root / PROFILE_FILE

    @property
    def ledger(self) -> Path:
        """The case ledger workbook."""
        return self.root / LEDGER_FILE

    @property
    def overrides(self) -> Path:
        """The folder of the county's template overrides."""
        return self.root / OVERRIDES_DIR


def init_workspace(root: Path, county: str, force: bool = False) -> list[Path]:
    """Write a starter workspace for a county; refuses to replace any file unless ``force``."""
    workspace = Workspace(root)
    readme = workspace.overrides / "README.md"
    content = root / CONTENT_FILE
    refuse_existing([workspace.profile, workspace.ledger, readme, content], force)
    profile = Profile(county=county)
    write_text(workspace.profile, starter_profile(profile), force)
    write_ledger_workbook(workspace.ledger, LedgerSheet(profile), force)
    guide = (builtin_templates() / "workspace" / "overrides-README.md").read_text(encoding="utf-8")
    write_text(readme, guide, force)
    starter = (builtin_templates() / "reports" / "content.yaml").read_text(encoding="utf-8")
    write_text(content, starter, force)
    return [workspace.profile, workspace.ledger, readme, content]


def starter_profile(profile: Profile) -> str:
    """A profile as commented YAML: each setting preceded by its documentation."""
    lines = [
        f"# {profile.county} 控辍保学 县区配置（reportgen）",
        "# 每一项上方的注释说明它的含义；改完后可用 reportgen validate 台账.xlsx --profile profile.yaml 检查。",
        "",
    ]
    for name, field in Profile.model_fields.items():
        lines.extend(f"# {line}" for line in (field.description or "").splitlines())
        lines.extend(_item_help(field.annotation))
        lines.append(_dump({name: _plain(getattr(profile, name))}).rstrip())
        lines.append("")
    return "\n".join(lines)


def _item_help(annotation: Any) -> list[str]:
    """For a list of sections, one comment line per key of an item, so staff can add entries."""
    args = getattr(annotation, "__args__", ())
    item = args[0] if args else annotation
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        return []
    return [
        f"#   {key}：{' '.join(field.description.split())}"
        for key, field in item.model_fields.items()
        if field.description
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
