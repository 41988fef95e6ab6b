"""Annual reports: 自查报告, 工作方案 and 工作总结, every figure computed, the wording the county's.

The figures come from the ledger followed up on the report's day, the register and the
statistics file (``reports.inputs``, ``reports.statistics``); the narrative (主要措施, 存在问题,
下一步打算 …) from the county's content file, whose figures are variables rendered in the sandbox.
Reports are public documents: no child is named in full, no ID or phone number appears, and the
county's own text is checked for them (``reports.privacy``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict

from reportgen.errors import ReportgenError, UsageProblem
from reportgen.output.write import atomic_output, refuse_existing, write_text
from reportgen.render import templating
from reportgen.render.document import DocumentRenderer
from reportgen.render.docx import Properties
from reportgen.reports.charts import bar_chart, heights
from reportgen.reports.context import context, goals
from reportgen.reports.inputs import PLAN, ReportInputs, load_statistics
from reportgen.reports.privacy import People, check_file, refuse_names
from reportgen.reports.statistics import Statistics
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


class ContentError(ReportgenError):
    """The content file is missing or invalid."""


class Content(BaseModel):
    """The narrative of the three reports, one section each (free structure within a section)."""

    model_config = ConfigDict(extra="forbid")

    self_inspection: dict[str, Any] = {}
    work_plan: dict[str, Any] = {}
    summary: dict[str, Any] = {}


def content_file(inputs: ReportInputs) -> Path:
    """The county's content file, or the built-in one modelled on the seeds."""
    return inputs.content or builtin_templates() / "reports" / "content.yaml"


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
        raise UsageProblem(f"不认识的报告种类 {key}；可用：{'、'.join(REPORT_KINDS)}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageProblem(f"报告不支持的格式：{'、'.join(unknown)}；可用：{'、'.join(FORMATS)}")
    loaded = load_statistics(inputs, key, issued_on)
    content = load_model(content_file(inputs), Content, "报告内容", ContentError)
    people = People.of(loaded.ledger.cases)
    named = check_file(content_file(inputs), people) + check_file(inputs.stats, people, ("reason",))
    if inputs.profile.public_text == "refuse":
        refuse_names(named)
    stem = f"{inputs.profile.county}{loaded.scope.period.label}{kind.title}"
    refuse_existing([out / f"{stem}.{fmt}" for fmt in formats], force)
    statistics = loaded.statistics
    charts = _charts(statistics, out / "图表", stem)
    uris = {name: path.as_uri() for name, path in charts.items()}
    variables = context(loaded, inputs.profile, uris)
    # The narrative may state the sentences too ({{ visits_sentence }}): as text, escaped once.
    narrative = templating.text_environment(inputs.profile.templates_dir)
    sentences = _sentences(narrative, variables)
    text = _narrative(getattr(content, kind.section), narrative, {**variables, **sentences})
    variables.update({name: Markup.escape(sentence) for name, sentence in sentences.items()})
    variables["content"] = _masked(text, people) if named else text
    variables["goals"] = goals(statistics, inputs.profile)
    renderer = DocumentRenderer(
        kind.template, inputs.profile.templates_dir, formats, list(charts.values())
    )
    author = variables["government"] if key == PLAN else inputs.profile.bureau
    rendering = renderer.render(variables, Properties(stem, author, dt.date.today()))
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
        roots = inputs.profile.readable_folders()
        write_pdfs([(markup, out / f"{stem}.pdf")], None, force, base_url=out, roots=roots)
        written.append(out / f"{stem}.pdf")
    return written


def _masked(section: Any, people: People) -> Any:
    """A content section with the ledger's names, ID numbers and phones masked."""
    if isinstance(section, str):
        return people.masked(section)
    if isinstance(section, list):
        return [_masked(item, people) for item in section]
    if isinstance(section, dict):
        return {name: _masked(value, people) for name, value in section.items()}
    return section


def _sentences(env: Any, variables: dict[str, Any]) -> dict[str, str]:
    """Every sentence macro of the sentences template, rendered as text over the variables."""
    module = templating.load(env, SENTENCES).make_module(variables)
    names = [name for name in dir(module) if name.endswith("_sentence")]
    return {name: str(getattr(module, name)()).strip() for name in names}


def _charts(statistics: Statistics, folder: Path, stem: str) -> dict[str, Path]:
    """The category and township charts, drawn as PNG files (redrawn with every report).

    They share the first page of the 自查报告's 附件, and are drawn to fit it together.
    """
    cases = statistics.cases
    categories = [c for c in cases.categories if c.count]
    tall = heights([len(categories), len(cases.by_township)])
    by_category = bar_chart(
        folder / f"{stem}_类别.png",
        [f"{c.code}类 {c.name}" for c in categories],
        [c.count for c in categories],
        "疑似失学儿童核查结果（按类别）",
        force=True,
        height=tall[0],
    )
    by_township = bar_chart(
        folder / f"{stem}_乡镇.png",
        [group.name for group in cases.by_township],
        [group.total for group in cases.by_township],
        "疑似失学儿童（按乡镇、街道）",
        force=True,
        height=tall[1],
    )
    return {"categories": by_category.resolve(), "townships": by_township.resolve()}
