"""One refresh at a time: an exclusive, non-blocking lock on <processed>/.refresh.lock.

A second refresh started while one runs exits at once with "refresh already running" instead
of queueing behind it (the scheduler retries later anyway). The kernel releases the lock when
the holder dies, even by kill -9, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".refresh.lock"
HELD_ENV = "EVIDENCE_REFRESH_LOCK_HELD"


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock."""


@contextmanager
def refresh_lock(processed: Path):
    if os.environ.get(HELD_ENV) == str(os.getpid()):
        yield  # this process already holds it (make build runs the jobs in-process)
        return
    processed.mkdir(parents=True, exist_ok=True)
    path = processed / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise RefreshBusy(f"refresh already running (PID {holder} holds {path}); try again when it finishes") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        previous = os.environ.get(HELD_ENV)
        os.environ[HELD_ENV] = str(os.getpid())
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(HELD_ENV, None)
            else:
                os.environ[HELD_ENV] = previous
    finally:
        os.close(fd)
