"""Annual reports: 自查报告, 工作方案 and 工作总结, every figure computed, the wording the county's.

The statistics come from the ledger and the statistics file (``reportgen.reports.statistics``); the
narrative (主要措施, 存在问题, 下一步打算 …) from the county's content file, whose figures are
variables rendered in the same sandbox as the templates. Reports are public documents: no child is
named in full and no ID or phone number appears (only counts, and masked names where the
statistics file lists children not back at school).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict

from reportgen.errors import ReportgenError
from reportgen.intake.ledger import load_ledger
from reportgen.intake.statsfile import load_stats, load_subsidy_roster
from reportgen.output.write import atomic_output, refuse_existing, write_text
from reportgen.profile import Profile
from reportgen.render import templating
from reportgen.render.document import DocumentRenderer
from reportgen.render.docx import Properties
from reportgen.render.filters import mask_name, percent
from reportgen.reports.charts import bar_chart
from reportgen.reports.statistics import Statistics, compute
from reportgen.resources import builtin_templates
from reportgen.yamlfile import load_model


@dataclass(frozen=True)
class ReportKind:
    """One kind of annual report."""

    key: str
    title: str
    template: str
    section: str
    """Its section of the content file."""


REPORT_KINDS = {
    kind.key: kind
    for kind in (
        ReportKind(
            "self-inspection", "控辍保学工作自查报告", "reports/self-inspection", "self_inspection"
        ),
        ReportKind("work-plan", "控辍保学工作方案", "reports/work-plan", "work_plan"),
        ReportKind("summary", "控辍保学工作总结", "reports/summary", "summary"),
    )
}
FORMATS = ("docx", "html", "pdf")
SENTENCES = "reports/sentences.html"
"""The macros that word a report's figures, shared by its HTML and DOCX templates."""
CHART_WIDTH_MM = 150


class ContentError(ReportgenError):
    """The content file is missing or invalid."""


class Content(BaseModel):
    """The narrative of the three reports, one section each (free structure within a section)."""

    model_config = ConfigDict(extra="forbid")

    self_inspection: dict[str, Any] = {}
    work_plan: dict[str, Any] = {}
    summary: dict[str, Any] = {}


@dataclass(frozen=True)
class ReportInputs:
    """Where a report's data comes from."""

    ledger: Path
    stats: Path
    profile: Profile
    school_year: int | None = None
    roster: Path | None = None
    content: Path | None = None


def load_statistics(inputs: ReportInputs) -> Statistics:
    """Read, validate and compute: the statistics of the school year asked for (or the latest)."""
    ledger = load_ledger(inputs.ledger, inputs.profile)
    if not ledger.ok:
        raise ReportgenError(
            f"{inputs.ledger}：台账有 {len(ledger.errors)} 处错误，请先用 reportgen validate 检查并改正"
        )
    stats = load_stats(inputs.stats)
    year = stats.year(inputs.school_year)
    roster = load_subsidy_roster(inputs.roster) if inputs.roster else None
    sources = (inputs.ledger.name, inputs.stats.name)
    return compute(
        ledger,
        year,
        stats.previous(year.school_year),
        inputs.profile,
        roster=roster,
        sources=sources,
    )


def content_file(inputs: ReportInputs) -> Path:
    """The county's content file, or the built-in one modelled on the seeds."""
    return inputs.content or builtin_templates() / "reports" / "content.yaml"


def context(
    statistics: Statistics,
    profile: Profile,
    issued_on: dt.date,
    charts: dict[str, str],
) -> dict[str, Any]:
    """The variables every report template and the narrative can use."""
    year = statistics.year
    total = statistics.subsidies[-1]
    variables: dict[str, Any] = {
        "county": profile.county,
        "bureau": profile.bureau,
        "year": statistics.school_year,
        "school_year": f"{statistics.school_year}—{statistics.school_year + 1}",
        "issued_on": issued_on,
        "digits": profile.percent_decimals,
        "cases": statistics.cases,
        "stats": year,
        "previous": statistics.previous,
        "rates": statistics.rates,
        "targets": profile.targets,
        "subsidies": statistics.subsidies[:-1],
        "subsidy_total": total,
        "subsidy_lines": statistics.subsidies,
        "changes": statistics.changes,
        "disabled": year.disabled,
        "not_back": [
            {
                "name": mask_name(child.name),
                "school": child.school,
                "class_name": child.class_name,
                "reason": child.reason,
            }
            for child in year.not_back
        ],
        "charts": charts,
    }
    return variables


def _narrative(section: Any, env: Any, variables: dict[str, Any]) -> Any:
    """A content section with every string rendered as a template over the report's variables."""
    if isinstance(section, str):
        # Chinese prose wrapped over several lines of YAML is one paragraph: join without spaces.
        joined = "".join(line.strip() for line in section.splitlines())
        return templating.render(env.from_string(joined), variables).strip()
    if isinstance(section, list):
        return [_narrative(item, env, variables) for item in section]
    if isinstance(section, dict):
        return {key: _narrative(value, env, variables) for key, value in section.items()}
    return section


def make_report(
    key: str,
    inputs: ReportInputs,
    out: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    force: bool = False,
    issued_on: dt.date | None = None,
) -> list[Path]:
    """Write one annual report in the formats asked for; returns the files written."""
    kind = REPORT_KINDS.get(key)
    if kind is None:
        raise ReportgenError(f"不认识的报告种类 {key}；可用：{'、'.join(REPORT_KINDS)}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ReportgenError(f"报告不支持的格式：{'、'.join(unknown)}；可用：{'、'.join(FORMATS)}")
    statistics = load_statistics(inputs)
    content = load_model(content_file(inputs), Content, "报告内容", ContentError)
    stem = f"{inputs.profile.county}{statistics.school_year}年{kind.title}"
    refuse_existing([out / f"{stem}.{fmt}" for fmt in formats], force)
    charts = _charts(statistics, out / "图表", stem)
    env = templating.environment(inputs.profile.templates_dir)
    uris = {name: path.as_uri() for name, path in charts.items()}
    variables = context(statistics, inputs.profile, issued_on or dt.date.today(), uris)
    narrative = templating.text_environment(inputs.profile.templates_dir)
    variables["content"] = _narrative(getattr(content, kind.section), narrative, variables)
    variables.update(_sentences(env, variables))
    variables["goals"] = _goals(statistics, inputs.profile)
    renderer = DocumentRenderer(
        kind.template, inputs.profile.templates_dir, formats, list(charts.values())
    )
    rendering = renderer.render(variables, Properties(stem, inputs.profile.bureau, dt.date.today()))
    if (found := rendering.difference()) is not None:
        raise ReportgenError(f"{kind.title}的 Word 文件和 PDF 文字不一致，未生成：{found}")
    written = []
    if rendering.docx is not None and "docx" in formats:
        with atomic_output(out / f"{stem}.docx", force) as temporary:
            temporary.write_bytes(rendering.docx.package)
        written.append(out / f"{stem}.docx")
    markup = rendering.html or ""
    if "html" in formats:
        written.append(write_text(out / f"{stem}.html", markup, force))
    if "pdf" in formats:
        from reportgen.render.pdf import PdfJob, check_glyphs, write_pdfs

        check_glyphs([PdfJob(markup, kind.title)])
        write_pdfs([(markup, out / f"{stem}.pdf")], None, force, base_url=out)
        written.append(out / f"{stem}.pdf")
    return written


def _sentences(env: Any, variables: dict[str, Any]) -> dict[str, Markup]:
    """Every sentence macro of the sentences template, rendered over the report's variables."""
    module = templating.load(env, SENTENCES).make_module(variables)
    names = [name for name in dir(module) if name.endswith("_sentence")]
    return {name: Markup(str(getattr(module, name)()).strip()) for name in names}


def _goals(statistics: Statistics, profile: Profile) -> list[dict[str, str]]:
    """The work plan's targets beside the school year's rates, formatted for a table."""
    targets, found, digits = profile.targets, statistics.rates, profile.percent_decimals
    rows = [
        ("小学毛入学率", targets.primary_gross_enrolment, found.gross_primary),
        ("初中净入学率", targets.junior_net_enrolment, found.net_junior),
        ("残疾儿童少年入学率", targets.disabled_enrolment, found.disabled),
        ("九年义务教育巩固率", targets.retention, found.retention),
    ]
    return [
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


def _charts(statistics: Statistics, folder: Path, stem: str) -> dict[str, Path]:
    """The category and township charts, drawn as PNG files (redrawn with every report)."""
    cases = statistics.cases
    categories = [c for c in cases.categories if c.count]
    by_category = bar_chart(
        folder / f"{stem}_类别.png",
        [f"{c.code}类 {c.name}" for c in categories],
        [c.count for c in categories],
        "疑似失学儿童核查结果（按类别）",
        force=True,
    )
    by_township = bar_chart(
        folder / f"{stem}_乡镇.png",
        [group.name for group in cases.by_township],
        [group.total for group in cases.by_township],
        "疑似失学儿童（按乡镇、街道）",
        force=True,
    )
    return {"categories": by_category.resolve(), "townships": by_township.resolve()}
