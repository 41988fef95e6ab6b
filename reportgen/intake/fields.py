"""The canonical fields of a case record and the many ways ledgers spell their headers.

Every ledger a county keeps names its columns a little differently (学生姓名, 身份证号码, 监护人电话…).
This module holds the one table of fields with their header variants, and the matcher that maps a
header as written to a field key, or suggests the closest field when it cannot.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportgen.errors import UsageProblem
from reportgen.intake.idnumber import parse_id_number
from reportgen.intake.text import (
    normalise_header,
    parse_amount,
    parse_birth_date,
    parse_date,
    parse_gender,
    parse_grade,
    parse_name,
    parse_phone,
    parse_semester,
    parse_stage,
    parse_yes_no,
)


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field: its key, the header a new ledger uses, and accepted variants."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    parse: Callable[[Any], Any] | None = None
    """How a cell of the field is read; None for free text or a code of the county's tables."""


FIELDS: dict[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("seq", "序号", ("编号", "序"), "row number as in the sheet"),
        FieldSpec(
            "name",
            "姓名",
            ("学生姓名", "儿童姓名", "儿童少年姓名", "名字"),
            "child's name",
            parse=parse_name,
        ),
        FieldSpec(
            "gender", "性别", (), "男/女; derived from the ID number when blank", parse=parse_gender
        ),
        FieldSpec(
            "id_number",
            "身份证号",
            ("身份证号码", "身份证", "公民身份号码", "身份证件号", "证件号码", "学生身份证号"),
            "18-character resident ID number",
            parse=parse_id_number,
        ),
        FieldSpec(
            "birth_date",
            "出生日期",
            ("出生年月", "出生年月日", "生日"),
            "derived from the ID number when blank",
            parse=parse_birth_date,
        ),
        FieldSpec(
            "household_address",
            "户籍地址",
            ("户籍所在地", "户籍地", "家庭住址", "家庭地址", "住址"),
            "registered address",
        ),
        FieldSpec(
            "township",
            "乡镇",
            ("街道", "乡镇/街道", "乡镇街道", "所属乡镇", "镇街"),
            "township or street",
        ),
        FieldSpec(
            "school",
            "学校",
            ("学校名称", "就读学校", "所在学校", "原就读学校", "划片学校", "对口学校", "入学学校"),
            "school (for a roster of new pupils: the school assigned)",
        ),
        FieldSpec("grade", "年级", ("就读年级", "原就读年级"), "grade 1–9", parse=parse_grade),
        FieldSpec("class_name", "班级", ("班", "就读班级"), "class"),
        FieldSpec(
            "guardian",
            "监护人",
            ("监护人姓名", "家长", "家长姓名"),
            "guardian's name",
            parse=parse_name,
        ),
        FieldSpec(
            "guardian_id",
            "监护人身份证号",
            ("监护人身份证号码", "监护人身份证", "家长身份证号", "家长身份证号码"),
            "guardian's ID number: a penalty procedure names the party by it",
            parse=parse_id_number,
        ),
        FieldSpec(
            "relation",
            "与学生关系",
            ("关系", "监护人与学生关系", "与本人关系", "与儿童关系"),
            "guardian's relation to the child",
        ),
        FieldSpec(
            "phone",
            "联系电话",
            ("监护人电话", "监护人联系电话", "电话", "手机", "手机号", "联系方式", "家长电话"),
            "guardian's phone",
            parse=parse_phone,
        ),
        FieldSpec("category", "类别", ("核查类别", "分类", "类型", "核查结果"), "category code"),
        FieldSpec(
            "reason",
            "辍学原因",
            ("失学辍学原因", "原因", "失学原因", "未入学原因"),
            "reason code or text",
        ),
        FieldSpec(
            "left_on",
            "离校日期",
            ("离校时间", "辍学时间", "辍学日期"),
            "date the child stopped attending",
            parse=parse_date,
        ),
        FieldSpec(
            "officer", "劝返责任人", ("责任人", "包保责任人", "劝返人"), "responsible officer"
        ),
        FieldSpec(
            "returned_on",
            "复学日期",
            ("返校日期", "复学时间", "返校时间"),
            "date the child came back to school",
            parse=parse_date,
        ),
        FieldSpec(
            "study_place",
            "现就读地",
            ("就读地", "就读地区", "现就读地区", "外出就读地", "就读省市县", "就读县区"),
            "where a child of category C/D is said to study: province, city, county",
        ),
        FieldSpec(
            "study_school",
            "现就读学校",
            ("外出就读学校", "外地就读学校", "现就读学校名称"),
            "the school a child of category C/D is said to attend",
        ),
        FieldSpec(
            "teacher", "送教教师", ("送教老师", "送教人员", "送教教师姓名"), "home-teaching teacher"
        ),
        FieldSpec("status", "状态", ("当前状态", "劝返状态", "处理状态"), "case status"),
        FieldSpec("notes", "备注", ("说明",), "notes"),
    )
}
"""The fields of a case ledger."""

PAYMENT_FIELDS: dict[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("stage", "学段", ("就读学段",), "小学 or 初中", parse=parse_stage),
        FieldSpec(
            "boarding",
            "是否寄宿",
            ("寄宿", "寄宿生", "是否寄宿生"),
            "是/否, 寄宿/走读",
            parse=parse_yes_no,
        ),
        FieldSpec(
            "registered",
            "原建档立卡",
            ("建档立卡", "是否建档立卡", "是否原建档立卡"),
            "是/否: from a family once registered as poor",
            parse=parse_yes_no,
        ),
        FieldSpec(
            "semester",
            "学期",
            ("发放学期", "资助学期"),
            "semester paid, e.g. 2025年秋季学期",
            parse=parse_semester,
        ),
        FieldSpec(
            "amount", "金额", ("补助金额", "发放金额", "资助金额"), "yuan paid", parse=parse_amount
        ),
    )
}
"""The fields of a payment in a subsidy roster, beside the child's own."""

KNOWN_FIELDS = {**FIELDS, **PAYMENT_FIELDS}
"""Every field any input table holds: the keys a county's ``columns`` mapping may name."""


@dataclass(frozen=True)
class Layout:
    """One kind of input table: what it is called, the fields it holds, the ones a row must fill."""

    key: str
    title: str
    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...] = ()
    one_row_each: bool = True
    """Each child has one row (a second is the same child twice); a payment roster has one a payment."""


def _pick(*keys: str) -> dict[str, FieldSpec]:
    return {key: KNOWN_FIELDS[key] for key in keys}


CHILD = ("seq", "name", "gender", "id_number", "birth_date", "household_address", "township")
LEDGER = Layout("ledger", "台账", FIELDS)
"""The case ledger; its required fields are the county's (``required_fields`` of the profile)."""
ROSTERS = {
    layout.key: layout
    for layout in (
        Layout(
            "subsidy",
            "资助名单",
            _pick(*CHILD, "school", "grade", "class_name", "guardian", "phone", "notes")
            | PAYMENT_FIELDS,
            required=("name", "id_number", "stage", "boarding", "semester", "amount"),
            one_row_each=False,
        ),
        Layout(
            "enrolment",
            "适龄儿童名册",
            _pick(*CHILD, "school", "guardian", "relation", "phone", "notes"),
            required=("name", "id_number", "guardian", "school"),
        ),
    )
}
"""The rosters other offices hand over, read like the ledger: by the key ``--roster`` names."""


def roster_layout(key: str) -> Layout:
    """A roster's layout by key, or an error listing the rosters."""
    if key not in ROSTERS:
        known = "、".join(f"{layout.key}（{layout.title}）" for layout in ROSTERS.values())
        raise UsageProblem(f"不认识的名册 {key}；可用：{known}")
    return ROSTERS[key]


class HeaderMatcher:
    """Maps headers as written to field keys: built-in variants plus the county's own mapping.

    The county's mapping serves every table; each table takes the part that names its fields.
    """

    def __init__(
        self, extra: Mapping[str, str] | None = None, fields: Mapping[str, FieldSpec] = FIELDS
    ) -> None:
        self.fields = fields
        self._index: dict[str, str] = {}
        for spec in fields.values():
            for header in (spec.header, *spec.aliases):
                self._index[normalise_header(header)] = spec.key
        for header, key in (extra or {}).items():
            if key in fields:
                self._index[normalise_header(header)] = key

    def field(self, header: object) -> str | None:
        """The field key of a header, or None when it is not one we know."""
        return self._index.get(normalise_header(str(header)))

    def closest(self, header: str) -> FieldSpec | None:
        """The field an unknown header most likely means, if any is close.

        A known header inside it wins, the one nearest the end first: Chinese puts the head noun
        last, so 监护人手机号码 is a phone number, not a guardian. Otherwise the most similar one.
        """
        text = normalise_header(header)
        inside = [(text.rfind(known), len(known), known) for known in self._index if known in text]
        if inside:
            return self.fields[self._index[max(inside)[2]]]
        match = difflib.get_close_matches(text, self._index, n=1, cutoff=0.4)
        return self.fields[self._index[match[0]]] if match else None


DERIVED_HEADERS = (
    "年龄",
    "是否适龄",
    "类别名称",
    "统计口径",
    "缺课天数",
    "文号",
    "下达日期",
    "复学期限",
    "办理阶段",
    "逾期天数",
    "劝返次数",
    "最近劝返日期",
    "下一步",
    "应办日期",
    "提示",
)
"""Columns ``reportgen ledger`` adds after a ledger's own; reading a ledger skips them silently."""
_DERIVED = {normalise_header(header) for header in DERIVED_HEADERS}


def is_derived(header: object) -> bool:
    """Whether a header is one of the computed columns an exported ledger carries."""
    return normalise_header(str(header)) in _DERIVED
