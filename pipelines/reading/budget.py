"""A time budget per document: a file that would take minutes to read is rejected with a reason.

Every reader is meant to be linear in its input; the budget is the guard for what was missed.
It uses SIGALRM, so it applies in the main thread (the in-process executor and the CLI); in
other threads it is a no-op rather than an error.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

READ_SECONDS = float(os.environ.get("EVIDENCE_READ_SECONDS", "60"))
EXTRACT_SECONDS = float(os.environ.get("EVIDENCE_EXTRACT_SECONDS", "120"))  # a 300-sentence review takes about 0.3 s


class ReadingTimeout(Exception):
    """Reading one document went over its time budget."""


@contextmanager
def time_budget(seconds: float = READ_SECONDS, what: str = "reading"):
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise ReadingTimeout(f"{what} took longer than its {seconds:g}-second budget")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
