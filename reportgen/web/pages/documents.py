"""Generating documents: the batch's own selection (township, school, ticked cases), run in the
background with a progress bar, then the merged PDF, the merged DOCX or a zip of the per-case
files to download. A township or school account's batch is always cut to its own township or
school, whatever the form says."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from reportgen.documents import kind_of, kinds
from reportgen.documents.batch import FORMATS, BatchResult, run_batch
from reportgen.documents.request import BatchRequest
from reportgen.errors import UsageProblem
from reportgen.output.filenames import safe_name
from reportgen.web.access import EVERYONE, KINDS, allow, own_or_404, scope_filters
from reportgen.web.jobs import Job, Outcome, new_id
from reportgen.web.pages import form_date, form_text
from reportgen.web.site import case_id, record, site, user
from reportgen.web.users import Role, User

pages = Blueprint("documents", __name__, url_prefix="/documents")
ZIP_NAME = "逐案文件.zip"


@pages.get("/new")
@allow(*EVERYONE)
def form() -> str:
    """The batch form; cases ticked on the case list come along."""
    profile = site().profile()
    ticked = request.args.getlist("case")
    _, followups = site().follow_up()
    chosen = [item.case for item in followups if case_id(item.case) in ticked]
    return render_template(
        "generate.html",
        kinds=[kind_of(key) for key in KINDS[user().role]],
        townships=[t.name for t in profile.townships],
        chosen=chosen,
        case_id=case_id,
        formats=FORMATS,
    )


@pages.post("/")
@allow(*EVERYONE)
def start() -> Response:
    """Start a batch in the background and show its progress."""
    kind = form_text("kind")
    if kind not in kinds():
        raise UsageProblem(f"请选择文书种类：{'、'.join(KINDS[user().role])}")
    if kind not in KINDS[user().role]:
        abort(403)
    title = kinds()[kind].title
    township, school = scope_filters(
        user(), form_text("township") or None, form_text("school") or None
    )
    cases = _ticked_cases()
    job = Job(new_id(), user().name, title, "", township or "", school or "")
    job.folder = safe_name(
        form_date("date").isoformat(), title, township or school or "全县", job.id
    )
    request_ = BatchRequest(
        ledger=site().source(kind),
        profile=site().profile(),
        register=site().register(),
        out=site().jobs.root / job.folder,
        kind=kind,
        formats=tuple(f for f in FORMATS if request.form.get(f"format-{f}")) or ("docx", "pdf"),
        township=township,
        school=school,
        merge=True,
        reissue=bool(request.form.get("reissue")) and user().role is not Role.school,
        skip_invalid=bool(request.form.get("skip_invalid")),
        issued_on=form_date("date"),
        cases=cases,
    )
    site().jobs.start(job, _batch(request_, title))
    record("生成文书", f"{title}，{township or school or '全县'}，{len(cases) or '按条件选定的'}案")
    return redirect(url_for("documents.job_page", job_id=job.id))


def _ticked_cases() -> tuple[str, ...]:
    """The ID numbers of the ticked cases: only the user's own (another's would be refused)."""
    ticked = request.form.getlist("case")
    if not ticked:
        return ()
    _, followups = site().follow_up()
    mine = {case_id(item.case): item.case for item in followups}
    if any(identifier not in mine for identifier in ticked):
        raise UsageProblem("勾选的案件不在本账户可见的台账中；请回到案件列表重新勾选")
    return tuple(mine[identifier].id_number or str(mine[identifier].row) for identifier in ticked)


def _batch(request_: BatchRequest, title: str) -> Callable[[Callable[[int, int], None]], Outcome]:
    def work(progress: Callable[[int, int], None]) -> Outcome:
        result = run_batch(request_, progress)
        return _outcome(result, request_, title)

    return work


def _outcome(result: BatchResult, request_: BatchRequest, title: str) -> Outcome:
    """What the page shows of a finished batch, and its three downloads."""
    lines = [f"共生成 {result.documents} 份{title}"]
    if result.entries and result.numbers:
        lines.append(f"文号：{'；'.join(result.number_ranges())}（共 {len(result.numbers)} 个）")
    lines += [f"已跳过：{problem}" for problem in result.skipped]
    lines += [f"未生成：{group}" for group in result.left_out]
    downloads = {f"merged-{o.format}": o.path.name for o in result.outputs if o.merged}
    files = [o.path for o in result.outputs if not o.merged]
    with zipfile.ZipFile(request_.out / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.name)
    downloads["zip"] = ZIP_NAME
    return Outcome(lines, downloads)


def find_job(job_id: str) -> Job:
    """A job the user may see: their own, their township's or school's, or any for the county."""
    job = site().jobs.get(job_id) if job_id.isalnum() else None
    own_or_404(job is not None and _sees_job(user(), job))
    assert job is not None
    return job


def _sees_job(viewer: User, job: Job) -> bool:
    if viewer.role is Role.county or job.owner == viewer.name:
        return True
    if viewer.role is Role.township:
        return job.township == viewer.township
    return job.school == viewer.school


@pages.get("/")
@allow(*EVERYONE)
def jobs() -> str:
    """Every batch and report the user may see, newest first."""
    return render_template("jobs.html", jobs=[j for j in site().jobs.all() if _sees_job(user(), j)])


@pages.get("/jobs/<job_id>")
@allow(*EVERYONE)
def job_page(job_id: str) -> str:
    """A job: its progress while it runs, then what it made and the downloads."""
    return render_template("job.html", job=find_job(job_id))


@pages.get("/jobs/<job_id>/progress")
@allow(*EVERYONE)
def progress(job_id: str) -> str:
    """The progress part of the job page, which the page asks for again until the job ends."""
    return render_template("job_progress.html", job=find_job(job_id))


@pages.get("/jobs/<job_id>/<name>")
@allow(*EVERYONE)
def download(job_id: str, name: str) -> Response:
    """One of a finished job's downloads."""
    job = find_job(job_id)
    path = site().jobs.file(job, name)
    own_or_404(path is not None and path.is_file())
    assert path is not None
    record("下载", f"{job.title}：{path.name}")
    label = (
        path.name
        if name != "zip"
        else f"{safe_name(job.title, job.township or job.school or '全县')}_{ZIP_NAME}"
    )
    return send_file(path, as_attachment=True, download_name=label)
