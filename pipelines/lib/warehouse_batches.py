"""One batch of staged reviews made ready to insert: read, reference lists final, validated.

This is the warehouse step's per-review work (reading the staged Parquet, abstracts' evidence,
study designs, citation issues, pandera), so it runs in worker processes like staging does,
batches in order (run_batches); the build's own process prepares some and inserts them all. It is not
a staging module: changing it leaves every review's staged rows current. Each worker compiles
the vocabulary once (init_batch_worker).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.lib.abstract_evidence import abstract_evidence_rows
from pipelines.lib.citation_issues import citation_issues
from pipelines.lib.reference_formats.dispatch import reference_stem
from pipelines.lib.reference_merge import merge_references
from pipelines.lib.review_workers import MIN_REVIEWS_PER_WORKER, forkserver, worker_count
from pipelines.lib.validation import validate_table
from pipelines.lib.vocabulary import load_vocabulary
from pipelines.lib.warehouse_inputs import read_review_batch, source_of_row
from schemas.tables import TABLE_MODELS

BATCH_TABLES = ("reviews", "sentences", "citations", "bibliography", "evidence", "citation_issues", "document_quality")


@dataclass
class BatchInputs:
    """What every batch needs besides its folders: the same for the whole build."""

    vocabulary_folder: Path
    review_ids: set[str]
    replaced: dict[str, dict] = field(default_factory=dict)  # reference id -> its row enriched by a reference record


@dataclass
class PreparedBatch:
    parsed: list[tuple[str, str]]  # (source file, SHA-256) of each review read
    staged_rejects: pd.DataFrame
    accepted: dict[str, pd.DataFrame]
    rejected: list[dict]


_WORKER: dict = {}


def init_batch_worker(inputs: BatchInputs) -> None:
    _WORKER["inputs"] = inputs
    _WORKER["vocabulary"] = load_vocabulary(inputs.vocabulary_folder).compile()


def prepare_in_worker(folders: list[Path]) -> PreparedBatch:
    prepared = prepare_batch(folders, _WORKER["inputs"], _WORKER["vocabulary"])
    gc.collect()  # pandera's validation leaves reference cycles holding the frames (warehouse_checks measured it)
    return prepared


def prepare_batch(folders: list[Path], inputs: BatchInputs, vocabulary) -> PreparedBatch:
    frames = read_review_batch(folders)
    parsed = list(zip(frames["reviews"]["source_file"], frames["reviews"]["source_sha256"], strict=True))
    staged_rejects = frames.pop("rejected_records")
    rows = merge_references(frames["bibliography"].to_dict("records"), [], inputs.review_ids, stem).rows
    tables = with_bibliography(frames, [inputs.replaced.get(r["reference_id"], r) for r in rows], vocabulary, [], [])
    accepted, rejected = {}, []
    for table in BATCH_TABLES:
        accepted[table], table_rejected = validated(table, tables[table])
        rejected.extend(table_rejected)
    return PreparedBatch(parsed, staged_rejects, accepted, rejected)


def validated(table: str, frame: pd.DataFrame, scope: str = "", start: int = 0) -> tuple[pd.DataFrame, list[dict]]:
    """A rejected row's location names its review and its place among that review's rows ("evidence row
    review_x#12"), which a full build and a refresh that replaces other reviews agree on; rows of no review
    are numbered within the table from start."""
    if "review_id" in frame.columns and len(frame):
        reviews = frame["review_id"].astype(object).where(frame["review_id"].notna(), "-")
        frame = frame.set_axis([f"{scope}{':' if scope else ''}{r}#{n}" for r, n in zip(reviews, reviews.groupby(reviews).cumcount(), strict=True)])
    else:
        frame = frame.set_axis(range(start, start + len(frame)))
    result = validate_table(TABLE_MODELS[table], frame, table, source_of_row)
    return result.accepted, result.rejected


def stem(source_file: str) -> str:
    return reference_stem(Path(source_file))


def records_to_frame(rows: list[dict], table: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[c for c in TABLE_MODELS[table].to_schema().columns])


def with_bibliography(frames: dict[str, pd.DataFrame], rows: list[dict], vocabulary, records: list, conflicts: list[dict]) -> dict[str, pd.DataFrame]:
    """A batch's tables once its reference list is final: abstracts' evidence, study designs, citation issues."""
    bibliography = records_to_frame(rows, "bibliography")
    abstract = records_to_frame(abstract_evidence_rows(rows, vocabulary), "evidence")
    evidence = pd.concat([f for f in (frames["evidence"], abstract) if len(f)] or [frames["evidence"]], ignore_index=True)
    designs = dict(zip(bibliography["reference_id"], bibliography["study_design"], strict=True))
    evidence["study_design"] = evidence["reference_id"].map(designs)
    issues = citation_issues(frames["citations"], bibliography, records, conflicts, frames["citation_issues"])
    return {**frames, "bibliography": bibliography, "evidence": evidence, "citation_issues": issues}


def run_batches(batches: list[list[Path]], inputs, vocabulary) -> Iterator:
    """The warehouse's batches of staged reviews prepared (warehouse_batches.prepare_batch), in order. This process
    prepares one batch of each group and inserts every batch; N - 1 worker processes (each holds the libraries and
    the vocabulary, about 350 MB) prepare two each, since inserting costs about 0.4 of preparing (1,000 generated
    reviews: 1.6 s to prepare a batch, 0.65 s to insert it). At most two groups wait in memory."""
    def here(batch):
        prepared = prepare_batch(batch, inputs, vocabulary)
        gc.collect()  # pandera's validation leaves reference cycles holding the frames
        return prepared

    workers = min(worker_count(len(batches) * MIN_REVIEWS_PER_WORKER), len(batches)) - 1
    if workers < 1:
        yield from map(here, batches)
        return
    group = 1 + 2 * workers
    with ProcessPoolExecutor(max_workers=workers, mp_context=forkserver(), initializer=init_batch_worker, initargs=(inputs,)) as pool:
        groups = [batches[start:start + group] for start in range(0, len(batches), group)]
        queued = [pool.submit(prepare_in_worker, batch) for batch in groups[0][1:]]
        for index, (first, *_) in enumerate(groups):
            # the next group's batches are queued before this one's are inserted, so the workers never wait
            current, queued = queued, [pool.submit(prepare_in_worker, batch) for batch in (groups[index + 1][1:] if index + 1 < len(groups) else [])]
            yield here(first)
            for future in current:
                yield future.result()
