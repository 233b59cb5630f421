"""Per-review work on every core: staging, and the warehouse's batches of staged reviews, spread over worker processes.

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

import gc
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


def _forkserver():
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
    with ProcessPoolExecutor(max_workers=workers, mp_context=_forkserver()) as pool:
        yield from pool.map(function, tasks, chunksize=max(1, len(tasks) // (workers * 8)))


def run_batches(batches: list[list[Path]], inputs, vocabulary) -> Iterator:
    """The warehouse's batches of staged reviews prepared (warehouse_batches.prepare_batch), in order. This process
    prepares one batch of each group while worker processes prepare the others, so N cores cost N - 1 extra
    processes (each holds the libraries and the vocabulary, about 350 MB) and at most one group waits in memory."""
    from pipelines.lib.warehouse_batches import init_batch_worker, prepare_batch, prepare_in_worker

    def here(batch):
        prepared = prepare_batch(batch, inputs, vocabulary)
        gc.collect()  # pandera's validation leaves reference cycles holding the frames
        return prepared

    group = min(worker_count(len(batches) * MIN_REVIEWS_PER_WORKER), len(batches))
    if group <= 1:
        yield from map(here, batches)
        return
    with ProcessPoolExecutor(max_workers=group - 1, mp_context=_forkserver(), initializer=init_batch_worker, initargs=(inputs,)) as pool:
        for start in range(0, len(batches), group):
            first, *others = batches[start:start + group]
            futures = [pool.submit(prepare_in_worker, batch) for batch in others]
            yield here(first)
            for future in futures:
                yield future.result()
