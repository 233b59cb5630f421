import dagster as dg

from pipelines.definitions import defs


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


def test_review_assets_are_partitioned_by_review():
    repo = defs.get_repository_def()
    for name in ("review_documents", "review_evidence"):
        assert repo.asset_graph.get(dg.AssetKey(name)).partitions_def.name == "review"
