"""The county profile: every fact that differs between counties, typed and documented.

A county keeps one ``profile.yaml`` in its workspace. Each setting below carries its own docstring,
which is what ``reportgen init`` writes into the starter profile and what the documentation test
checks. Defaults are those of the national practice described in the seeds; anything a province does
differently is set here, never in code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from reportgen.errors import ProfileError
from reportgen.intake.fields import FIELDS, KNOWN_FIELDS
from reportgen.report_settings import ReportSettings
from reportgen.rules import (
    AbsenceRule,
    DeadlineRule,
    EnrolmentRule,
    FollowUpRule,
    HomeTeachingRule,
    InquiryRule,
    InvestigationRule,
    PenaltyRule,
)
from reportgen.wording import NoticeWording
from reportgen.yamlfile import Settings, documented, load_model


class Township(Settings):
    """A township or street (乡镇/街道) whose government issues notices for its cases."""

    name: str
    """乡镇（街道）名称，与台账“乡镇”列的写法一致，如 城关镇。"""

    government: str = ""
    """发文机关全称，如 城关镇人民政府、新华街道办事处；不填则为 名称+人民政府。"""

    abbreviation: str = ""
    """发文字号的机关代字，如 城政控学（文号即 城政控学〔2024〕12号）。"""

    aliases: list[str] = []
    """台账里的其他写法（如 城关），都按本乡镇读取。"""

    seal: Path | None = None
    """乡镇人民政府公章图片（透明背景 PNG），相对于本配置文件；不填则不印章，盖实物章。"""

    series: dict[str, str] = {}
    """各类文书自己的文号系列（机关代字），如 {penalty: 城政罚字, prior-notice: 城政罚告字}；不填的用 abbreviation。"""

    @model_validator(mode="after")
    def _default_government(self) -> Township:
        if not self.government:
            object.__setattr__(self, "government", f"{self.name}人民政府")
        return self


class Signatory(Settings):
    """A person who signs documents on behalf of an office."""

    office: str
    """代表的机关：教育局或乡镇人民政府的全称。"""

    title: str
    """职务，如 局长、镇长。"""

    name: str
    """姓名。"""


class Category(Settings):
    """One verification category code (疑似失学儿童核查类别)."""

    code: str
    """代码，如 H、A2（台账可写作 h、H类、H类（出国在外））。"""

    name: str
    """名称，如 出国在外。"""

    counted: bool
    """true：仍计为疑似失学（辍学）；false：核减。"""


class Status(Settings):
    """One case status of the ledger's 状态 column."""

    name: str
    """状态名称，与台账“状态”列一致，如 劝返中。"""

    open: bool
    """true：案件仍需跟进（未复学、未安置、未核实）；false：已办结。"""


class Targets(Settings):
    """Targets of the work plan (seed 001), as fractions; reports compare the year's rates with them."""

    primary_gross_enrolment: float = 1.0
    """小学毛入学率目标，1.0 即 100%。"""

    junior_net_enrolment: float = 1.0
    """初中净入学率目标。"""

    disabled_enrolment: float = 0.97
    """残疾儿童少年入学率目标（不低于）。"""

    retention: float = 0.96
    """九年义务教育巩固率目标（不低于）。"""

    poor_retention: float = 1.0
    """家庭经济困难学生九年义务教育巩固率目标。"""


class SubsidyStandard(Settings):
    """义务教育家庭经济困难学生生活补助 in yuan per year, paid half per semester."""

    since: dt.date
    """标准开始执行的日期，如 2024 年春季学期为 2024-03-01。"""

    primary_boarding: int
    """小学寄宿生，元/生·年。"""

    junior_boarding: int
    """初中寄宿生，元/生·年。"""

    primary_day: int
    """小学非寄宿生，元/生·年。"""

    junior_day: int
    """初中非寄宿生，元/生·年。"""

    def yearly(self, stage: str, boarding: bool) -> int:
        """Yuan per year for a 小学 or 初中 pupil, boarding or not."""
        if stage == "小学":
            return self.primary_boarding if boarding else self.primary_day
        return self.junior_boarding if boarding else self.junior_day


class NutritionStandard(Settings):
    """营养改善计划 meal subsidy."""

    since: dt.date
    """开始执行的日期。"""

    yuan_per_day: float
    """元/生·在校日。"""


DEFAULT_CATEGORIES = (
    Category(code="A", name="户籍原因", counted=False),
    Category(code="B", name="在校有学籍", counted=False),
    Category(code="C", name="省内就读无学籍", counted=False),
    Category(code="D", name="省外就读无学籍", counted=False),
    Category(code="E", name="延缓入学", counted=False),
    Category(code="F", name="超龄离校", counted=False),
    Category(code="G", name="失踪失联", counted=False),
    Category(code="H", name="出国在外", counted=False),
    Category(code="I", name="因病因残", counted=True),
    Category(code="L", name="在家上学", counted=True),
)
DEFAULT_REASONS = (
    Category(code="A2", name="厌学辍学", counted=True),
    Category(code="A3", name="因病因残", counted=True),
    Category(code="A4", name="在家上学", counted=True),
    Category(code="A8", name="其他原因", counted=True),
    Category(code="B2", name="在校有学籍", counted=False),
)
DEFAULT_STATUSES = (
    Status(name="劝返中", open=True),
    Status(name="已下达通知", open=True),
    Status(name="核查中", open=True),
    Status(name="已复学", open=False),
    Status(name="送教上门", open=False),
    Status(name="已核实", open=False),
    Status(name="已销号", open=False),
)
DEFAULT_SUBSIDY_STANDARDS = (
    SubsidyStandard(
        since=dt.date(2019, 9, 1),
        primary_boarding=1000,
        junior_boarding=1250,
        primary_day=500,
        junior_day=625,
    ),
    SubsidyStandard(
        since=dt.date(2024, 3, 1),
        primary_boarding=1250,
        junior_boarding=1500,
        primary_day=625,
        junior_day=750,
    ),
)
DEFAULT_NUTRITION_STANDARDS = (
    NutritionStandard(since=dt.date(2011, 11, 1), yuan_per_day=4),
    NutritionStandard(since=dt.date(2021, 9, 1), yuan_per_day=5),
)

MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]


class Profile(Settings):
    """A county's profile: names, numbering, code tables and standards."""

    county: str
    """县（区）名称，如 示范县。"""

    bureau: str = ""
    """教育局全称；不填则为 县名+教育局。"""

    bureau_abbreviation: str = ""
    """教育局发文的机关代字，如 示教。"""

    bureau_series: dict[str, str] = {}
    """教育局各类文书自己的文号系列，如 {penalty: 示教罚字}；不填的用 bureau_abbreviation。"""

    bureau_seal: Path | None = None
    """教育局公章图片（透明背景 PNG），相对于本配置文件；不填则不印章，盖实物章。"""

    hotline: str = ""
    """印在通知书和致家长的一封信上的咨询电话，如 0372-5551234。"""

    townships: list[Township] = []
    """乡镇（街道）列表；填写后，台账每一行的乡镇都必须是其中之一。"""

    signatories: list[Signatory] = []
    """教育局和乡镇人民政府的署名人。"""

    notice_issuer: Literal["township", "bureau"] = "township"
    """限期复学通知书的发文机关：township（学生所在乡镇人民政府）或 bureau（县教育局）。"""

    categories: list[Category] = Field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    """疑似失学儿童核查类别代码表；默认为 A–L 类。"""

    reasons: list[Category] = Field(default_factory=lambda: list(DEFAULT_REASONS))
    """学籍系统辍学原因代码（A2 厌学辍学……）；台账也可直接写文字。"""

    statuses: list[Status] = Field(default_factory=lambda: list(DEFAULT_STATUSES))
    """台账“状态”列允许的状态，及各状态是否仍需跟进。"""

    required_fields: list[str] = ["name", "id_number", "township", "category", "status"]
    """台账每行必须填写的字段（字段名见 reportgen fields）。"""

    age_cutoff: MonthDay = "08-31"
    """计算学年年龄的截止日（月-日），如 08-31。"""

    absence: AbsenceRule = AbsenceRule()
    """疑似辍学、辍学的缺课天数标准。"""

    deadline: DeadlineRule = DeadlineRule()
    """限期复学通知书的期限。"""

    enrolment: EnrolmentRule = EnrolmentRule()
    """入学通知书：报名日期、地点、需携带的材料。"""

    investigation: InvestigationRule = InvestigationRule()
    """失联儿童调查报告：哪些类别、默认结论、调查人人数。"""

    home_teaching: HomeTeachingRule = HomeTeachingRule()
    """送教上门：哪些类别和状态、每月次数、每次课时、送教内容。"""

    inquiry: InquiryRule = InquiryRule()
    """协查函：哪些类别发函、回函期限、联系方式。"""

    penalty: PenaltyRule = PenaltyRule()
    """行政处罚决定书的处罚决定、依据和救济途径。"""

    follow_up: FollowUpRule = FollowUpRule()
    """案件跟进的节奏：首次家访、劝返间隔、下达通知书、申请强制执行。"""

    notice: NoticeWording = NoticeWording()
    """限期复学通知书的名称和措辞：法律依据、责令复学的句子、逾期后果、联系方式、结束语。"""

    letter_signed_by: Literal["school", "bureau"] = "school"
    """致家长的一封信的署名：school（学生所在学校）或 bureau（教育局）。"""

    subsidy_standards: list[SubsidyStandard] = Field(
        default_factory=lambda: list(DEFAULT_SUBSIDY_STANDARDS)
    )
    """家庭经济困难学生生活补助标准（按执行日期）。"""

    subsidy_payment: str = (
        "通过学生或其监护人本人的银行卡（社会保障卡）按学期发放，学校不代领、不发放现金。"
    )
    """学生资助告知单中生活补助的发放方式。"""

    nutrition_standards: list[NutritionStandard] = Field(
        default_factory=lambda: list(DEFAULT_NUTRITION_STANDARDS)
    )
    """营养改善计划膳食补助标准（按执行日期）。"""

    targets: Targets = Targets()
    """工作方案的目标值，报告据此比较当年的各项比率。"""

    reports: ReportSettings = ReportSettings()
    """年度报告：自查报告、工作方案引用的上级文件（名称和文号），工作方案的发文机关。"""

    public_text: Literal["refuse", "mask"] = "refuse"
    """报告是公开文件：县里写的文字（内容文件、统计文件中的原因）出现台账中学生或监护人的姓名、身份证号、电话时，refuse：拒绝生成并指出文件和行；mask：按脱敏规则改写（张*三、410526********001X、139****5678）。"""

    percent_decimals: int = Field(2, ge=0, le=4)
    """百分比最多保留的小数位数（末尾的 0 不显示）。"""

    columns: dict[str, str] = {}
    """台账和名册中不常见的列名与字段的对应，如 {"娃娃名字": "name"}（字段名见 reportgen fields）。"""

    templates_dir: Path = Path("templates")
    """本县自定义模板所在文件夹（相对于本配置文件）。"""

    ledger: Path = Path("台账.xlsx")
    """本县台账文件（相对于本配置文件）；reportgen due 等命令不指定台账时读取它。"""

    @model_validator(mode="before")
    @classmethod
    def _earlier_keys(cls, data: Any) -> Any:
        """Profiles written before the ``notice`` section kept two of its sentences at the top."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        follow = data.get("follow_up")
        if isinstance(follow, dict) and "enforcement_after_days" in follow:
            # now counted as the law counts it (penalty.lawsuit_months, application_months)
            data["follow_up"] = {k: v for k, v in follow.items() if k != "enforcement_after_days"}
        if not {"legal_basis", "notice_consequences"} & set(data):
            return data
        notice = dict(data.get("notice") or {})
        if "legal_basis" in data:
            notice.setdefault("legal_basis", data.pop("legal_basis"))
        if "notice_consequences" in data:
            notice.setdefault("consequences", data.pop("notice_consequences"))
        return {**data, "notice": notice}

    @model_validator(mode="after")
    def _default_bureau(self) -> Profile:
        if not self.bureau:
            object.__setattr__(self, "bureau", f"{self.county}教育局")
        return self

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        for header, key in columns.items():
            if key not in KNOWN_FIELDS:
                known = ", ".join(KNOWN_FIELDS)
                raise ValueError(f"「{header}」映射到未知字段 {key}；可用字段：{known}")
        return columns

    @field_validator("required_fields")
    @classmethod
    def _known_required(cls, keys: list[str]) -> list[str]:
        unknown = [key for key in keys if key not in FIELDS]
        if unknown:
            raise ValueError(f"未知字段 {', '.join(unknown)}；可用字段：{', '.join(FIELDS)}")
        return keys

    @field_validator("categories", "reasons", "statuses")
    @classmethod
    def _unique(cls, items: list[Any]) -> list[Any]:
        keys = [getattr(item, "code", None) or item.name for item in items]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"重复的代码或名称：{', '.join(repeated)}")
        return items

    def pictures(self) -> dict[str, Path]:
        """The picture files the profile names (its seals), by the key that names each."""
        found = {f"townships[{i}].seal": t.seal for i, t in enumerate(self.townships) if t.seal}
        if self.bureau_seal:
            found["bureau_seal"] = self.bureau_seal
        return found

    def readable_folders(self) -> tuple[Path, ...]:
        """What a document may load pictures and stylesheets from: the templates, the seals."""
        return (self.templates_dir, *{path.parent for path in self.pictures().values()})

    def category(self, code: str) -> Category | None:
        """The category of a code, or None when the table has no such code."""
        return next((item for item in self.categories if item.code == code), None)

    def township(self, name: str) -> Township | None:
        """The township of a name or alias, or None."""
        return next((t for t in self.townships if name == t.name or name in t.aliases), None)

    def subsidy_standard(self, on: dt.date) -> SubsidyStandard:
        """The living-subsidy standard in force on a day (the latest that had begun)."""
        started = [item for item in self.subsidy_standards if item.since <= on]
        if not started:
            raise ProfileError(f"县区配置的 subsidy_standards 中没有 {on} 时执行的资助标准")
        return max(started, key=lambda item: item.since)

    def status(self, name: str) -> Status | None:
        """The status of a name, or None."""
        return next((item for item in self.statuses if item.name == name), None)


def load_profile(path: Path) -> Profile:
    """Read and validate a profile, resolving its templates folder against the profile's folder.

    Every problem is reported at once, each naming its key (``townships[2].abbreviation``).
    """
    profile = load_model(path, Profile, "县区配置", ProfileError)
    return _resolve_paths(profile, path.resolve().parent, path)


def _resolve_paths(profile: Profile, folder: Path, path: Path) -> Profile:
    """Paths in the profile are relative to its folder: make them absolute.

    The templates folder and the seals must be inside the workspace, and each seal a PNG or JPEG
    picture within the limits: a county's profile cannot make a document read another file.
    """
    townships = [
        t.model_copy(update={"seal": folder / t.seal}) if t.seal else t for t in profile.townships
    ]
    resolved = profile.model_copy(
        update={
            "templates_dir": folder / profile.templates_dir,
            "ledger": folder / profile.ledger,
            "bureau_seal": folder / profile.bureau_seal if profile.bureau_seal else None,
            "townships": townships,
        }
    )
    inside = {"templates_dir": resolved.templates_dir, **resolved.pictures()}
    problems = [
        f"  {key}：{value} 在工作文件夹 {folder} 之外；请把它放进工作文件夹"
        for key, value in inside.items()
        if not value.resolve().is_relative_to(folder)
    ]
    problems += [_picture_problem(key, seal) for key, seal in resolved.pictures().items()]
    found = [problem for problem in problems if problem]
    if found:
        raise ProfileError("\n".join([f"{path}：县区配置有 {len(found)} 处问题", *found]))
    return resolved


def _picture_problem(key: str, path: Path) -> str:
    """What is wrong with a picture the profile names, or nothing."""
    from reportgen.render.images import ImageRefused, load_image

    if not path.is_file():
        return f"  {key}：找不到公章图片 {path}"
    try:
        load_image(path, str(path))
    except ImageRefused as refused:
        return f"  {key}：{refused}"
    return ""


def documented_settings() -> dict[str, str | None]:
    """Every setting of every profile section with its docstring, keyed ``Section.setting``."""
    return documented(Profile)
