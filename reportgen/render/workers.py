"""Worker processes that die with the process that started them.

A PDF batch lays out half of its documents in a second process. Killed (SIGKILL, a closed
terminal), the batch must not leave that worker writing children's data on and then waiting for
ever: on Linux the kernel sends the worker SIGKILL when its parent dies (PR_SET_PDEATHSIG); on
other systems a watch thread ends it as soon as its parent is gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def mortal_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, however it ends."""
    return ProcessPoolExecutor(workers, initializer=_die_with, initargs=(os.getpid(),))


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
