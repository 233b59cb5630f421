"""Per-review work on every core: staging spread over worker processes (the warehouse's batches use the same fork server).

Each review is read and extracted on its own, so the work splits without changing a byte of
output: the same staged files in any order. Workers come from a fork server (never a fork of the
step's process, which holds Dagster's threads and DuckDB connections) that imports the readers and
the extractor once, so a second pool in the same process starts in milliseconds; each worker
loads the vocabulary once. Small batches stay
in the step's own process, where starting workers would cost more than it saves.
EVIDENCE_WORKERS sets the number of processes (default: the machine's cores, at most 4, since each
worker holds its own copy of the readers and the vocabulary, a few hundred MB); 1 turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from pipelines.lib.review_staging import stage_review_document, stage_review_evidence

WORKERS_ENV = "EVIDENCE_WORKERS"
DEFAULT_MAX_WORKERS = 4
MIN_REVIEWS_PER_WORKER = 8  # below this starting the fork server (about 2 s of imports) is not paid back


def worker_count(reviews: int) -> int:
    try:
        wanted = int(os.environ.get(WORKERS_ENV) or min(os.cpu_count() or 1, DEFAULT_MAX_WORKERS))
    except ValueError:
        wanted = 1
    return max(1, min(wanted, reviews // MIN_REVIEWS_PER_WORKER))


@lru_cache(maxsize=2)
def _compiled_vocabulary(folder: str, fingerprint: str):
    """Once per process and vocabulary content (the fingerprint is in the key: a process may build twice)."""
    from pipelines.lib.vocabulary import load_vocabulary

    return load_vocabulary(Path(folder)).compile()


def document_task(task: tuple[str, Path, str, Path]) -> tuple[str, dict[str, int]]:
    review_id, path, source_file, folder = task
    return review_id, stage_review_document(review_id, path, source_file, folder)


def evidence_task(task: tuple[Path, str, str]) -> tuple[Path, int]:
    folder, vocabulary_folder, fingerprint = task
    return folder, stage_review_evidence(folder, _compiled_vocabulary(vocabulary_folder, fingerprint), fingerprint)


def forkserver():
    context = get_context("forkserver")
    # fixed when the fork server starts (the first pool of the process): everything a worker of either kind imports
    context.set_forkserver_preload(["pipelines.lib.review_staging", "pipelines.lib.vocabulary", "pipelines.lib.warehouse_batches"])
    return context


def run_tasks(function: Callable, tasks: Iterable) -> Iterator:
    """function(task) for every task, in worker processes when there are enough; results in task order."""
    tasks = list(tasks)
    workers = worker_count(len(tasks))
    if workers == 1:
        yield from map(function, tasks)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=forkserver()) as pool:
        yield from pool.map(function, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
