"""Charts for reports, drawn with matplotlib in the CJK font the PDF uses.

Reports embed the same PNG files in HTML, PDF and DOCX, so a chart looks the same everywhere.
The charts of a report share one page of its 附件: each is drawn as tall as its bars need, and
when together they would not fit, their bars are drawn closer so that they do (an 附件 page with
one chart and a hole under it, the other chart pushed to the next page, is what this avoids).
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
WIDTH_IN = 6.2
"""Drawn 6.2 inches wide, shown 150 mm wide (the DOCX and the stylesheet both show it so)."""
SHOWN_MM = 150
FRAME_IN, BAR_IN, LEAST_BAR_IN = 0.8, 0.42, 0.2
"""Height of a chart's title and axis, and of one bar: as drawn, and at the closest."""
SHARED_PAGE_MM = 130
"""What the charts may take of an 附件 page together: 225 mm less its heading, title and captions."""


def heights(bars: Sequence[int], page_mm: float = SHARED_PAGE_MM) -> list[float]:
    """The height in inches of each of a page's charts, by its number of bars, to share the page."""
    scale = SHOWN_MM / (WIDTH_IN * 25.4)
    room = page_mm / 25.4 / scale - FRAME_IN * len(bars)
    wanted = BAR_IN * sum(max(count, 1) for count in bars)
    bar = max(LEAST_BAR_IN, min(BAR_IN, room / wanted * BAR_IN if wanted else BAR_IN))
    return [FRAME_IN + bar * max(count, 1) for count in bars]


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
    target: Path,
    labels: Sequence[str],
    values: Sequence[int],
    title: str,
    *,
    force: bool,
    height: float | None = None,
) -> Path:
    """A horizontal bar chart with each bar's value written beside it, ``height`` inches tall."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_file = _font_file()
    font = font_manager.FontProperties(fname=font_file) if font_file else None
    tall = height if height is not None else heights([len(labels)], page_mm=10_000)[0]
    figure, axes = plt.subplots(figsize=(WIDTH_IN, tall), dpi=DPI)
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
