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

from pipelines.lib.refresh_log import append_history, load_history
from pipelines.lib.staging import read_json, write_json

WAREHOUSE_NAME = "warehouse.duckdb"
PREVIOUS_NAME = "warehouse.previous.duckdb"
BUILDING_MARK = ".building-"
JOURNAL_NAME = "publishing.json"  # written before the rename, removed once manifest and history describe the new file


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
        if path.is_dir():  # DuckDB's spill folder of a build that did not finish
            shutil.rmtree(path, ignore_errors=True)
        else:
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


def publish_with_records(building: Path, live: Path, pending: dict) -> Path | None:
    """Publish, then bring the manifest and the refresh history along. A journal naming the new file is written
    first, so a build killed between the rename and the records is completed by the next one (complete_publish)."""
    processed = live.parent
    status = building.stat()
    write_json(processed / JOURNAL_NAME, {"inode": status.st_ino, "bytes": status.st_size, "pending": pending})
    stale = publish(building, live)
    complete_publish(processed)
    return stale


def complete_publish(processed: Path) -> str | None:
    """Finish what a publish left: when the live file is the one the journal names, write its manifest and its
    refresh-history row (once); when it is not, the rename never happened and the journal is dropped."""
    journal = processed / JOURNAL_NAME
    data = read_json(journal)
    if data is None:
        return None
    outcome = "dropped"
    if live_identity(processed) == (data["inode"], data["bytes"]):
        pending = data["pending"]
        write_json(processed / "manifest.json", {k: v for k, v in pending.items() if k != "refresh_row"})
        row = pending.get("refresh_row")
        if row and row.get("run_id") not in {r.get("run_id") for r in load_history(processed)}:
            append_history(processed, row)
        outcome = "completed"
    journal.unlink(missing_ok=True)
    return outcome


def live_identity(processed: Path) -> tuple[int, int] | None:
    """Which file is live (inode, bytes): a build compares it before and after to say truly what it published."""
    live = live_path(processed)
    return (live.stat().st_ino, live.stat().st_size) if live.exists() else None


def mark_step_done(processed: Path, step: str, run_id: str) -> None:
    """A step after publishing (CSV exports, figures) records the run it finished for, so a build that finds
    nothing changed knows the outputs are current too (a build killed mid-export leaves them one run behind)."""
    (processed / f".{step}.run_id").write_text(run_id, encoding="utf-8")


def step_done_for(processed: Path, step: str) -> str | None:
    path = processed / f".{step}.run_id"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None
