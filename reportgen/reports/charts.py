"""Charts for reports, drawn with matplotlib in the CJK font the PDF uses.

Reports embed the same PNG files in HTML, PDF and DOCX, so a chart looks the same everywhere.
matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportgen.output.write import atomic_output
from reportgen.render.fonts import ROLES, substitute

DPI = 200


@cache
def _font_file() -> str | None:
    """The file of the heading font (黑体 or its substitute), for matplotlib's CJK labels.

    Asked of fontconfig once a process: a report draws several charts in the same font.
    """
    role = next(role for role in ROLES if role.role == "一级标题")
    family = substitute(role)
    if family is None:
        return None
    listing = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=False
    )
    return listing.stdout.strip() or None


def bar_chart(
    target: Path, labels: Sequence[str], values: Sequence[int], title: str, force: bool
) -> Path:
    """A horizontal bar chart with each bar's value written beside it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_file = _font_file()
    font = font_manager.FontProperties(fname=font_file) if font_file else None
    height = 0.8 + 0.42 * max(len(labels), 1)
    figure, axes = plt.subplots(figsize=(6.2, height), dpi=DPI)
    try:
        positions = list(range(len(labels)))[::-1]
        axes.barh(positions, values, color="#b22222")
        axes.set_yticks(positions, labels=list(labels), fontproperties=font)
        axes.set_title(title, fontproperties=font)
        for position, value in zip(positions, values, strict=True):
            axes.text(value, position, f" {value}", va="center", fontproperties=font)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_xlim(0, max([*values, 1]) * 1.15)
        figure.tight_layout()
        with atomic_output(target, force) as temporary:
            figure.savefig(temporary, format="png")
    finally:
        plt.close(figure)
    return target
