"""The QR code on every slip that comes back signed: 送达回证, 回执, 回函.

The code says which document the slip belongs to, so that a photo or a scan of the signed slip is
enough to record its service (``reportgen register served --scan``). Its text is a short label
and the document's 文号 (or, for a document without one, its register id), readable by any phone.
"""

from __future__ import annotations

import io
import re

from reportgen.render.images import Picture, check_image, data_uri

LABEL = "KCBX"
"""What every reportgen slip code starts with, so that other codes in a photo are ignored."""
_CODE = re.compile(rf"^{LABEL}\|(?P<slip>[^|]+)\|(?P<document>.+)$")


def slip_text(slip: str, document: str) -> str:
    """The text a slip's code holds: the slip's name and its document's 文号 (or register id)."""
    return f"{LABEL}|{slip}|{document}"


def read_slip_text(text: str) -> tuple[str, str] | None:
    """The slip's name and its document, from a code's text; None for a code not ours."""
    match = _CODE.match(text.strip())
    return (match["slip"], match["document"]) if match else None


def slip_code(slip: str, document: str) -> str:
    """A ``data:`` URI of the slip's QR code, as a PNG both engines can show."""
    import segno

    buffer = io.BytesIO()
    segno.make(slip_text(slip, document), error="m", micro=False).save(
        buffer, kind="png", scale=4, border=2
    )
    picture: Picture = check_image(buffer.getvalue(), "二维码")
    return data_uri(picture)
