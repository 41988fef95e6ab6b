"""The profile's ``reports`` section: what the annual reports cite, and who issues the 工作方案.

A 自查报告 opens by citing the superior notice that asked for it, by name and 文号 (seed 002); a
工作方案 rests on the two laws and on the superior documents (seed 001) and is issued by the county
government, whose 领导小组 it sets up. None of this is in the data: the county writes it here, and
what it leaves out is left out of the report (a notice without a 文号 is cited by name only).
"""

from __future__ import annotations

from reportgen.yamlfile import Settings


class CitedDocument(Settings):
    """A superior document a report cites."""

    title: str
    """文件名称，不带书名号，如 示范省人民政府教育督导办公室关于开展控辍保学工作专项督导的通知。"""

    number: str = ""
    """文号，如 示政教督办〔2026〕12号；不填则只写名称。"""


NATIONAL_PLAN_BASIS = (
    CitedDocument(
        title="国务院办公厅关于进一步加强控辍保学提高义务教育巩固水平的通知",
        number="国办发〔2017〕72号",
    ),
)


class ReportSettings(Settings):
    """年度报告：自查报告和工作方案引用的上级文件，工作方案的发文机关。"""

    inspection_basis: list[CitedDocument] = []
    """自查报告开头引用的上级通知（如省、市关于开展控辍保学工作专项督导的通知），写明名称和文号；不填则开头不引用上级通知。"""

    plan_basis: list[CitedDocument] = list(NATIONAL_PLAN_BASIS)
    """工作方案依据的上级文件（《义务教育法》《未成年人保护法》之外），默认为国务院办公厅的通知（国办发〔2017〕72号）；可加上本省、市的文件。"""

    plan_issuer: str = ""
    """工作方案的发文机关（署名），如 示范县人民政府办公室；不填则为 县名+人民政府。其领导小组由 signatories 中该机关、教育局和各乡镇（街道）的署名人组成。"""
