"""A refresh replaces only the changed reviews' rows in a copy of the live file, and ends with the full build's rows."""

import json
from datetime import UTC, datetime

import duckdb
import pytest

import pipelines.lib.warehouse_tables as warehouse_tables
from pipelines.lib.fingerprints import table_fingerprints
from tests.conftest import make_raw, run_build
from tests.test_warehouse_streaming import REVIEW

RIS = "TY  - JOUR\nAU  - Walsh, Anna\nTI  - Exercise for depressive symptoms in primary care\nT2  - Br J Psychiatry\nPY  - {year}\nVL  - 12\nER  - \n"
ENRICHING = ("TY  - JOUR\nAU  - Erickson, KI\nAU  - Voss, MW\nTI  - Exercise training increases size of hippocampus\n"
             "PY  - 2011\nDO  - 10.1073/pnas.1015950108\nER  - \n")


def _live(processed):
    with duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True) as con:
        prints = table_fingerprints(con)
        rebuilt = con.execute("SELECT rebuilt FROM refresh_log ORDER BY finished DESC LIMIT 1").fetchall()[0][0]
    return prints, rebuilt


def _full_build_of(raw, processed):
    """The warehouse a full build makes from the same staged rows (no live file given: never incremental)."""
    target = processed.parent / "full.duckdb"
    target.unlink(missing_ok=True)
    built = warehouse_tables.build_tables(raw, processed, target, started=datetime.now(UTC))
    with duckdb.connect(str(target), read_only=True) as con:
        return table_fingerprints(con), built.refresh_row["rebuilt"]


def _built(tmp_path):
    raw = make_raw(tmp_path, {"alpha.md": REVIEW.format(title="Alpha"), "beta.md": REVIEW.format(title="Beta")})
    (raw / "references").mkdir()
    (raw / "references" / "pool.ris").write_text(RIS.format(year=2019), encoding="utf-8")
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    assert _live(processed)[1] == "full"
    return raw, processed


def test_added_changed_and_removed_reviews_give_the_full_builds_rows(tmp_path):
    raw, processed = _built(tmp_path)
    (raw / "reviews" / "gamma.md").write_text(REVIEW.format(title="Gamma"), encoding="utf-8")
    (raw / "reviews" / "alpha.md").write_text(REVIEW.format(title="Alpha").replace("older adults", "adolescents"), encoding="utf-8")
    (raw / "reviews" / "beta.md").unlink()
    assert run_build(raw, processed) == 0
    prints, rebuilt = _live(processed)
    assert rebuilt.startswith("incremental: 3 review(s) replaced (2 loaded)") and "claims of" in rebuilt  # only the touched pairs' claims
    assert (prints, "full") == _full_build_of(raw, processed)
    log = json.loads((processed / "refresh_log.jsonl").read_text().splitlines()[-1])
    assert log["files_new"] == ["reviews/gamma.md"] and log["files_changed"] == ["reviews/alpha.md"] and log["files_removed"] == ["reviews/beta.md"]


OTHER_PAIR = """# Delta

## Results

Yoga reduced anxiety symptoms in adults with panic disorder [1].

## References

1. Park J, Lee S. Yoga for panic disorder: a randomised trial. J Anxiety Disord. 2018;55:1-8.
"""


def test_claims_of_untouched_pairs_are_kept_and_still_the_full_builds(tmp_path):
    """A refresh derives claims again only for the pairs whose evidence it removed or added; the rest stay as they were."""
    raw, processed = _built(tmp_path)
    (raw / "reviews" / "delta.md").write_text(OTHER_PAIR, encoding="utf-8")
    assert run_build(raw, processed) == 0
    with duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True) as con:
        claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        yoga = con.execute("SELECT * FROM claims WHERE intervention = 'yoga' ORDER BY ALL").fetchall()
    assert yoga and claims > len(yoga)
    (raw / "reviews" / "alpha.md").write_text(REVIEW.format(title="Alpha").replace("older adults", "adolescents"), encoding="utf-8")
    assert run_build(raw, processed) == 0
    prints, rebuilt = _live(processed)
    touched = int(rebuilt.split("claims of ")[1].split()[0])
    assert 0 < touched < claims  # alpha's pairs, not delta's
    assert (prints, "full") == _full_build_of(raw, processed)
    with duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT * FROM claims WHERE intervention = 'yoga' ORDER BY ALL").fetchall() == yoga


@pytest.mark.slow  # two more builds; the quick test above covers the review path
def test_reference_file_refreshes_give_the_full_builds_rows(tmp_path):
    """A changed reference file is re-derived in a refresh; a record that enriches a review's own entry needs a full build."""
    raw, processed = _built(tmp_path)
    (raw / "references" / "pool.ris").write_text(RIS.format(year=2020), encoding="utf-8")
    assert run_build(raw, processed) == 0
    prints, rebuilt = _live(processed)
    assert rebuilt.startswith("incremental: 0 review(s) replaced")
    assert (prints, "full") == _full_build_of(raw, processed)

    (raw / "references" / "alpha.ris").write_text(ENRICHING, encoding="utf-8")
    assert run_build(raw, processed) == 0
    prints, rebuilt = _live(processed)
    assert rebuilt == "full"
    assert (prints, "full") == _full_build_of(raw, processed)
