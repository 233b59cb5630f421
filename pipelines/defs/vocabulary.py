"""The curated vocabulary, read from <raw>/vocabulary/ and staged for the warehouse."""


import dagster as dg
import pandas as pd

from pipelines.defs.run_lock import run_lock
from pipelines.lib.staging import folder_fingerprint, vocabulary_folder, write_json
from pipelines.lib.vocabulary import load_vocabulary
from pipelines.lib.warehouse_sql import write_parquet
from pipelines.metadata import table_metadata
from pipelines.resources import EvidencePaths
from schemas.tables import ConditionsTable, InterventionsTable, OutcomesTable


def vocabulary_frames(vocabulary) -> dict[str, pd.DataFrame]:
    def rows(kind: str, name: str, category: str | None, extra: str | None = None) -> pd.DataFrame:
        records = []
        for term, synonyms in vocabulary.entries(kind):
            record = {name: term.name, "parent": term.parent, "synonyms": [s for s in synonyms if s != term.name]}
            if category:
                record[category] = term.category
            if extra:
                record[extra] = term.extra
            records.append(record)
        return pd.DataFrame.from_records(records)

    return {
        "interventions": rows("intervention", "intervention", "intervention_class"),
        "outcomes": rows("outcome", "outcome", "outcome_domain", "polarity"),
        "conditions": rows("condition", "condition", None, "symptom_outcome"),
    }


@dg.asset(
    group_name="vocabulary",
    kinds={"csv", "pandas"},
    description="Interventions, outcomes, conditions and direction cues from `<raw>/vocabulary/`, staged for extraction and the warehouse.",
)
def vocabulary(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Analysts edit the vocabulary as CSV; every extraction and the warehouse's vocabulary tables come from it."""
    with run_lock(context, paths.processed()):
        folder = paths.raw() / "vocabulary"
        terms = load_vocabulary(folder)
        frames = vocabulary_frames(terms)
        models = {"interventions": InterventionsTable, "outcomes": OutcomesTable, "conditions": ConditionsTable}
        staged = vocabulary_folder(paths.processed())
        metadata: dict = {}
        for table, frame in frames.items():
            validated = models[table].validate(frame, lazy=True)
            write_parquet(validated, table, staged / f"{table}.parquet")
            metadata[f"{table}_rows"] = len(validated)
        write_json(staged / "vocabulary.json", {"fingerprint": folder_fingerprint(folder)})
        metadata["cues"] = len(terms.entries("cue"))
        metadata["preview"] = dg.MetadataValue.md(table_metadata(frames["interventions"])["preview"].value)
        return dg.MaterializeResult(metadata=metadata)
