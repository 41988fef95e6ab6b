"""Chinese text justified to both edges of the type area, as Word and WPS justify it.

WeasyPrint justifies a line by widening its spaces, and Chinese has none: a line that ends
short — a number or a 文号 that cannot be split, a closing mark that cannot start the next line —
stays ragged on the right. After layout, each such line of a justified paragraph (not its last,
nor one ended by a ``<br>``) is spread by widening the letter spacing of its characters until its
last character touches the right edge of the type area. The text is drawn from each text box's
style when the PDF is written, so a box gets a copy of its style with the wider spacing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

EPSILON = 0.01
"""Less than this (in CSS pixels) is already flush."""


def justify(document: Any) -> None:
    """Spread every line of every justified paragraph of a laid-out document but its last."""
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure import boxes

    lines: list[tuple[Any, Any]] = []
    last: dict[Any, Any] = {}
    for page in document.pages:
        for block in page._page_box.descendants():
            if not isinstance(block, boxes.BlockContainerBox) or isinstance(
                block.style, AnonymousStyle
            ):
                continue
            if block.style["text_align_all"] != "justify":
                continue
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    lines.append((block, line))
                    last[block.element] = line
    for block, line in lines:
        if last.get(block.element) is not line:
            _spread(line, block.content_box_x() + block.width)


def _spread(line: Any, right: float) -> None:
    """Widen the letter spacing of a line's characters so that it ends at ``right``."""
    from weasyprint.formatting_structure import boxes

    if any(isinstance(box, boxes.InlineBox) and box.element_tag == "br" for box in _all(line)):
        return
    texts = [box for box in _all(line) if isinstance(box, boxes.TextBox) and box.text]
    count = sum(len(box.text) for box in texts)
    if not texts or count < 2:
        return
    end = max(box.position_x + box.width for box in _all(line) if box is not line)
    spacing = _letter_spacing(texts[-1].style)
    extra = (right - end + spacing) / (count - 1)
    if right - end < EPSILON or extra <= 0:
        return
    shift = 0.0
    for child in line.children:
        if child.is_in_normal_flow():
            shift = _widen(child, extra, shift)


def _widen(box: Any, extra: float, shift: float) -> float:
    """Move a box right by ``shift`` and widen its text by ``extra`` a character; the new shift."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += shift
        style = box.style.copy()
        style["letter_spacing"] = _letter_spacing(box.style) + extra
        box.style = style
        added = extra * len(box.text)
        box.width += added
        return shift + added
    if isinstance(box, boxes.InlineBox):
        start = shift
        box.position_x += shift
        for child in box.children:
            if child.is_in_normal_flow():
                shift = _widen(child, extra, shift)
        box.width += shift - start
        return shift
    box.translate(shift, 0)
    return shift


def _letter_spacing(style: Any) -> float:
    spacing = style["letter_spacing"]
    return 0.0 if spacing == "normal" else float(spacing)


def _all(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _all(child)
