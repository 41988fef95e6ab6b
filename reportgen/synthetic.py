"""A synthetic county: plausible cases, persuasion records and subsidy records, never real children.

The sample county (示范县) ships with reportgen so that the demo, the tests and the benchmarks have
data with the shape and proportions of the seeds' (seed 002's category mix, seed 004's subsidies)
without anyone's personal data. Names are drawn from common characters; ID numbers are valid for
the real county code 410526 with correct check digits. The same seed always gives the same county.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stdnum.cn import ric

from reportgen.profile import Profile, Signatory, Township
from reportgen.report_settings import NATIONAL_PLAN_BASIS, CitedDocument, ReportSettings
from reportgen.rules import InquiryRule, PenaltyRule

REGION = "410526"
SCHOOL_YEAR = 2025
"""Autumn of the school year the sample ledger covers (2025–2026)."""

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "子涵欣怡梓轩浩宇一诺雨桐思远俊杰佳怡梦琪紫萱皓轩宇航晨曦博文雅静若汐嘉懿明轩天佑可馨诗涵沐阳依诺书瑶景行安琪铭泽逸凡语嫣家豪"
GUARDIAN_GIVEN = "建国春华秀英桂兰志强海燕红梅振华玉兰国庆丽娟永刚淑珍德明卫东金凤新民"
MINORITY_NAMES = ("阿依古丽·买买提", "艾力·吐尔逊", "古丽娜尔·阿不都", "帕提古丽·依明")
RARE_NAMES = ("吉𠮷", "龚䶮")
RELATIONS = (("父亲", 40), ("母亲", 35), ("祖父", 10), ("祖母", 12), ("其他监护人", 3))
OFFICERS = ("王建军", "李秀梅", "张国强", "刘海燕", "陈志刚", "杨丽华", "赵卫东", "黄春燕")
HOW = ("电话", "家访", "家访", "发函")
TOWNSHIPS = (
    ("城关镇", "城政控学", ("城关",)),
    ("东风镇", "东政控学", ()),
    ("河口乡", "河政控学", ()),
    ("柳林镇", "柳政控学", ()),
    ("白马乡", "白政控学", ()),
    ("新华街道", "新办控学", ()),
)
CATEGORY_COUNTS = {
    "A": 4,
    "B": 92,
    "C": 6,
    "D": 20,
    "E": 55,
    "F": 5,
    "G": 26,
    "H": 105,
    "I": 6,
    "L": 9,
}
"""Seed 002's proportions (282 = 277 核减 + 5), scaled to a county a little larger."""

COUNTED_STATUSES = {
    "I": ("送教上门", "送教上门", "送教上门", "劝返中", "已下达通知", "已下达通知"),
    "L": (
        "劝返中",
        "劝返中",
        "劝返中",
        "已下达通知",
        "已下达通知",
        "已下达通知",
        "已下达通知",
        "已复学",
        "已复学",
    ),
}
REASON_OF = {"I": "A3", "L": "A4"}
ELSEWHERE = {
    "C": (
        ("河南省郑州市金水区", "郑州市金水区文化路第一小学"),
        ("河南省新乡市红旗区", "新乡市红旗区实验学校"),
        ("河南省洛阳市西工区", "洛阳市第二十三中学"),
    ),
    "D": (
        ("浙江省宁波市鄞州区", "宁波市鄞州区姜山镇中心小学"),
        ("广东省东莞市长安镇", "东莞市长安实验小学"),
        ("江苏省苏州市吴江区", "苏州市吴江区松陵第一中学"),
        ("上海市闵行区", "上海市闵行区莘庄镇小学"),
    ),
}
"""Where children of categories C (in the province) and D (outside it) are said to study."""
SEARCHES = (
    ("家访", "家中无人，邻居称该户已举家外出"),
    ("村委会", "村委会称该户常年在外务工，无联系方式"),
    ("派出所", "户籍仍在本地，无迁出记录"),
    ("去函", "已去函其务工地乡镇人民政府协查，尚未回复"),
)
"""After the calls, the checks seed 003 asks for a child nobody can reach: home, 村委会, 派出所, 去函."""
AUTUMN_CHECK = dt.date(SCHOOL_YEAR + 1, 9, 2)
"""When a new school year starts, every child still out is visited again (开学排查)."""
TEACHERS = ("郭文静", "孙海涛", "吕红霞")
"""Teachers who teach children at home (送教上门)."""
VERIFYING = ("核查中", "核查中", "已核实", "已核实", "已销号")
"""Statuses of children said to study elsewhere: some still being verified by 协查函."""
RETURN_AFTER_DAYS = 90
"""A returned child is back 90 days after leaving: after its last visit (at most 80 days later)."""
NEVER_ENROLLED = {"A", "E"}
"""Categories of children who never attended (wrong registration, deferred entry): no 离校日期."""
REASON_TEXT = {
    "C": "随父母在省内务工地就读",
    "D": "随父母在外省就读",
    "E": "经批准延缓入学",
    "F": "超过义务教育年龄离校",
    "G": "举家外出，联系不上",
    "H": "随父母出国",
    "A": "户籍重复登记",
    "B": "已在本县学校就读",
}


def sample_profile() -> Profile:
    """The sample county's profile: six townships, signatories, default code tables."""
    townships = [
        Township(
            name=name,
            government=f"示范县{name}{'办事处' if name.endswith('街道') else '人民政府'}",
            abbreviation=abbreviation,
            aliases=list(aliases),
            series={"penalty": abbreviation.removesuffix("控学") + "罚"},
        )
        for name, abbreviation, aliases in TOWNSHIPS
    ]
    signatories = [
        Signatory(office="示范县人民政府", title="副县长", name="林建平"),
        Signatory(office="示范县教育局", title="局长", name="周明远"),
    ] + [
        Signatory(office=township.government, title=_head_title(township.name), name=name)
        for township, name in zip(
            townships, ("陈国华", "刘志强", "孙丽萍", "郑建新", "马文军", "何晓燕"), strict=True
        )
    ]
    return Profile(
        county="示范县",
        bureau="示范县教育局",
        bureau_abbreviation="示教",
        hotline="0372-5551234",
        townships=townships,
        signatories=signatories,
        inquiry=InquiryRule(
            abbreviation="示教函",
            contact="王丽",
            address="示范县人民路88号示范县教育局，邮编453400",
        ),
        # The superior notices are as made up as 示范省: a county cites its own, by 文号.
        reports=ReportSettings(
            inspection_basis=[
                CitedDocument(
                    title="示范省人民政府教育督导委员会办公室关于开展控辍保学工作专项督导的通知",
                    number="示政教督办〔2026〕12号",
                ),
                CitedDocument(
                    title="示范市人民政府教育督导委员会办公室关于做好控辍保学专项督导迎检工作的通知"
                ),
            ],
            plan_basis=[
                *NATIONAL_PLAN_BASIS,
                CitedDocument(
                    title="示范省人民政府办公厅关于进一步加强控辍保学提高义务教育巩固水平的实施意见",
                    number="示政办〔2018〕27号",
                ),
            ],
        ),
        # 示范省 is as made up as 示范县: a county writes its own province's article here.
        penalty=PenaltyRule(
            decision="给予警告，并处罚款500元",
            fine=500,
            legal_basis="《中华人民共和国义务教育法》第五十八条、"
            "《示范省实施〈中华人民共和国义务教育法〉办法》第三十条",
        ),
    )


def _head_title(name: str) -> str:
    return {"镇": "镇长", "乡": "乡长"}.get(name[-1], "主任")


def schools(township: str) -> list[tuple[str, range]]:
    """The schools of a township with the grades each teaches."""
    short = township.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    found = [(f"{short}中心小学", range(1, 7)), (f"{short}初级中学", range(7, 10))]
    if township == "城关镇":
        found.append(("示范县实验学校", range(1, 10)))
    return found


@dataclass
class SyntheticCounty:
    """Generates the county's records; one instance per seed."""

    seed: int = 2025
    school_year: int = SCHOOL_YEAR

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.profile = sample_profile()
        self.serials: dict[str, int] = {}

    def cases(self, counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
        """Case rows keyed by field, in township order, numbered from 1."""
        codes = [code for code, count in (counts or CATEGORY_COUNTS).items() for _ in range(count)]
        self.random.shuffle(codes)
        rows = [self._case(code, index) for index, code in enumerate(codes)]
        rows.sort(key=lambda row: [name for name, _, _ in TOWNSHIPS].index(row["township"]))
        for number, row in enumerate(rows, 1):
            row["seq"] = number
        return rows

    def many_cases(self, total: int) -> Iterator[dict[str, Any]]:
        """As many case rows as asked, in the sample's proportions, for benchmarks."""
        weights = list(CATEGORY_COUNTS.values())
        for index in range(total):
            code = self.random.choices(list(CATEGORY_COUNTS), weights)[0]
            row = self._case(code, index)
            row["seq"] = index + 1
            yield row

    def _case(self, code: str, index: int) -> dict[str, Any]:
        pick = self.random
        township = pick.choice(TOWNSHIPS)[0]
        grade = pick.randint(1, 9)
        school = next(name for name, grades in schools(township) if grade in grades)
        gender = pick.choice("男女")
        birth = self._birth_date(grade)
        status = (
            pick.choice(COUNTED_STATUSES[code])
            if code in COUNTED_STATUSES
            else pick.choice(
                VERIFYING if code in ELSEWHERE else ("已核实", "已核实", "已核实", "已销号")
            )
        )
        surname = pick.choice(SURNAMES)
        name = self._name(surname, index)
        relation = pick.choices([r for r, _ in RELATIONS], [w for _, w in RELATIONS])[0]
        row: dict[str, Any] = {
            "name": name,
            "gender": gender,
            "id_number": self._id_number(birth, gender),
            "birth_date": birth,
            "household_address": f"示范县{township}{pick.choice('东西南北')}{pick.randint(1, 30)}村",
            "township": township,
            "school": school,
            "grade": _grade_word(grade),
            "class_name": f"{pick.randint(1, 4)}班",
            "guardian": surname
            + pick.choice(GUARDIAN_GIVEN[::2])
            + pick.choice(GUARDIAN_GIVEN[1::2]),
            "relation": relation,
            "guardian_id": self._guardian_id(birth, relation, index),
            "phone": self._phone(),
            "category": code,
            "reason": REASON_OF.get(code) or REASON_TEXT[code],
            "left_on": None if code in NEVER_ENROLLED else self._left_on(),
            "officer": pick.choice(OFFICERS),
            "status": status,
            "notes": "",
        }
        if status == "送教上门":
            row["teacher"] = TEACHERS[index % len(TEACHERS)]
        if code in ELSEWHERE:
            place, school = pick.choice(ELSEWHERE[code])
            row.update(study_place=place, study_school=school)
        if status == "已复学":
            row["returned_on"] = row["left_on"] + dt.timedelta(days=RETURN_AFTER_DAYS)
        return row

    def _guardian_id(self, child: dt.date, relation: str, index: int) -> str:
        """The guardian's ID number, from a stream of its own so the cases stay as they were."""
        own = random.Random(f"{self.seed}-guardian-{index}")
        older = 48 if relation in ("祖父", "祖母") else own.randint(24, 34)
        birth = dt.date(child.year - older, own.randint(1, 12), own.randint(1, 28))
        serial = own.randrange(500, 998, 2) + (0 if relation in ("母亲", "祖母") else 1)
        # 滑县 (410526) had other codes before 1986: 412127 in 安阳地区, 410921 in 濮阳市.
        region = "412127" if birth.year < 1983 else "410921" if birth.year < 1986 else REGION
        body = f"{region}{birth:%Y%m%d}{serial:03d}"
        return body + ric.calc_check_digit(body + "0")

    def _name(self, surname: str, index: int) -> str:
        if index % 97 == 5:
            return MINORITY_NAMES[index % len(MINORITY_NAMES)]
        if index in (11, 211):
            return RARE_NAMES[index % 2]
        given = self.random.choice(GIVEN) + (
            self.random.choice(GIVEN) if self.random.random() < 0.8 else ""
        )
        return surname + given

    def _birth_date(self, grade: int) -> dt.date:
        """A birth date that puts the child in its grade in the school year."""
        year = self.school_year - 5 - grade
        start = dt.date(year, 9, 1)
        return start + dt.timedelta(days=self.random.randrange(365))

    def _id_number(self, birth: dt.date, gender: str) -> str:
        """A valid, unique ID number: the county code, the birth date, a serial and its check digit."""
        stem = REGION + birth.strftime("%Y%m%d")
        serial = self.serials.get(stem, self.random.randrange(0, 400)) + 1
        if (serial % 2 == 1) != (gender == "男"):
            serial += 1
        self.serials[stem] = serial
        body = f"{stem}{serial:03d}"
        return body + ric.calc_check_digit(body + "0")

    def _phone(self) -> str:
        if self.random.random() < 0.08:
            return f"0372-5{self.random.randrange(10**6):06d}"
        return f"1{self.random.choice('35789')}{self.random.randrange(10**9):09d}"

    def _left_on(self) -> dt.date:
        start = dt.date(self.school_year, 9, 1)
        return start + dt.timedelta(days=self.random.randrange(240))

    def persuasion_records(self, cases: list[dict[str, Any]]) -> list[list[Any]]:
        """Persuasion visits for the counted and lost-contact cases, in date order per case."""
        records: list[list[Any]] = []
        for case in cases:
            if case["category"] not in ("I", "L", "G"):
                continue
            day = case["left_on"] or dt.date(self.school_year, 9, 1)
            least = 1 if case["category"] == "G" else 2  # no notice before two visits
            for _ in range(self.random.randint(least, 4)):
                day += dt.timedelta(days=self.random.randint(2, 20))
                how = "电话" if case["category"] == "G" else self.random.choice(HOW)
                result = (
                    "未联系上"
                    if case["category"] == "G"
                    else self.random.choice(
                        ("家长同意考虑", "家长拒绝", "学生不愿返校", "已答复将按时返校")
                    )
                )
                records.append(_record(records, case, day, how, result))
            if case["category"] == "G":
                self._searches(records, case, day)
            if case.get("returned_on"):
                records.append(_record(records, case, case["returned_on"], "家访", "已复学"))
            elif case["category"] != "G" and case["status"] in ("劝返中", "已下达通知"):
                own = random.Random(f"{self.seed}-autumn-{case['id_number']}")
                autumn = AUTUMN_CHECK + dt.timedelta(days=own.randrange(10))
                records.append(_record(records, case, autumn, "家访", "开学排查，仍未到校"))
        return records

    def _searches(self, records: list[list[Any]], case: dict[str, Any], day: dt.date) -> None:
        """The checks after the calls, drawn apart so that the other records stay as they were."""
        own = random.Random(f"{self.seed}-search-{case['id_number']}")
        for how, result in SEARCHES[: own.randint(2, len(SEARCHES))]:
            day += dt.timedelta(days=own.randint(3, 12))
            records.append(_record(records, case, day, how, result))

    def school_age_children(self, cutoff: dt.date, count: int = 24) -> list[dict[str, Any]]:
        """A roster of young children: most six at ``cutoff`` (this autumn's intake), a few five."""
        rows = []
        for index in range(count):
            township = TOWNSHIPS[index % len(TOWNSHIPS)][0]
            age = 5 if index % 6 == 5 else 6
            first_day = dt.date(cutoff.year - age - 1, 9, 1)
            birth = first_day + dt.timedelta(days=self.random.randrange(365))
            gender = self.random.choice("男女")
            surname = self.random.choice(SURNAMES)
            rows.append(
                {
                    "seq": index + 1,
                    "name": self._name(surname, index + 2000),
                    "gender": gender,
                    "id_number": self._id_number(birth, gender),
                    "birth_date": birth,
                    "household_address": f"示范县{township}{self.random.choice('东西南北')}{index + 1}村",
                    "township": township,
                    "school": schools(township)[0][0],
                    "guardian": surname
                    + self.random.choice(GUARDIAN_GIVEN[::2])
                    + self.random.choice(GUARDIAN_GIVEN[1::2]),
                    "relation": "父亲" if index % 3 else "母亲",
                    "phone": self._phone(),
                }
            )
        return rows

    def subsidy_records(
        self, students: int = 260, until: dt.date | None = None
    ) -> list[dict[str, Any]]:
        """Living-subsidy payments for the autumn and spring semesters of the school year.

        With ``until``, only the semesters begun by that day: a roster lists payments made.
        """
        records = []
        semesters = (
            (f"{self.school_year}年秋季学期", dt.date(self.school_year, 9, 1)),
            (f"{self.school_year + 1}年春季学期", dt.date(self.school_year + 1, 3, 1)),
        )
        for index in range(students):
            grade = self.random.randint(1, 9)
            township = TOWNSHIPS[index % len(TOWNSHIPS)][0]
            school = next(name for name, grades in schools(township) if grade in grades)
            gender = self.random.choice("男女")
            birth = self._birth_date(grade)
            stage = "小学" if grade <= 6 else "初中"
            boarding = self.random.random() < (0.35 if stage == "小学" else 0.7)
            person = {
                "name": self._name(self.random.choice(SURNAMES), index + 1000),
                "id_number": self._id_number(birth, gender),
                "school": school,
                "stage": stage,
                "grade": _grade_word(grade),
                "boarding": "是" if boarding else "否",
                "registered": "是" if self.random.random() < 0.3 else "否",
            }
            for semester, first_day in semesters[: 2 if self.random.random() < 0.85 else 1]:
                if until is not None and first_day > until:
                    continue
                yearly = self.profile.subsidy_standard(first_day).yearly(stage, boarding)
                records.append({**person, "semester": semester, "amount": yearly / 2})
        return records


def _record(
    records: list[list[Any]], case: dict[str, Any], day: dt.date, how: str, result: str
) -> list[Any]:
    """A persuasion record row, numbered after those before it."""
    return [len(records) + 1, case["id_number"], case["name"], day, case["officer"], how, result]


def _grade_word(grade: int) -> str:
    return "一二三四五六七八九"[grade - 1] + "年级"
