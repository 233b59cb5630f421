"""Issue 16: one reference file, however odd, is rejected rows; the refresh publishes."""

from __future__ import annotations

import json

import duckdb

from pipelines.lib.reference_formats.csl_json import read_csl_json
from tests.conftest import make_raw, run_build

DEEP_LIST = "[" * 100_000 + "]" * 100_000
DEEP_IN_ITEM = '[{"title": "A trial", "note": ' + "{\"a\": " * 50_000 + "1" + "}" * 50_000 + "}]"
WRONG_TYPES = json.dumps([
    {"title": "Ketamine for depression", "author": [{"family": "Smith", "given": "J"}], "issued": {"date-parts": [[2020]]}, "DOI": "10.1/x"},
    {"title": ["a", "list"]},
    {"title": "T", "DOI": {"not": "text"}},
    {"author": "Smith J"},
    {"title": "Dates", "issued": {"date-parts": "2020"}},
    42,
])


def test_deep_nesting_is_one_rejected_file():
    for text in (DEEP_LIST, DEEP_IN_ITEM):
        result = read_csl_json(text, "deep.json")
        assert result.records == [] and [r.reason for r in result.rejected] == ["CSL-JSON: nested too deeply to be a reference list"]


def test_wrong_value_types_reject_the_item_and_keep_the_rest():
    result = read_csl_json(WRONG_TYPES, "types.json")
    assert [r.title for r in result.records] == ["Ketamine for depression", "Dates"]
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("record 2", "CSL-JSON: field 'title' is list, expected text"),
        ("record 3", "CSL-JSON: field 'DOI' is dict, expected text"),
        ("record 4", "CSL-JSON: field 'author' is str, expected a list of names"),
        ("record 6", "CSL-JSON: an item is not an object"),
    ]


def test_a_build_with_hostile_reference_files_publishes(tmp_path):
    raw = make_raw(tmp_path)
    (raw / "references").mkdir()
    (raw / "references" / "deep.json").write_text(DEEP_LIST, encoding="utf-8")
    (raw / "references" / "deep_item.json").write_text(DEEP_IN_ITEM, encoding="utf-8")
    (raw / "references" / "types.json").write_text(WRONG_TYPES, encoding="utf-8")
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    con = duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True)
    rejected = con.execute("SELECT source_file, reason FROM rejected_records WHERE source_file LIKE '%.json' ORDER BY source_file, reason").fetchall()
    con.close()
    assert ("references/deep.json", "CSL-JSON: nested too deeply to be a reference list") in rejected
    assert ("references/deep_item.json", "CSL-JSON: nested too deeply to be a reference list") in rejected
    assert sum(1 for f, _ in rejected if f == "references/types.json") == 4


def test_a_reference_file_that_reads_too_long_is_one_rejected_file(tmp_path, monkeypatch):
    from pipelines.lib.reference_formats import dispatch

    def endless(text, source_file):
        while True:
            pass

    monkeypatch.setitem(dispatch.TEXT_READERS, ".ris", endless)
    path = tmp_path / "slow.ris"
    path.write_text("TY  - JOUR\nTI  - A trial\nER  - \n", encoding="utf-8")
    result = dispatch.read_reference_file(path, "references/slow.ris", seconds=0.3)
    assert result.records == [] and len(result.rejected) == 1
    assert "reading slow.ris took longer than its 0.3-second budget" in result.rejected[0].reason
