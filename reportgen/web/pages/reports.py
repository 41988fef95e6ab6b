"""The bureau's work: the annual reports with their content file edited on the page (county
accounts only: they cover every township), and the three ledgers exported (a township's own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from reportgen.errors import ReportgenError, UsageProblem
from reportgen.output.exports import make_ledgers
from reportgen.output.filenames import safe_name
from reportgen.reports import REPORT_KINDS, Content, ContentError, content_file, make_report
from reportgen.reports.inputs import ReportInputs
from reportgen.web import state_dir
from reportgen.web.access import STAFF, allow
from reportgen.web.jobs import Job, Outcome, new_id
from reportgen.web.pages import form_date, form_text
from reportgen.web.site import record, site, user
from reportgen.web.users import Role
from reportgen.workspace import CONTENT_FILE, STATS_FILE
from reportgen.yamlfile import load_model

pages = Blueprint("reports", __name__, url_prefix="/reports")
SUBSIDY_ROSTER = "资助名单.xlsx"


def _inputs(year: int | None = None) -> ReportInputs:
    root = site().root
    roster = root / SUBSIDY_ROSTER
    content = root / CONTENT_FILE
    profile = site().profile()
    return ReportInputs(
        profile.ledger,
        root / STATS_FILE,
        profile,
        year,
        roster if roster.is_file() else None,
        content if content.is_file() else None,
        register=site().register(),
    )


@pages.get("/")
@allow(Role.county)
def form(message: str = "", text: str | None = None) -> str:
    """The reports, the content file in a text box, and the three ledgers."""
    current = content_file(_inputs()).read_text(encoding="utf-8")
    return render_template(
        "reports.html",
        kinds=REPORT_KINDS.values(),
        content=current if text is None else text,
        message=message,
    )


@pages.post("/content")
@allow(Role.county)
def save_content() -> str | Response:
    """Save the edited content file, only once it reads as a content file."""
    text = (request.form.get("content") or "").replace("\r\n", "\n")
    trial = state_dir(site().root) / f".{CONTENT_FILE}.trial"
    trial.write_text(text, encoding="utf-8")
    try:
        load_model(trial, Content, "报告内容", ContentError)
    except ReportgenError as error:
        return form(message=str(error).replace(str(trial), CONTENT_FILE), text=text)
    finally:
        trial.unlink(missing_ok=True)
    target = site().root / CONTENT_FILE
    staged = target.with_name(f".{target.name}.new")
    staged.write_text(text, encoding="utf-8")
    staged.replace(target)
    record("修改报告内容", CONTENT_FILE)
    return redirect(url_for("reports.form"))


@pages.post("/")
@allow(Role.county)
def start() -> Response:
    """Make a report in the background."""
    key = form_text("kind")
    if key not in REPORT_KINDS:
        raise UsageProblem("请选择报告种类")
    year_text = form_text("year")
    if year_text and not year_text.isdigit():
        raise UsageProblem("学年写秋季的年份，如 2025")
    inputs = _inputs(int(year_text) if year_text else None)
    title = REPORT_KINDS[key].title
    job = Job(new_id(), user().name, title, "")
    job.folder = safe_name(dt.date.today().isoformat(), title, job.id)
    site().jobs.start(job, _report(key, inputs, site().jobs.root / job.folder, form_date("date")))
    record("生成报告", f"{title}{f'（{year_text} 学年）' if year_text else ''}")
    return redirect(url_for("documents.job_page", job_id=job.id))


def _report(
    key: str, inputs: ReportInputs, out: Path, day: dt.date
) -> Callable[[Callable[[int, int], None]], Outcome]:
    def work(progress: Callable[[int, int], None]) -> Outcome:
        progress(0, 1)
        written = make_report(key, inputs, out, formats=("docx", "pdf"), issued_on=day)
        progress(1, 1)
        return Outcome(
            [f"已生成 {path.name}" for path in written],
            {path.suffix.lstrip("."): path.name for path in written},
        )

    return work


@pages.get("/ledgers.xlsx")
@allow(*STAFF)
def ledgers() -> Response:
    """The three ledgers, as ``reportgen ledger`` writes them, as of today; a township's own."""
    day = dt.date.today()
    profile = site().profile()
    township = user().township or None
    target = site().exports / f"三本台账_{profile.county}{township or ''}_{day.isoformat()}.xlsx"
    result = make_ledgers(
        profile, site().register(), target, as_of=day, force=True, township=township
    )
    record(
        "导出三本台账", "；".join(f"{sheet} {count} 条" for sheet, count in result.counts.items())
    )
    return send_file(result.path, as_attachment=True, download_name=target.name)
