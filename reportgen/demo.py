"""``reportgen demo``: the whole job on the bundled sample county, as a new user first sees it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.cases import Ledger
from reportgen.ledger import load_ledger
from reportgen.problems import to_json
from reportgen.profile import load_profile
from reportgen.resources import samples
from reportgen.write import refuse_existing, write_text

SAMPLE_COUNTY = "示范县"
CHECK_FILE = "台账校验结果.txt"
CHECK_JSON = "台账校验结果.json"


@dataclass(frozen=True)
class DemoResult:
    """What the demo read and what it wrote."""

    ledger: Ledger
    written: list[Path]


def sample_workspace() -> Path:
    """The folder of the sample county's profile and ledger."""
    return samples() / SAMPLE_COUNTY


def run_demo(out: Path, force: bool = False) -> DemoResult:
    """Validate the sample ledger against the sample profile and write the findings to ``out``."""
    workspace = sample_workspace()
    profile = load_profile(workspace / "profile.yaml")
    ledger = load_ledger(workspace / "台账.xlsx", profile)
    targets = [out / CHECK_FILE, out / CHECK_JSON]
    refuse_existing(targets, force)
    lines = [ledger.summary(), *(f"{p.severity.value}\t{p}" for p in ledger.problems)]
    write_text(targets[0], "\n".join(lines) + "\n", force)
    write_text(targets[1], to_json(ledger.problems) + "\n", force)
    return DemoResult(ledger, targets)
