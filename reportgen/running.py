"""Which batches are running: a batch's name says where it runs, so a dead one can be told apart.

A batch that is killed (power cut, SIGKILL) leaves pending numbers in the register and files in
its staging folder; whoever comes next must know whether that batch is still at work or gone.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time

STALE_AFTER = dt.timedelta(hours=12)
"""A batch that began longer ago than this is gone, wherever it ran."""


def batch_id() -> str:
    """This batch's name: machine, process and start time."""
    return f"{socket.gethostname()}:{os.getpid()}:{int(time.time())}"


def abandoned(batch: str) -> bool:
    """Whether a batch is gone: nameless, too old, or its process no longer runs on this machine."""
    host, _, rest = batch.partition(":")
    pid, _, started = rest.partition(":")
    if not batch or not pid.isdigit() or not started.isdigit():
        return True
    if time.time() - int(started) > STALE_AFTER.total_seconds():
        return True
    return host == socket.gethostname() and not _running(int(pid))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True
