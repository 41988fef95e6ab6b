"""What a PDF may load while it is laid out: pictures and stylesheets of the workspace, nothing else.

WeasyPrint fetches every URL a page names — an ``<img>``, a CSS ``url()``, an ``@import``, a
``<link rel="attachment">`` it would embed in the PDF. A county's template could so print
``/etc/passwd`` into a notice, attach the ledger, or call a server. The fetcher here serves only
``file:`` URLs of PNG, JPEG and CSS files inside the folders a render may read (the built-in
templates, the county's workspace, the batch's own folder), and ``data:`` URLs of PNG or JPEG
pictures; every picture is checked as the DOCX checks it. Anything else stops the render with a
message naming the URL.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from reportgen.errors import Refused
from reportgen.render.images import ImageRefused, check_image

PICTURES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
STYLESHEETS = {".css": "text/css"}


class ResourceRefused(Refused):
    """A page named a file or an address it may not load; nothing was written."""


def fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher serving only what the policy allows from ``roots``."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refusal(FatalURLFetchingError):  # type: ignore[misc]
        """Stops the layout: WeasyPrint would skip an ordinary error and carry on."""

    folders = tuple(root.resolve() for root in roots)

    class PolicyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                data, media_type = _allowed(url, folders)
            except Refused as refused:
                raise Refusal(str(refused)) from None
            return URLFetcherResponse(url, data, {"Content-Type": media_type})

    return PolicyFetcher(fail_on_errors=True), Refusal


def _allowed(url: str, folders: Sequence[Path]) -> tuple[bytes, str]:
    """The bytes and media type of an allowed URL, or a refusal saying why not."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return _data(url)
    if parsed.scheme != "file":
        raise ResourceRefused(f"模板引用了网络地址 {url[:80]}：生成文书时不访问网络")
    path = Path(url2pathname(unquote(parsed.path))).resolve()
    if not any(path.is_relative_to(folder) for folder in folders):
        raise ResourceRefused(
            f"模板引用了文件 {path}，已拒绝：文书只能使用内置模板、本县模板文件夹和公章所在文件夹中的图片"
        )
    suffix = path.suffix.lower()
    if suffix not in PICTURES and suffix not in STYLESHEETS:
        raise ResourceRefused(
            f"模板引用了文件 {path.name}：文书中只能使用 PNG、JPEG 图片和 CSS 样式表，"
            "不能嵌入或附加其他文件"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ResourceRefused(f"模板引用的文件 {path} 无法读取（{error.strerror}）") from None
    if suffix in PICTURES:
        _picture(data, str(path))
        return data, PICTURES[suffix]
    return data, STYLESHEETS[suffix]


def _data(url: str) -> tuple[bytes, str]:
    """A ``data:`` picture (the QR codes of slips, pictures a county pasted into its template)."""
    header, _, payload = url.partition(",")
    if not header.endswith(";base64") or header[5:-7] not in PICTURES.values():
        raise ResourceRefused("模板中内嵌的数据不是 base64 编码的 PNG 或 JPEG 图片，已拒绝")
    data = base64.b64decode(payload, validate=False)
    _picture(data, "模板中内嵌的图片")
    return data, header[5:-7]


def _picture(data: bytes, what: str) -> None:
    try:
        check_image(data, what)
    except ImageRefused as refused:
        raise ResourceRefused(str(refused)) from None
