import re

import dagster as dg
import pandas as pd

from pipelines.definitions import defs
from pipelines.metadata import markdown_preview


def test_definitions_load_with_described_grouped_assets():
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.group_name in {"vocabulary", "reviews", "references", "warehouse", "exports"}, key
        assert node.kinds, key


def test_blocking_checks_guard_the_publish():
    repo = defs.get_repository_def()
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    assert {"reviews_present", "evidence_references_exist", "evidence_matches_schema", "citations_resolve"} <= checks
    publish_deps = repo.asset_graph.get(dg.AssetKey("warehouse")).parent_keys
    assert dg.AssetKey("evidence") in publish_deps and dg.AssetKey("evidence_map") in publish_deps


def test_one_run_refreshes_everything_and_reviews_are_one_batch_each():
    """Per-review partitions cost two Dagster events per review per asset (minutes at 10,000 reviews): the review
    assets are batches that skip current reviews, and warehouse_job runs them with the warehouse in one run."""
    repo = defs.get_repository_def()
    for name in ("review_documents", "review_evidence"):
        assert repo.asset_graph.get(dg.AssetKey(name)).partitions_def is None
    job_assets = defs.resolve_job_def("warehouse_job").asset_layer.asset_graph.get_all_asset_keys()
    assert {dg.AssetKey("review_documents"), dg.AssetKey("review_evidence"), dg.AssetKey("warehouse"), dg.AssetKey("csv_exports")} <= set(job_assets)


def _outside_code_spans(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


def test_descriptions_render_as_markdown_without_swallowed_tags():
    """The UI renders descriptions as Markdown, where a bare <processed> is an HTML tag and vanishes."""
    repo = defs.get_repository_def()
    texts = [repo.asset_graph.get(k).description for k in repo.asset_graph.get_all_asset_keys()]
    texts += [spec.description or "" for asset in defs.assets for spec in getattr(asset, "check_specs", [])]
    texts += [s.description or "" for s in defs.sensors] + [s.description or "" for s in defs.schedules] + [j.description or "" for j in defs.jobs]
    assert len(texts) > 40
    for text in texts:
        assert not re.search(r"<[a-z_]+>", _outside_code_spans(text)), text


def test_previews_open_on_intervention_outcome_and_direction():
    frame = pd.DataFrame([{"evidence_id": "e1", "review_id": "r", "sentence_id": "s", "hedged": False, "intervention": "SSRI", "outcome": "anxiety", "direction": "decrease"}])
    header = markdown_preview(frame).splitlines()[0]
    assert header == "| intervention | outcome | direction | hedged | evidence_id | review_id | sentence_id |"
