"""One refresh at a time: an exclusive lock on <processed>/.refresh.lock.

`make build` started while a refresh runs exits within half a second with "refresh already
running" instead of queueing behind it. A run the sensor or the schedule launched waits for the
lock instead (EVIDENCE_LOCK_WAIT_SECONDS, an hour by default): it met `make build`, and failing
red for that would be wrong. The sensor does not request a run while the lock is held
(`lock_holder`). The kernel releases the lock when the holder dies, even by kill -9, so a crash
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".refresh.lock"
HELD_ENV = "EVIDENCE_REFRESH_LOCK_HELD"
WAIT_ENV = "EVIDENCE_LOCK_WAIT_SECONDS"
POLL_SECONDS = 0.1


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock."""


def run_wait_seconds() -> float:
    """How long a Dagster run waits for a refresh that holds the lock."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, "3600")))
    except ValueError:
        return 3600.0


def _holder(fd: int) -> str:
    """The PID the holder wrote into the lock file."""
    return os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"


def lock_holder(processed: Path) -> str | None:
    """The PID holding the lock, or None when it is free; takes the lock for no longer than the probe."""
    path = processed / LOCK_NAME
    if not path.exists() or os.environ.get(HELD_ENV) == str(os.getpid()):
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder(fd)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _acquire(fd: int, wait_seconds: float, on_wait) -> bool:
    deadline = time.monotonic() + wait_seconds
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            if on_wait and not announced:
                on_wait(_holder(fd))
                announced = True
            time.sleep(POLL_SECONDS)


@contextmanager
def refresh_lock(processed: Path, wait_seconds: float = 0.5, on_wait=None):
    """wait_seconds: how long to wait for another holder (half a second covers the sensor's probe, which holds it for microseconds);
    on_wait(holder PID) is called once when waiting begins."""
    if os.environ.get(HELD_ENV) == str(os.getpid()):
        yield  # this process already holds it (make build runs the jobs in-process)
        return
    processed.mkdir(parents=True, exist_ok=True)
    path = processed / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _acquire(fd, wait_seconds, on_wait):
            holder = _holder(fd)
            raise RefreshBusy(f"refresh already running (PID {holder} holds {path}) after waiting {wait_seconds:g} s; try again when it finishes")
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
