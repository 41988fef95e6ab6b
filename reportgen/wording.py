"""Sentences a county words its own way, with the case's facts as named blanks.

Provinces name and word the notice differently (限期复学通知书, 责令送被监护人接受义务教育通知书,
督促入学通知书; their own articles; their own consequences). Those sentences are settings; each
names the facts it needs as ``{学生}``-style blanks, which every format fills from the same case, so
that a change in the profile changes the DOCX and the PDF alike. The blanks a sentence may use
are checked when the profile is read, naming the setting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import model_validator

from reportgen.yamlfile import Settings

BLANK = re.compile(r"\{([^{}]*)\}")


def fill(sentence: str, facts: Mapping[str, str]) -> str:
    """A sentence with its blanks filled; the profile check guarantees every blank is known."""
    return BLANK.sub(lambda match: facts[match.group(1)], sentence)


def unknown_blanks(sentence: str, allowed: set[str]) -> list[str]:
    """The blanks of a sentence that are not among the facts it may use."""
    return [name for name in BLANK.findall(sentence) if name not in allowed]


NOTICE_BLANKS = {
    "学生": "学生姓名",
    "学校": "学生就读的学校",
    "监护人": "监护人姓名",
    "期限": "复学期限，如 七日、五个工作日",
    "机关": "发文机关，如 城关镇人民政府",
    "电话": "咨询电话",
    "责任人": "劝返责任人",
}
"""The facts a notice's sentences may name, with what each is."""


class NoticeWording(Settings):
    """限期复学通知书: its title and sentences as the province words them (blanks: {学生} {学校} {监护人} {期限} {机关} {电话} {责任人})."""

    title: str = "限期复学通知书"
    """文书名称，按本省叫法，如 限期复学通知书、责令送被监护人接受义务教育通知书、督促入学通知书。"""

    legal_basis: str = (
        "《中华人民共和国义务教育法》第五条第二款、第十一条，"
        "《中华人民共和国未成年人保护法》第十六条"
    )
    """通知书引用的法律依据，按本县表述填写。"""

    duty: str = "适龄儿童、少年的父母或者其他法定监护人应当依法保证其按时入学接受并完成义务教育。"
    """引用法律依据后的法定义务表述。"""

    order: str = "现责令你自收到本通知书之日起{期限}内送{学生}到{学校}复学。"
    """责令复学的句子；期限自送达之日起计算。"""

    print_deadline: bool = False
    """true：在期限后注明按成文当日送达推算的日期（“按本通知书于成文当日送达计，即……前”）；期限仍以实际送达之日起算。"""

    consequences: str = (
        "逾期仍不送其复学的，{机关}将依照本省有关规定依法给予行政处罚；"
        "拒不履行处罚决定的，依法申请人民法院强制执行。"
    )
    """逾期不复学的后果，按本省规定表述（通知书本身即为责令改正，后果写其后的处罚和强制执行）。"""

    contact: str = "联系电话：{电话}。"
    """联系方式的句子；没有咨询电话时不印。"""

    closing: str = "特此通知。"
    """结束语；不要时填空字符串。"""

    @model_validator(mode="after")
    def _known_blanks(self) -> NoticeWording:
        problems = [
            f"{name} 中的 {{{blank}}} 不是可用的空格（可用：{'、'.join(NOTICE_BLANKS)}）"
            for name in (
                "title",
                "legal_basis",
                "duty",
                "order",
                "consequences",
                "contact",
                "closing",
            )
            for blank in unknown_blanks(getattr(self, name), set(NOTICE_BLANKS))
        ]
        if problems:
            raise ValueError("；".join(problems))
        return self
