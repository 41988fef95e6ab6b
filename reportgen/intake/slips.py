"""Photos and scans of signed slips: the QR code on each says which document it belongs to.

Every 送达回证, 回执 and 回函 reportgen prints carries a code (``render.codes``) naming the slip and
its document. Officers photograph the signed slips with a phone or scan them, often askew, as
JPEG or a multi-page TIFF, a few to a page; this stage finds every code of ours in each image
(zxing-cpp) and says plainly which files hold none, or cannot be read, before anything is recorded.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import EnvironmentProblem, InputUnreadable
from reportgen.render.codes import read_slip_text

SLIPS = {"送达回证": "served", "协查回函": "reply", "回函": "reply", "回执": "receipt"}
"""The slips that come back signed, by the name their QR code carries, and what each records."""
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")
MAX_SCAN_PIXELS = 80_000_000
"""A 50-megapixel photo is read; a picture that claims more is not decoded."""


@dataclass(frozen=True)
class Slip:
    """One of our codes found in a photo or scan: the slip it is on and the document it names."""

    image: Path
    slip: str
    document: str
    """The document's 文号, or its register id for a document without one."""

    @property
    def kind(self) -> str:
        """The event the signed slip records: served, reply or receipt."""
        return SLIPS[self.slip]

    def __str__(self) -> str:
        return f"{self.image.name}（{self.slip} {self.document}）"


class ScanUnreadable(InputUnreadable):
    """Images that cannot be read, or hold none of our codes: nothing was recorded."""


def read_slips(paths: Sequence[Path]) -> list[Slip]:
    """The slips whose codes the photos or scans show (a folder: every image in it), all or none."""
    found: list[Slip] = []
    problems: list[str] = []
    for image in _images(paths, problems):
        try:
            texts = _codes(image)
        except ScanUnreadable as unreadable:
            problems.append(str(unreadable))
            continue
        ours = [read for text in texts if (read := read_slip_text(text)) is not None]
        strange = [slip for slip, _ in ours if slip not in SLIPS]
        if strange:
            known = "、".join(SLIPS)
            problems.append(f"{image}：二维码上的回单是“{strange[0]}”，不是可登记的回单（{known}）")
        elif not ours:
            problems.append(f"{image}：{_no_code(len(texts))}")
        found += [Slip(image, slip, document) for slip, document in dict.fromkeys(ours)]
    if problems:
        shown = "\n".join(f"  {problem}" for problem in problems)
        raise ScanUnreadable(f"未登记任何一份，图片有 {len(problems)} 处问题：\n{shown}")
    return found


def _no_code(others: int) -> str:
    if others:
        return f"图中有 {others} 个二维码，都不是 reportgen 回单上的"
    return "没有找到 reportgen 回单上的二维码；请把二维码拍清楚（对准、不反光、不要太小）后再试"


def _images(paths: Sequence[Path], problems: list[str]) -> list[Path]:
    """The image files named, a folder standing for the images in it; what is not there is listed."""
    images = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            images += inside
            if not inside:
                problems.append(f"{path}：文件夹中没有图片（{'、'.join(IMAGE_SUFFIXES)}）")
        elif path.is_file():
            images.append(path)
        else:
            problems.append(f"{path}：找不到这个文件")
    return images


def _codes(image: Path) -> list[str]:
    """The text of every QR code in an image, each page of a multi-page scan, upright or not."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        import zxingcpp
    except ImportError:
        raise EnvironmentProblem("读取二维码需要 zxing-cpp 程序库；请重新安装 reportgen") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limit is ours
            picture = Image.open(image)
    except Image.DecompressionBombError:
        raise ScanUnreadable(f"{image}：图片像素过多，不像照片或扫描件") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ScanUnreadable(
            f"{image}：不是可读的图片（可读 JPEG、PNG、TIFF、BMP、WebP）；"
            "手机的 HEIC 照片请先转成 JPEG，扫描仪生成的 PDF 请另存为图片"
        ) from None
    with picture, _whole_images():
        if picture.width * picture.height > MAX_SCAN_PIXELS:
            raise ScanUnreadable(f"{image}：图片像素过多（{picture.width}×{picture.height}）")
        formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        try:
            return [
                code.text
                for frame in ImageSequence.Iterator(picture)
                for code in zxingcpp.read_barcodes(
                    ImageOps.exif_transpose(frame).convert("L"), formats=formats
                )
            ]
        except (OSError, ValueError):
            raise ScanUnreadable(f"{image}：图片已损坏或不完整；请重新拍摄或扫描") from None


@contextmanager
def _whole_images() -> Iterator[None]:
    """A cut-off image is an error, not a picture greyed below the cut.

    WeasyPrint, once imported, tells Pillow to load truncated images for the whole process.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
