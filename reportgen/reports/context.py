"""The variables of a report: its figures, the children it mentions, and what the profile says.

Everything a report template, its sentence macros and the county's narrative can use is built
here, once, from the figures (``reports.statistics``) and the profile: the children still out of
school as a public report shows them (masked), the superior documents the report cites, the
工作方案's issuer and 领导小组 (from the profile's signatories), and the steps of the legal chain
as the county's rules set them, so that a plan states the county's own periods.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.casework import measures
from reportgen.casework.deadline import period_words
from reportgen.casework.followup import FollowUp
from reportgen.documents import grade_name
from reportgen.intake.text import format_date
from reportgen.profile import Profile, Signatory
from reportgen.render.filters import mask_name, percent
from reportgen.reports.cases import Period
from reportgen.reports.inputs import Loaded
from reportgen.reports.statistics import COMPULSORY, TOTAL, Statistics


def context(loaded: Loaded, profile: Profile, charts: dict[str, str]) -> dict[str, Any]:
    """The variables every report template and the narrative can use."""
    statistics, scope = loaded.statistics, loaded.scope
    year = statistics.year
    figures = Period(statistics.school_year)
    government = plan_issuer(profile)
    return {
        "county": profile.county,
        "bureau": profile.bureau,
        "government": government,
        "year": statistics.school_year,
        "school_year": figures.label.removesuffix("学年"),
        "period": scope.period,
        "figures_period": figures,
        "issued_on": scope.day,
        "as_of": scope.day,
        "digits": profile.percent_decimals,
        "cases": statistics.cases,
        "work": statistics.work,
        "stats": year,
        "previous": statistics.previous,
        "rates": statistics.rates,
        "targets": profile.targets,
        "subsidies": statistics.stage_subsidies,
        "subsidy_stage": {line.stage: line for line in statistics.stage_subsidies},
        "compulsory": statistics.subsidy(COMPULSORY),
        "subsidy_total": statistics.subsidy(TOTAL),
        "subsidy_lines": statistics.subsidies,
        "changes": statistics.changes,
        "disabled": year.disabled,
        "not_back_stated": year.not_back is not None,
        "not_back": [child(item, profile) for item in statistics.cases.still_out],
        "inspection_basis": [d.model_dump() for d in profile.reports.inspection_basis],
        "plan_basis": [d.model_dump() for d in profile.reports.plan_basis],
        "leading_group": leading_group(profile, government),
        "procedure": procedure(profile),
        "charts": charts,
    }


def plan_issuer(profile: Profile) -> str:
    """Who issues the 工作方案: the office the profile names, else the county government."""
    return profile.reports.plan_issuer or f"{profile.county}人民政府"


def child(item: FollowUp, profile: Profile) -> dict[str, Any]:
    """A child still out of school as a public report shows it: masked, with where it stands."""
    case = item.case
    category = profile.category(case.category)
    reasons = {reason.code: reason.name for reason in profile.reasons}
    return {
        "name": mask_name(case.name),
        "school": case.school,
        "grade": grade_name(case.grade),
        "class_name": case.class_name,
        "code": case.category,
        "category": category.name if category else case.category,
        "reason": reasons.get(case.reason, case.reason),
        "stage": item.stage.value,
        "visits": len(item.visits),
        "deadline": item.deadline,
        "overdue": measures.overdue(item),
    }


def leading_group(profile: Profile, government: str) -> dict[str, list[str]]:
    """The 领导小组 from the signatories: the issuer's and the county government's as 组长 (an
    office of the government may issue the plan, a 副县长 still leads), the bureau's as 副组长,
    the townships' as 成员; empty lists where the profile names nobody."""
    townships = {township.government for township in profile.townships}

    def named(offices: set[str]) -> list[str]:
        return [_person(s) for s in profile.signatories if s.office in offices]

    return {
        "leaders": named({government, f"{profile.county}人民政府"}),
        "deputies": named({profile.bureau}),
        "members": named(townships),
    }


def _person(signatory: Signatory) -> str:
    return f"{signatory.name}（{signatory.office}{signatory.title}）"


def procedure(profile: Profile) -> dict[str, Any]:
    """The steps of the legal chain as the county's rules set them, for the plan to state."""
    rule = profile.penalty
    return {
        "suspected_days": profile.absence.suspected_after_days,
        "first_visit_days": profile.follow_up.first_visit_days,
        "visits_before_notice": profile.follow_up.visits_before_notice,
        "notice_title": profile.notice.title,
        "notice_issuer": "乡镇人民政府（街道办事处）"
        if profile.notice_issuer == "township"
        else profile.bureau,
        "period": period_words(profile.deadline),
        "penalty": rule.decision,
        "penalty_basis": rule.legal_basis,
        "fine": rule.fine,
    }


def goals(statistics: Statistics, profile: Profile) -> list[dict[str, str]]:
    """The work plan's targets beside the figures of the year before, formatted for a table.

    The rate of poor families' children has no figure in the data and shows none; the ledger's
    count stands beside the target 台账清零.
    """
    targets, found, digits = profile.targets, statistics.rates, profile.percent_decimals
    rows = [
        ("小学毛入学率", targets.primary_gross_enrolment, found.gross_primary),
        ("初中净入学率", targets.junior_net_enrolment, found.net_junior),
        ("残疾儿童少年入学率", targets.disabled_enrolment, found.disabled),
        ("九年义务教育巩固率", targets.retention, found.retention),
        ("家庭经济困难学生九年义务教育巩固率", targets.poor_retention, None),
    ]
    table = [
        {
            "label": label,
            "target": percent(target, digits),
            "actual": percent(actual, digits) if actual is not None else "—",
            "met": "—"
            if actual is None
            else ("达到" if actual >= Decimal(str(target)) else "未达到"),
        }
        for label, target, actual in rows
    ]
    still = statistics.cases.still_suspected_total
    table.append(
        {
            "label": "控辍保学工作台账",
            "target": "动态清零",
            "actual": f"截至{format_date(statistics.as_of)}"
            + (f"仍为疑似失学{still}人" if still else "已清零"),
            "met": "未达到" if still else "达到",
        }
    )
    return table
