"""Long work in the background: a batch of documents or a report, with its progress for the page.

One worker thread runs the jobs one after another, as the register numbers one batch at a time
anyway; the page that started a job polls its progress. A job's files stay in its own folder of
the workspace, and what it made is written beside them (``job.json``), so downloads outlive a
restart of the server.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportgen.errors import LedgerInvalid, ReportgenError, os_failure

JOB_FILE = "job.json"
Work = Callable[[Callable[[int, int], None]], "Outcome"]


@dataclass
class Outcome:
    """What a finished job made: lines to show and its downloads by name."""

    lines: list[str] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)
    """Download name → file name inside the job's folder."""


@dataclass
class Job:
    """One job: whose, what, how far, and how it ended."""

    id: str
    owner: str
    title: str
    folder: str
    township: str = ""
    school: str = ""
    started: str = ""
    state: str = "waiting"
    """waiting, running, done or failed."""
    done: int = 0
    total: int = 0
    message: str = ""
    problems: list[str] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def finished(self) -> bool:
        """Whether the job has ended, well or not."""
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int:
        """How far it is, for the progress bar."""
        return 100 if self.state == "done" else (100 * self.done // self.total if self.total else 0)


class Jobs:
    """The jobs of one server: those running in memory, finished ones from their folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="reportgen-job")

    def start(self, job: Job, work: Work) -> Job:
        """Queue a job; its folder is made now."""
        (self.root / job.folder).mkdir(parents=True, exist_ok=True)
        job.started = dt.datetime.now().isoformat(timespec="seconds")
        with self._lock:
            self._jobs[job.id] = job
        self._worker.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        job.state = "running"

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            job.outcome = work(progress)
            job.state = "done"
        except LedgerInvalid as invalid:
            job.state, job.message = "failed", str(invalid)
            job.problems = [str(problem) for problem in invalid.problems]
        except ReportgenError as error:
            job.state, job.message = "failed", str(error)
        except OSError as error:
            job.state, job.message = "failed", str(os_failure(error))
        except Exception as error:  # a job must end with a message, never a dead thread
            job.state, job.message = "failed", f"生成时出现意外错误：{error!r}"
        self._save(job)

    def _save(self, job: Job) -> None:
        target = self.root / job.folder / JOB_FILE
        target.write_text(json.dumps(asdict(job), ensure_ascii=False, indent=1), encoding="utf-8")

    def get(self, job_id: str) -> Job | None:
        """A job by its id, running or finished (read back from its folder)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job or next((j for j in self._finished() if j.id == job_id), None)

    def all(self) -> list[Job]:
        """Every job, newest first."""
        with self._lock:
            running = list(self._jobs.values())
        known = {job.id for job in running}
        jobs = running + [job for job in self._finished() if job.id not in known]
        return sorted(jobs, key=lambda job: job.started, reverse=True)

    def _finished(self) -> list[Job]:
        found = []
        for path in self.root.glob(f"*/{JOB_FILE}"):
            data = json.loads(path.read_text(encoding="utf-8"))
            data["outcome"] = Outcome(**data["outcome"])
            found.append(Job(**data))
        return found

    def file(self, job: Job, name: str) -> Path | None:
        """A download of a finished job, by its name."""
        file_name = job.outcome.downloads.get(name)
        return self.root / job.folder / file_name if job.finished and file_name else None


def new_id() -> str:
    """An id nobody can guess (it names a folder of children's documents)."""
    return secrets.token_hex(8)
