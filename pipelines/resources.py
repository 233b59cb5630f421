"""Dagster resources: where the raw inputs are read and the outputs written."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.lib import raw_files


class EvidencePaths(dg.ConfigurableResource):
    """The raw and processed folders; empty means EVIDENCE_RAW_DIR / EVIDENCE_PROCESSED_DIR or the defaults."""

    raw_dir: str = ""
    processed_dir: str = ""

    def raw(self) -> Path:
        return Path(self.raw_dir).resolve() if self.raw_dir else raw_files.raw_dir()

    def processed(self) -> Path:
        path = Path(self.processed_dir).resolve() if self.processed_dir else raw_files.processed_dir()
        path.mkdir(parents=True, exist_ok=True)
        return path
