"""The pace and the rules of a case's legal procedure, as a county's profile sets them.

Periods and articles differ between provinces (domain §5); each is a setting here with the national
default, documented by its docstring like every other profile setting.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from reportgen.yamlfile import Settings


class DeadlineRule(Settings):
    """How the deadline of a 限期复学通知书 is counted from its issue date."""

    days: int = Field(7, ge=1, le=60)
    """期限天数；常见为接到通知书后一周（7 日）内。"""

    kind: Literal["calendar", "working"] = "calendar"
    """calendar：自然日；working：工作日（按国家法定节假日和调休安排计算）。"""


class AbsenceRule(Settings):
    """When an absent child becomes a suspected dropout, and when a dropout."""

    suspected_after_days: int = Field(7, ge=1)
    """无故缺课超过多少天视为疑似辍学（有的方案为 14 天）。"""

    dropout_after_days: int = Field(30, ge=1)
    """无故缺课超过多少天视为辍学。"""


class FollowUpRule(Settings):
    """The pace of the legal chain for an open case: visits, notice, penalty, court (domain §5)."""

    first_visit_days: int = Field(2, ge=0, le=30)
    """离校后几日内首次家访（班主任、学校领导在第 1–2 天）。"""

    visit_interval_days: int = Field(14, ge=1, le=120)
    """两次劝返之间的最长间隔（天）；超过即标记“久未劝返”。"""

    visits_before_notice: int = Field(2, ge=1, le=20)
    """劝返几次仍未复学，即报乡镇人民政府（教育局）下达限期复学通知书；不到这个次数不下达。"""

    serve_within_days: int = Field(7, ge=1, le=30)
    """文书下达后几日内送达并记录送达（《行政处罚法》第六十一条：决定书七日内送达）；超过即标为逾期。"""


class PenaltyRule(Settings):
    """行政处罚决定书: what the province's rules allow. No fine is assumed: provinces differ."""

    decision: str = ""
    """处罚决定，按本省规定填写，如：给予警告，并处罚款500元（缴纳期限由 pay_days 写入决定书）。未填写时不生成行政处罚的文书。"""

    legal_basis: str = ""
    """处罚所依据的条款，须有本省的规定（如《××省实施〈中华人民共和国义务教育法〉办法》第×条）：《义务教育法》第五十八条只规定批评教育、责令限期改正，不能单独作为警告、罚款的依据。"""

    reconsideration_body: str = ""
    """受理行政复议的机关；不填则为 县名+人民政府。"""

    court: str = ""
    """管辖行政诉讼的人民法院；不填则为 县名+人民法院。"""

    reconsideration_days: int = Field(60, ge=1)
    """申请行政复议的期限（日），法定为 60 日。"""

    lawsuit_months: int = Field(6, ge=1)
    """提起行政诉讼的期限（月），法定为 6 个月。"""

    fine: int = Field(0, ge=0)
    """罚款数额（元），与 decision 一致；0 表示不罚款（如只给予警告），此时没有催告和强制执行。"""

    pay_days: int = Field(15, ge=1, le=60)
    """罚款自收到决定书之日起多少日内缴纳（《行政处罚法》第六十七条：十五日）。"""

    statement_days: int = Field(3, ge=1, le=30)
    """行政处罚事先告知书送达后，当事人提出陈述、申辩的期限，按本省规定；按工作日计（《行政处罚法》第八十五条）。"""

    hearing: bool = False
    """罚款达到本省“较大数额”标准、当事人有权要求听证时为 true（警告和小额罚款不适用听证）。"""

    hearing_days: int = Field(5, ge=1, le=30)
    """要求听证的期限（日），自事先告知书送达之日起（《行政处罚法》第六十四条：五日，按工作日计）。"""

    demand_days: int = Field(10, ge=1, le=60)
    """催告书送达后满多少日仍不履行的，可申请人民法院强制执行（《行政强制法》第五十四条：十日，按第六十九条为工作日）。"""

    application_months: int = Field(3, ge=1, le=12)
    """复议、诉讼期限届满后多少个月内申请人民法院强制执行（《行政强制法》第五十三条：三个月）。"""


class InquiryRule(Settings):
    """协查函: letters asking another county's education bureau where a child really studies."""

    categories: list[str] = ["C", "D"]
    """发协查函的类别代码：在省内、省外就读但无学籍的孩子（默认 C、D 类）。"""

    abbreviation: str = ""
    """协查函文号的机关代字，如 示教函；不填则用教育局的机关代字。"""

    reply_days: int = Field(30, ge=1, le=180)
    """请对方在发函后多少天内回函（自然日）；逾期未复的，reportgen due 提示催复。"""

    contact: str = ""
    """协查函的联系人（写姓名），如 王丽、控辍保学办公室 王丽。"""

    phone: str = ""
    """联系电话；不填则用咨询电话。"""

    address: str = ""
    """回函寄送地址（含邮编）。"""


class InvestigationRule(Settings):
    """调查报告 for children nobody can find (seed 003: signed by the investigators)."""

    categories: list[str] = ["G"]
    """写调查报告的类别代码（默认 G 类 失踪失联）。"""

    finding: str = "经多方查找，至今仍无法与该生及其监护人取得联系，去向不明。"
    """调查结论的默认表述；台账“备注”有内容时以备注为准。"""

    investigators: int = Field(2, ge=1, le=6)
    """调查人签名栏至少几栏：劝返记录中的查找人逐一列出，不足的留空栏。"""


class HomeTeachingRule(Settings):
    """送教上门 for children who cannot attend school (seed 003: twice a month, two class hours)."""

    categories: list[str] = ["I"]
    """送教上门的类别代码（默认 I 类 因病因残）。"""

    status: str = "送教上门"
    """台账中表示已安排送教上门的状态名称。"""

    visits_per_month: int = Field(2, ge=1, le=8)
    """每月送教次数。"""

    hours_per_visit: int = Field(2, ge=1, le=8)
    """每次不少于多少课时。"""

    subjects: list[str] = ["生活语文", "生活数学", "生活适应", "康复训练"]
    """送教内容（科目）。"""


class EnrolmentRule(Settings):
    """入学通知书 for the children who reach school age this year."""

    registration_start: dt.date | None = None
    """新生报名（入学登记）开始日期，如 2026-08-25；生成入学通知书前必须填写。"""

    registration_end: dt.date | None = None
    """新生报名结束日期；不填则只有一天。"""

    place: str = ""
    """报名地点；不填则为通知书上分配的学校。"""

    materials: list[str] = [
        "户口簿",
        "儿童预防接种证",
        "监护人身份证",
        "居住证明（非本县户籍的儿童）",
    ]
    """报名时需携带的材料。"""
