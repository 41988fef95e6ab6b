"""Where the built-in templates and the sample county live, installed or in a source checkout.

The wheel carries ``templates/`` and ``data_samples/`` inside the package; a source checkout keeps
them at the top of the repository. Callers ask here and never build these paths themselves.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def builtin_templates() -> Path:
    """The folder of built-in templates."""
    return _shipped("templates")


def samples() -> Path:
    """The folder of the synthetic sample county."""
    return _shipped("data_samples")
