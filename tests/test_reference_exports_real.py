"""Reference files as real exports write them: MEDLINE baseline XML, titles only in RIS ST/T2 or
BibTeX booktitle, and fuzzy title matches that must not merge distinct works."""

from __future__ import annotations

import gzip
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
