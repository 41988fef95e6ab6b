"""A county's Word template, checked before any of it is read: it is copied into every output.

A ``.docx`` is a zip of XML parts, and each can carry what no county means to send out: a DOCTYPE
whose entities expand to gigabytes, a relationship to an external picture or template that Word
fetches when the guardian opens the notice (and so tells a server who read it), or parts so large
or so compressed that unpacking them takes the machine's memory. Each is refused, all at once,
naming the part.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from reportgen.errors import Refused

MAX_FILE = 20 * 1024 * 1024
"""Bytes of a template file: a letterhead with a seal picture is well under a megabyte."""
MAX_UNPACKED = 60 * 1024 * 1024
"""Bytes of all its parts unpacked."""
MAX_RATIO = 200
"""How many times a part may be larger unpacked than packed (text XML packs about tenfold)."""
MAX_PARTS = 1000
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*TargetMode\s*=\s*[\"']External[\"'][^>]*>", re.I)
_HYPERLINK = b"/relationships/hyperlink"


class DocxTemplateRefused(Refused):
    """A Word template that could expand, fetch or leak: nothing was made from it."""


def check_docx_template(path: Path) -> None:
    """Refuse a Word template that is too large, a zip bomb, or carries a DOCTYPE or an external link."""
    problems = docx_problems(path)
    if problems:
        shown = "\n".join(f"  {problem}" for problem in problems)
        raise DocxTemplateRefused(f"Word 模板 {path.name} 不能使用，未生成任何文书：\n{shown}")


def docx_problems(path: Path) -> list[str]:
    """Every reason not to use a Word template, one a line; none when it may be used."""
    size = path.stat().st_size
    if size > MAX_FILE:
        return [f"文件有 {size // 1024 // 1024} MB，超过 {MAX_FILE // 1024 // 1024} MB"]
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            problems = _sizes(members)
            if problems:
                return problems
            for member in members:
                problems += _content(member.filename, package.read(member))
    except zipfile.BadZipFile:
        return ["不是 Word 文档（.docx 是 zip 压缩包，这个文件打不开）"]
    return problems


def _sizes(members: list[zipfile.ZipInfo]) -> list[str]:
    problems = []
    if len(members) > MAX_PARTS:
        problems.append(f"包含 {len(members)} 个部件，不像正常的 Word 文档")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        problems.append(
            f"解压后有 {total // 1024 // 1024} MB，超过 {MAX_UNPACKED // 1024 // 1024} MB"
        )
    for member in members:
        name = member.filename
        if name.startswith("/") or ".." in name.split("/"):
            problems.append(f"部件名 {name} 指向压缩包之外")
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            problems.append(
                f"部件 {name} 的压缩比异常（{member.file_size // member.compress_size} 倍）"
            )
    return problems


def _content(name: str, data: bytes) -> list[str]:
    if not name.endswith((".xml", ".rels")):
        return []
    problems = []
    if _DECLARATION.search(data):
        problems.append(f"部件 {name} 含有 DOCTYPE 或实体声明（可展开成极大的内容），已拒绝")
    for link in _EXTERNAL.findall(data):
        if _HYPERLINK not in link:
            target = re.search(rb"Target\s*=\s*[\"']([^\"']*)", link)
            shown = target.group(1).decode("utf-8", "replace")[:80] if target else ""
            problems.append(f"部件 {name} 引用了外部资源 {shown}（打开文书时会访问网络），已拒绝")
    return problems
