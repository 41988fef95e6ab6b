"""A photo or scan of a signed slip (送达回证, 回执, 回函): which document it belongs to, by its QR code.

The code (``render.codes``) holds the slip's name and its document's 文号, or the register id of a
document without one. A phone photo is checked as any picture is (PNG or JPEG, within the size
limits), turned upright by its EXIF orientation and searched for codes in every direction; codes
that are not reportgen's are ignored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportgen.errors import Refused
from reportgen.render.codes import read_slip_text
from reportgen.render.images import check_image


class NoSlipCode(Refused):
    """The picture holds no code of a reportgen slip."""


@dataclass(frozen=True)
class Slip:
    """What a slip's code says: the slip's name and its document (文号 or register id)."""

    slip: str
    document: str


def read_slips(data: bytes, what: str = "回证照片") -> list[Slip]:
    """Every reportgen slip code in a picture, or an error saying none was found."""
    import zxingcpp
    from PIL import Image, ImageOps

    picture = check_image(data, what)
    with Image.open(io.BytesIO(picture.data)) as image:
        upright = ImageOps.exif_transpose(image).convert("L")
    found = [read_slip_text(code.text) for code in zxingcpp.read_barcodes(upright)]
    slips = [Slip(*pair) for pair in found if pair]
    if not slips:
        raise NoSlipCode(
            f"{what}中没有找到回证的二维码：请把整张回证拍清楚（二维码不要反光、不要太小）后重新上传，"
            "或在下面直接填写送达情况"
        )
    return slips
