"""A batch's files are written aside and placed together: never half there, never left behind.

Every file of a batch (each case's DOCX and PDF, the merged print files) is first written into a
hidden staging folder inside the output folder. Only when all of them are there are they moved
into place, after a journal listing them is written; the staging folder is then removed. A batch
killed while writing leaves only its staging folder — children's data in it — which the next
batch in that folder removes; one killed while placing leaves its journal, so that the next run
of it may replace what it had already placed without ``--force``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from reportgen.output.write import _place
from reportgen.running import abandoned

PREFIX = ".reportgen-"
JOURNAL = "journal.json"
OWNER = "batch.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class Staging:
    """The staging folder of one batch in one output folder."""

    def __init__(self, out: Path, batch: str) -> None:
        self.out = out
        self.batch = batch
        self.folder = out / f"{PREFIX}{_UNSAFE.sub('_', batch)}"
        self.placed: list[Path] = []
        """The targets placed so far: those to take away again should the batch fail."""

    def path(self, target: Path) -> Path:
        """Where a target is written before it is placed."""
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True)
            (self.folder / OWNER).write_text(self.batch, encoding="utf-8")
        return self.folder / target.name

    def place(self, targets: list[Path], force: bool, replaceable: set[Path]) -> None:
        """Move every staged file to its target: all of them, the journal saying which they are.

        A target that exists is replaced only with ``force`` or when an interrupted run of this
        batch placed it (``replaceable``); otherwise the batch was refused before it began.
        """
        journal = self.folder / JOURNAL
        journal.write_text(
            json.dumps(
                {"batch": self.batch, "targets": [str(t) for t in targets]}, ensure_ascii=False
            ),
            encoding="utf-8",
        )
        for target in targets:
            _place(self.path(target), target, force or target in replaceable)
            self.placed.append(target)

    def remove(self) -> None:
        """The staging folder and whatever is still in it."""
        shutil.rmtree(self.folder, ignore_errors=True)


def leftovers(out: Path) -> set[Path]:
    """Clear the staging folders interrupted batches left; the files they had begun to place.

    Those files belong to batches that will be run again (their numbers are pending in the
    register), so the rerun may replace them.
    """
    placed: set[Path] = set()
    if not out.is_dir():
        return placed
    for folder in out.glob(f"{PREFIX}*"):
        owner = folder / OWNER
        if owner.exists() and not abandoned(owner.read_text(encoding="utf-8").strip()):
            continue
        journal = folder / JOURNAL
        try:
            record = json.loads(journal.read_text(encoding="utf-8")) if journal.exists() else {}
        except (OSError, ValueError):
            record = {}
        placed |= {Path(target) for target in record.get("targets", [])}
        shutil.rmtree(folder, ignore_errors=True)
    return placed
