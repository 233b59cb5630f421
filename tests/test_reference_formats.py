"""Readers on fixture exports written with the mess real exports have."""

from pathlib import Path

import pytest

from pipelines.lib.reference_formats.dispatch import read_reference_file

FIXTURES = Path(__file__).parent / "fixtures" / "references"


def read(name):
    return read_reference_file(FIXTURES / name, f"references/{name}")


def test_bibtex_latex_braces_corporate_authors_and_a_broken_entry():
    result = read("zotero_export.bib")
    by_key = {r.record_number: r for r in result.records}
    assert by_key[2].authors == ["Müller J", "Gómez A", "World Health Organization"] and by_key[2].et_al
    assert by_key[2].title == "Aerobic exercise and BDNF in depression: a randomized controlled trial"
    assert by_key[2].pages == "118-124" and by_key[2].doi == "10.1016/j.jad.2019.01.001"
    assert by_key[1].doi == "10.31887/dcns.2004.6.2/wdrevets" and by_key[1].journal_abbreviation == "Dialogues Clin Neurosci"
    assert by_key[3].year is None and by_key[3].pages is None
    assert [r.location for r in result.rejected] == ["record 4 (line 30)", "record 5 (line 34)"]
    assert result.records_read == len(result.records) + len(result.rejected) == 5


def test_ris_header_noise_continuation_lines_nfd_names_and_a_missing_end_tag():
    result = read("endnote_export.ris")
    first = result.records[0]
    assert first.authors == ["Müller J", "Gómez A"]  # NFD in the file, NFC here
    assert first.title.endswith("depression: a randomized controlled trial")
    assert (first.year, first.pages, first.doi, first.journal_abbreviation) == (2019, "118-124", "10.1016/j.jad.2019.01.001", "J Affect Disord")
    assert result.rejected[0].location == "record 3 (line 31)" and "ER" in result.rejected[0].reason
    assert result.records[-1].doi is None and result.records[-1].raw_doi == "not-a-doi"
    assert result.records_read == 4


def test_csl_json_literal_authors_raw_dates_and_a_non_object_item():
    result = read("mendeley_export.json")
    assert [r.authors[0] for r in result.records] == ["Kays JL", "World Health Organization", "Ünal Ş"]
    assert result.records[0].pages == "118-124" and result.records[0].pmid == "22772660"
    assert result.records[2].year == 2020
    assert len(result.rejected) == 1 and result.records_read == 4


def test_medline_continuations_et_al_and_a_tagless_line():
    result = read("pubmed_export.nbib")
    kays, mbct = result.records
    assert kays.et_al and kays.pages == "118-124" and kays.doi == "10.1176/appi.neuropsych.12050109" and kays.year == 2012
    assert mbct.title == "Mindfulness-based cognitive therapy lowers relapse in recurrent depression: a randomized controlled trial"
    assert "Randomized Controlled Trial" in mbct.publication_type
    assert result.rejected[0].location == "record 3 (line 29)"


@pytest.mark.parametrize("name", ["pubmed_export.xml", "pubmed_export_gz.xml.gz"])
def test_pubmed_xml_plain_and_gzipped(name):
    result = read(name)
    fuchs = result.records[0]
    assert fuchs.authors == ["Fuchs E", "Czéh B"] and fuchs.pages == "S481-S490" and fuchs.issue == "Suppl 5"
    assert fuchs.abstract.startswith("Antidepressants increase") and fuchs.journal_abbreviation == "Eur Neuropsychopharmacol"
    assert len(result.rejected) == 1


def test_non_utf8_and_unknown_files_give_one_clear_row():
    cp1252 = read("legacy_cp1252.bib")
    assert cp1252.records == [] and "not UTF-8" in cp1252.rejected[0].reason and "byte 23" in cp1252.rejected[0].reason
    unknown = read("notes.docx")
    assert unknown.records == [] and "not a known reference format" in unknown.rejected[0].reason


def test_xml_entities_are_refused_unread(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&s;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>'
    path = tmp_path / "xxe.xml"
    path.write_text(xxe, encoding="utf-8")
    result = read_reference_file(path, "references/xxe.xml")
    assert result.records == [] and "declares entities" in result.rejected[0].reason
    assert "TOP-SECRET" not in repr(result)
    bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>'
    path.write_text(bomb, encoding="utf-8")
    assert read_reference_file(path, "references/bomb.xml").rejected


def test_gzip_bomb_is_refused(tmp_path):
    import gzip

    path = tmp_path / "bomb.xml.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"<a>" + b" " * 5_000_000 + b"</a>")
    result = read_reference_file(path, "references/bomb.xml.gz", cap=1_000_000)
    assert result.records == [] and "zip bomb" in result.rejected[0].reason


def test_a_meta_analytic_review_is_a_meta_analysis_not_a_narrative_review():
    from pipelines.lib.reference_formats.records import study_design

    title = "A meta-analytic review of the effects of exercise on brain-derived neurotrophic factor"
    assert study_design(None, title) == "meta-analysis"
    assert study_design(None, "Neuroplasticity and mental health: a review") == "narrative review"
