"""Pictures in documents: seals, charts and codes, checked as images and placed as Word drawings.

A document names a picture by its URI (``file:`` for a seal or a chart in the workspace, ``data:``
for one made for the document, such as a QR code). The PDF engine loads it through the resource
policy; for Word, each picture goes into the package once and every mention of its URI becomes a
drawing: a seal floats behind the 署名 as a stamp does, anything else stands inline, no wider than
the type area.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from reportgen.errors import Refused

EMU_PER_MM = 36000
SEAL_MM = 42
CODE_MM = 22
"""A slip's QR code: large enough for a phone at arm's length, small beside the slip's title."""
INLINE_MM = 150
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
KINDS = {"PNG": "png", "JPEG": "jpeg"}


class ImageRefused(Refused):
    """A picture that is not a PNG or JPEG within the limits, or not where pictures may come from."""


@dataclass(frozen=True)
class Picture:
    """A checked image: its bytes, format and size in pixels."""

    data: bytes
    extension: str
    width: int
    height: int
    dpi: float = 96.0


def check_image(data: bytes, what: str) -> Picture:
    """A PNG or JPEG within the size and pixel limits, or an error naming ``what``."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ImageRefused(f"{what}：图片超过 {MAX_BYTES // 1024 // 1024} MB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            dpi = float(image.info.get("dpi", (96, 96))[0] or 96)
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageRefused(f"{what}：不是 PNG 或 JPEG 图片") from None
    if kind not in KINDS:
        raise ImageRefused(f"{what}：图片格式为 {kind}，只能用 PNG 或 JPEG")
    if width * height > MAX_PIXELS:
        raise ImageRefused(f"{what}：图片像素过多（{width}×{height}）")
    return Picture(data, KINDS[kind], width, height, dpi)


def load_image(path: Path, what: str) -> Picture:
    """An image file, checked."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImageRefused(f"{what}：无法读取 {path}（{error.strerror}）") from None
    return check_image(data, what)


def data_uri(picture: Picture) -> str:
    """A ``data:`` URI holding a picture, for a document that carries its own (a QR code)."""
    encoded = base64.b64encode(picture.data).decode("ascii")
    return f"data:image/{picture.extension};base64,{encoded}"


def from_data_uri(uri: str) -> Picture:
    """The picture a ``data:`` URI holds, checked."""
    header, _, payload = uri.partition(",")
    if not header.endswith(";base64"):
        raise ImageRefused("文书中的图片数据不是 base64 编码")
    try:
        data = base64.b64decode(payload, validate=True)
    except ValueError:
        raise ImageRefused("文书中的图片数据无法解码") from None
    return check_image(data, "文书中的图片")


@dataclass(frozen=True)
class Placed:
    """A picture in the package: its part name and relationship id."""

    picture: Picture
    part: str
    rid: str


class Pictures:
    """The pictures one document shows: those of the batch, and those it brings itself."""

    def __init__(self, fixed: Mapping[str, Placed]) -> None:
        self.fixed = fixed
        self.added: dict[str, Placed] = {}
        self.drawings = 0

    def drawing(self, uri: str, role: str) -> str:
        """The run that draws a picture; a picture not allowed here is refused."""
        placed = self.fixed.get(uri) or self.added.get(uri)
        if placed is None:
            if not uri.startswith("data:"):
                raise ImageRefused(f"模板引用的图片 {_shown(uri)} 不是配置中登记的图片")
            index = len(self.added)
            picture = from_data_uri(uri)
            placed = Placed(
                picture, f"word/media/picture-{index}.{picture.extension}", f"rIdP{index}"
            )
            self.added[uri] = placed
        self.drawings += 1
        return _drawing(placed, role, self.drawings)

    def parts(self) -> dict[str, bytes]:
        """The package parts of the pictures this document brought."""
        return {placed.part: placed.picture.data for placed in self.added.values()}

    def relationships(self) -> str:
        """Relationship elements for every picture the document may show."""
        every = [*self.fixed.values(), *self.added.values()]
        return "".join(
            f'<Relationship Id="{placed.rid}" Type="{IMAGE_RELATIONSHIP}" '
            f'Target="{placed.part.removeprefix("word/")}"/>'
            for placed in every
        )


IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def placed_files(files: Iterable[Path]) -> dict[str, Placed]:
    """The batch's picture files (seals, charts), each checked, by file URI."""
    placed: dict[str, Placed] = {}
    for index, path in enumerate(dict.fromkeys(files)):
        picture = load_image(path, str(path))
        part = f"word/media/image-{index}.{picture.extension}"
        placed[path.as_uri()] = Placed(picture, part, f"rIdImage{index}")
    return placed


def _shown(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri[:60]


def _drawing(placed: Placed, role: str, number: int) -> str:
    picture = placed.picture
    if role in ("seal", "code"):
        width = height = (SEAL_MM if role == "seal" else CODE_MM) * EMU_PER_MM
        anchored = _SEAL if role == "seal" else _CODE
        return anchored.format(rid=placed.rid, cx=width, cy=height, id=number)
    natural = picture.width / picture.dpi * 25.4 * EMU_PER_MM
    width = round(min(natural, INLINE_MM * EMU_PER_MM))
    height = round(width * picture.height / picture.width)
    return _INLINE.format(rid=placed.rid, cx=width, cy=height, id=number)


_PICTURE = (
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="{id}" name="picture {id}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    "</a:graphic>"
)
_SEAL = (
    '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="251659264" behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>right</wp:align>'
    '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>-540000</wp:posOffset>'
    '</wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapNone/><wp:docPr id="{id}" name="seal {id}"/><wp:cNvGraphicFramePr/>'
    + _PICTURE
    + "</wp:anchor></w:drawing></w:r>"
)
"""A seal floating behind the 署名, at the right of the type area (GB/T 9704 §7)."""
_CODE = (
    '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="251660288" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>right</wp:align>'
    '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>-180000</wp:posOffset>'
    '</wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapNone/><wp:docPr id="{id}" name="code {id}"/><wp:cNvGraphicFramePr/>'
    + _PICTURE
    + "</wp:anchor></w:drawing></w:r>"
)
"""A slip's QR code at the right of its title, taking no room from the form below it."""
_INLINE = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{id}" name="picture {id}"/><wp:cNvGraphicFramePr/>'
    + _PICTURE
    + "</wp:inline></w:drawing></w:r>"
)
