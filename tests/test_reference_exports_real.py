"""Reference files as real exports write them: MEDLINE baseline XML, titles only in RIS ST/T2 or
BibTeX booktitle, and fuzzy title matches that must not merge distinct works."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from pipelines.lib.reference_formats.dispatch import read_reference_file
from pipelines.lib.reference_formats.records import ReferenceRecord
from pipelines.lib.reference_merge import merge_references

MEDLINE = b"""<?xml version="1.0" encoding="UTF-8"?>
<MedlineCitationSet>
<MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">10540222</PMID>
<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>56</Volume><Issue>11</Issue><PubDate><Year>1999</Year></PubDate></JournalIssue>
<Title>Archives of general psychiatry</Title><ISOAbbreviation>Arch Gen Psychiatry</ISOAbbreviation></Journal>
<ArticleTitle>Exercise treatment for major depression: maintenance of therapeutic benefit at 10 months.</ArticleTitle>
<Pagination><MedlinePgn>1011-8</MedlinePgn></Pagination>
<AuthorList><Author><LastName>Babyak</LastName><ForeName>M</ForeName><Initials>M</Initials></Author></AuthorList></Article>
</MedlineCitation>
<MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">11159766</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2001</Year></PubDate></JournalIssue><Title>Psychosomatic medicine</Title></Journal>
<ArticleTitle>Exercise and depression.</ArticleTitle><AuthorList><Author><LastName>Lawlor</LastName><ForeName>D A</ForeName></Author></AuthorList></Article>
</MedlineCitation>
</MedlineCitationSet>
"""


def _read(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_reference_file(path, f"references/{name}")


def test_medline_baseline_citations_are_read(tmp_path):
    for name, data in (("baseline.xml", MEDLINE), ("baseline.xml.gz", gzip.compress(MEDLINE))):
        result = _read(tmp_path, name, data)
        assert [r.pmid for r in result.records] == ["10540222", "11159766"], name
        assert result.records[0].title.startswith("Exercise treatment for major depression") and result.records[0].year == 1999
        assert result.records[0].pages == "1011-1018" and not result.rejected


def test_titles_only_in_ris_st_or_t2_and_bibtex_booktitle_are_kept(tmp_path):
    ris = b"TY  - CHAP\nAU  - Beck, Aaron T.\nT2  - Cognitive therapy of depression\nPY  - 1979\nER  - \n\nTY  - JOUR\nAU  - Kessler, R\nST  - NCS-R prevalence\nJO  - Arch Gen Psychiatry\nPY  - 2005\nER  - \n"
    records = _read(tmp_path, "export.ris", ris).records
    assert [r.title for r in records] == ["Cognitive therapy of depression", "NCS-R prevalence"]
    assert records[1].journal == "Arch Gen Psychiatry" and records[0].journal is None
    bib = b"@inproceedings{k1, author = {Torous, John}, booktitle = {Proceedings of Digital Psychiatry 2019}, year = {2019}}\n"
    (record,) = _read(tmp_path, "export.bib", bib).records
    assert record.title == "Proceedings of Digital Psychiatry 2019"


def _record(n: int, title: str, author: str | None, year: int | None, doi: str | None = None) -> ReferenceRecord:
    return ReferenceRecord(source_file="references/pool.json", record_number=n, line=None, source_format="csl-json", raw_text=title,
                           authors=[author] if author else [], title=title, year=year, doi=doi)


def test_a_fuzzy_title_alone_never_merges_distinct_works():
    records = [
        _record(1, "Lorem ipsum dolor sit amet", "Smith J", 2020),
        _record(2, "Lorem ipsum dolor sit amet", "Smith J", 2020),  # placeholders: never merged
        _record(3, "Editorial", "Jones A", 2019),
        _record(4, "Editorial", "Jones A", 2019),
        _record(5, "Depression in primary care: a review", "Brown K", 2018),
        _record(6, "Depression in primary care: a review", "Brown K", 2021),  # another year: another work
        _record(7, "Depression in primary care: a review", None, 2018),  # no first author: no corroboration
        _record(8, "Depression in primary care: a review.", "Brown K", 2018),  # the same work as 5
    ]
    result = merge_references([], records, set(), lambda f: "pool")
    rules = {m["matched_record"]: (m["rule"], m["reference_id"]) for m in result.matches}
    assert len(result.rows) == 7
    merged = rules["references/pool.json#8"]
    assert merged[0] == "fuzzy title" and merged[1] == rules["references/pool.json#5"][1]
    assert all(rules[f"references/pool.json#{n}"][0] == "new" for n in (1, 2, 3, 4, 5, 6, 7))
    detail = next(m["detail"] for m in result.matches if m["matched_record"].endswith("#8"))
    assert "same first author" in detail and "2018" in detail


EXPORTS = Path(__file__).parent / "fixtures" / "reference_exports"


def test_other_projects_export_files_lose_no_record():
    """Every record of real test-suite exports (tests/fixtures/reference_exports/README.md) is read and
    either kept or rejected with a reason; counts come from the files, not from the pipeline."""
    expected = json.loads((EXPORTS / "expected_counts.json").read_text())
    records = []
    for name, count in expected.items():
        result = read_reference_file(EXPORTS / name, f"references/{name}")
        assert result.records_read == count == len(result.records) + len(result.rejected), name
        assert all(r.reason for r in result.rejected), name
        records += result.records
    merged = merge_references([], records, set(), lambda f: "pool")
    ids = [row["reference_id"] for row in merged.rows]
    assert len(ids) == len(set(ids)), "two rows share a reference_id: one would be lost at validation"
    assert len(merged.matches) == len(records)


def test_web_of_science_export_named_ris_is_read_as_web_of_science():
    result = read_reference_file(EXPORTS / "rispy_example_wos.ris", "references/rispy_example_wos.ris")
    first = result.records[0]
    assert (first.authors[0], first.year, first.doi, first.pmid, first.pages) == ("Parkes-Loach PS", 2004, "10.1021/bi049798f", "15170338", "7003-7016")
    assert first.title.startswith("Interactions stabilizing the structure of the core light-harvesting complex")


def test_a_file_with_text_but_no_record_is_rejected_not_dropped(tmp_path):
    result = _read(tmp_path, "notes.ris", b"Provider: a reference manager\nthis file holds no record\n")
    assert result.records == [] and [r.location for r in result.rejected] == ["file"]


def test_records_alike_that_must_not_merge_keep_apart_under_their_own_ids(tmp_path):
    """Two records with the same title and year and no author (a title alone never merges) once
    shared one content id, and validation then dropped both rows."""
    one = _read(tmp_path, "a.json", b'[{"type": "book", "title": "His Anonymous Life", "issued": {"date-parts": [[1910]]}}]').records
    two = _read(tmp_path, "b.json", b'[{"type": "book", "title": "His Anonymous Life", "issued": {"date-parts": [[1910]]}}]').records
    merged = merge_references([], one + two, set(), lambda f: "pool")
    assert len({row["reference_id"] for row in merged.rows}) == 2
    assert "kept apart" in merged.matches[1]["detail"]


def test_the_ids_a_record_can_collide_with_are_all_the_merge_needs_of_unread_rows(tmp_path):
    """The warehouse reads, of the rows no record can match, only the ids record_row_ids names (not a million)."""
    from pipelines.lib.reference_merge import record_row_ids

    record = _read(tmp_path, "a.json", b'[{"type": "book", "title": "His Anonymous Life", "issued": {"date-parts": [[1910]]}}]').records
    alone = merge_references([], record, set(), lambda f: "pool")
    assert record_row_ids(record, set(), lambda f: "pool") == [alone.rows[0]["reference_id"]]
    unread = {alone.rows[0]["reference_id"], "an-id-no-record-can-take"}
    kept_apart = merge_references([], record, set(), lambda f: "pool", known_ids=set(record_row_ids(record, set(), lambda f: "pool")) & unread)
    assert kept_apart.rows[0]["reference_id"] != alone.rows[0]["reference_id"] and "kept apart" in kept_apart.matches[0]["detail"]


def test_a_record_is_kept_however_little_it_holds_but_not_when_it_holds_nothing_bibliographic(tmp_path):
    result = _read(tmp_path, "stubs.json", b'[{"type": "book", "author": [{"family": "Whittaker", "given": "Phil"}], "issued": {"date-parts": [[1967]]}},'
                                           b' {"type": "book", "author": [{"family": "Whittaker", "given": "Phil"}]},'
                                           b' {"type": "book", "note": "a note and nothing else"},'
                                           b' {"type": "book", "editor": [{"family": "Doe", "given": "John"}]}]')
    assert [(r.authors, r.year) for r in result.records] == [(["Whittaker P"], 1967), (["Whittaker P"], None), (["Doe J"], None)]
    assert [r.location for r in result.rejected] == ["record 3"] and "nothing bibliographic" in result.rejected[0].reason
    merged = merge_references([], result.records, set(), lambda f: "pool")
    assert all("cannot be merged" in m["detail"] for m in merged.matches)
