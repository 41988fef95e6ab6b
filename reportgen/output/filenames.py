"""File names made from data: safe on every system, inside the output folder, of bounded length.

A child's name or a school's comes from a spreadsheet anyone can type into, so it may hold path
separators (``../../x``), characters Windows forbids, control characters or a device name such as
CON. Names are cleaned of all of these and cut to a length every file system accepts.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
MAX_BYTES = 180
"""Room under the 255-byte limit of ext4 and NTFS for a suffix and a temporary-file prefix."""


def safe_name(*parts: str) -> str:
    """Parts joined by ``_`` into one safe file name stem (without extension)."""
    text = "_".join(_clean(part) for part in parts if _clean(part))
    text = text.strip(" .") or "未命名"
    if _RESERVED.match(text):
        text = f"_{text}"
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    return text


def _clean(part: str) -> str:
    normalised = unicodedata.normalize("NFC", part)
    return _FORBIDDEN.sub("-", normalised).replace("..", "-").strip(" .-")
