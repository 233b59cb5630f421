"""Publishing a built warehouse file over the live one without readers ever seeing half of it.

A build writes warehouse.duckdb.building-<run id> beside the live file; publishing keeps the
live file as warehouse.previous.duckdb (a hard link, so the live path never disappears) and
renames the new file over it, which is atomic on one file system. A stale .wal left by a
crashed writer would make the new file unopenable, so it is moved aside first.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import duckdb

WAREHOUSE_NAME = "warehouse.duckdb"
PREVIOUS_NAME = "warehouse.previous.duckdb"
BUILDING_MARK = ".building-"


def live_path(processed_dir: Path) -> Path:
    return processed_dir / WAREHOUSE_NAME


def building_path(processed_dir: Path, run_id: str) -> Path:
    return processed_dir / f"{WAREHOUSE_NAME}{BUILDING_MARK}{run_id}"


def pending_path(building: Path) -> Path:
    """What the build hands to the publish step: input hashes, row counts, the refresh-log row."""
    return building.with_name(building.name + ".pending.json")


def remove_leftovers(processed_dir: Path, keep_run_id: str | None = None) -> list[Path]:
    """Delete files of builds that never published (killed or failed), except this run's."""
    removed = []
    for path in processed_dir.glob(f"{WAREHOUSE_NAME}{BUILDING_MARK}*"):
        if keep_run_id and path.name.startswith(building_path(processed_dir, keep_run_id).name):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def move_stale_wal(live: Path) -> Path | None:
    wal = live.with_name(live.name + ".wal")
    if not wal.exists():
        return None
    target = wal.with_name(f"{wal.name}.stale-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(wal, target)
    return target


class PublishBlocked(RuntimeError):
    """Someone holds the live file read-write; publishing now would lose their writes or ours."""


_PID = re.compile(r"PID (\d+)")


def check_openable(path: Path) -> None:
    con = duckdb.connect(str(path), read_only=True)
    con.close()


def check_no_writer(live: Path) -> None:
    """A read-write holder (DBeaver, a notebook in default mode) blocks even read-only opens."""
    if not live.exists():
        return
    try:
        con = duckdb.connect(str(live), read_only=True)
        con.close()
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = _PID.search(str(exc))
        who = f"PID {pid.group(1)}" if pid else "another process (PID unknown)"
        raise PublishBlocked(
            f"{who} holds {live} open read-write, so nothing was published and the live file is unchanged; "
            "ask them to reconnect with read_only=True (or close it) and run the refresh again"
        ) from None


def publish(building: Path, live: Path) -> Path | None:
    """Swap building in as live; returns where a stale WAL was moved, if there was one."""
    check_openable(building)
    check_no_writer(live)
    stale = move_stale_wal(live)
    if live.exists():
        previous = live.with_name(PREVIOUS_NAME)
        previous.unlink(missing_ok=True)
        try:
            os.link(live, previous)
        except OSError:
            shutil.copy2(live, previous)
    os.replace(building, live)
    return stale
