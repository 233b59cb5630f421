"""Reading real articles in the forms users hold them (files in tests/fixtures/real_articles/, CC BY).

The expected values were read off the articles themselves (their printed titles, reference
lists and citations), not off the pipeline's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.lib.review_tables import bibliography_rows
from pipelines.reading.quality import quality_row
from pipelines.reading.read import read_review

REAL = Path(__file__).parent / "fixtures" / "real_articles"


def _read(name: str):
    return read_review(name.split(".")[0], REAL / name).review


def _cited(review, needle: str) -> list[int]:
    sentence = next(s for s in review.sentences if needle in s.text)
    return [n for mark in sentence.citations for n in mark.numbers]


@pytest.fixture(scope="module")
def browning():
    return _read("PMC3504298.nxml")


@pytest.fixture(scope="module")
def blumberger():
    return _read("PMC3421236.nxml")


@pytest.fixture(scope="module")
def garakani():
    return _read("garakani2020.pdf")


@pytest.fixture(scope="module")
def brown():
    return _read("brown2024.pdf")


def test_jats_metadata_comes_from_article_meta(browning):
    assert browning.source_format == "jats" and browning.reader == "jats-lxml"
    assert browning.title == "Using Attentional Bias Modification as a Cognitive Vaccine Against Depression"
    assert browning.doi == "10.1016/j.biopsych.2012.04.014"
    assert browning.pmcid == "PMC3504298"
    assert browning.authors[0].startswith("Browning")


def test_jats_xref_citations_are_exact(browning):
    assert len(browning.references) == 43
    assert _cited(browning, "80% of patients experiencing more than one episode") == [1]
    sentence = next(s for s in browning.sentences if "social factors" in s.text)
    assert [m.numbers for m in sentence.citations] == [(3,), (4, 5), (6,), (7,)]  # '(4,5)' is one xref, rid="bib4 bib5"
    assert [m.text for m in sentence.citations][1] == "4,5"
    marks = [m for s in browning.sentences for m in s.citations]
    assert marks and all(m.numbers for m in marks)


def test_jats_reference_fields_are_taken_as_given(browning):
    rows, _, _ = bibliography_rows(browning, "PMC3504298.nxml")
    first = next(r for r in rows if r["reference_number"] == 1)
    assert first["first_author"] == "Boland RJ" and first["year"] == 2002
    assert first["title"] == "Course and outcome of depression"
    assert first["source_format"] == "jats"


def test_jats_author_year_xrefs_resolve_to_the_named_entry(blumberger):
    sentence = next(s for s in blumberger.sentences if "highly prevalent mental illness" in s.text)
    numbers = [n for m in sentence.citations for n in m.numbers]
    by_number = {e.number: e for e in blumberger.references}
    assert [by_number[n].fields["authors"][0].split()[0] for n in numbers] == ["Kessler", "Patten"]
    assert [by_number[n].fields["year"] for n in numbers] == [2003, 2006]


def test_jats_tables_and_figures_are_furniture(browning):
    assert any(kind in ("table-wrap", "fig") for kind, _ in browning.furniture)
    quality = quality_row(browning, bibliography_rows(browning, "x")[0])
    assert quality["read_well"], quality["warnings"]


def test_pdf_title_references_and_parenthetical_citations(garakani):
    assert garakani.source_format == "pdf" and garakani.reader == "pdf-pypdfium2"
    assert garakani.title == "Pharmacotherapy of Anxiety Disorders: Current and Emerging Treatment Options"
    assert garakani.doi == "10.3389/fpsyt.2020.595584"
    numbers = [e.number for e in garakani.references]
    assert numbers == list(range(1, 257))  # 256 entries, each under its printed number
    assert garakani.references[0].raw_text.startswith("Kessler RC, Chiu WT, Demler O")
    assert _cited(garakani, "lifetime prevalence in the United States of around 32%") == [1]


def test_pdf_page_furniture_stays_out_of_sentences(garakani):
    texts = " ".join(s.text for s in garakani.sentences)
    assert "www.frontiersin.org" not in texts
    assert not re.search(r"Frontiers in Psychiatry \| ", texts)
    assert "ﬁ" not in texts and "ﬂ" not in texts  # ligature glyphs repaired
    assert not any(s.text.startswith(("Amir Garakani", "Edited by")) for s in garakani.sentences)


def test_pdf_superscripts_cover_page_and_sidebar(brown):
    assert brown.title.startswith("Clinical effectiveness and cost-effectiveness of a brief accessible cognitive behavioural therapy")
    assert not any("Research Portal" in s.text for s in brown.sentences)  # the repository's cover page
    assert not any(s.text.startswith("Lancet Psychiatry 2024") for s in brown.sentences)  # the notes column
    assert _cited(brown, "almost three-quarters by the age of 18 years") == [1]  # a true superscript
    assert [e.number for e in brown.references] == list(range(1, 40))
    assert brown.references[0].raw_text.startswith("Kessler RC")


def test_pdf_reads_well_by_its_own_measure(garakani):
    quality = quality_row(garakani, bibliography_rows(garakani, "x")[0])
    assert quality["references_printed"] == 256 and quality["references_cited"] >= 0.8 * 256
    assert quality["citation_marks_resolved"] == quality["citation_marks"]


def test_pdf_ligature_glyphs_drawn_small_and_high_stay_in_their_words():
    """guo2023 draws 'fl' and 'fi' from a ligature font whose boxes sit smaller and higher than the line:
    read as superscripts they were dropped ('inammation', 'signicantly')."""
    review = _read("guo2023.pdf")
    text = " ".join(s.text for s in review.sentences)
    assert "neuroinflammation" in text and "significantly" in text
    assert not any(broken in text for broken in ("inammat", "signicant", "specic ", "conrm"))


def test_tei_keeps_grobid_links_and_reports_what_it_cannot_resolve():
    review = _read("opie2024.grobid.tei.xml")
    assert review.source_format == "tei"
    assert review.title.startswith("Outcomes of Best-Practice Guided Digital Mental Health Interventions")
    # GROBID lists 145 biblStructs; 27 are cells of the results table ("d=0.58, p=0.02"),
    # set aside as furniture rather than stored as references.
    junk = [text for kind, text in review.furniture if kind == "table text GROBID listed as a reference"]
    assert len(review.references) == 118 and len(junk) == 27
    assert all(re.search(r"\d", text) for text in junk)
    # two book chapters GROBID split mid-entry lose their year; every real entry is kept
    assert sum(bool(entry.fields.get("year")) for entry in review.references) >= 115
    cited = _cited(review, "urgent public health concern")
    assert [review.references[n - 1].fields["authors"][0].split()[0] for n in cited] == ["Colizzi", "Collishaw"]
    assert review.unresolved_marks  # ambiguous author-year marks are reported, not guessed
    assert all("ambiguous" in why or "no entry" in why for _, _, why in review.unresolved_marks)


def test_converter_markdown_without_blocks_is_read_by_its_lines():
    review = _read("yamamoto2020.pymupdf.md")
    assert review.reader == "markdown-lines"
    assert review.references[0].number == 1 and review.references[0].raw_text.startswith("Nock MK, Hwang I")
    assert len(review.references) >= 35
    sentence = next(s for s in review.sentences if "no reliable and validated objective biomarkers" in s.text)
    assert sentence.section_kind == "abstract"


def test_form_is_recognised_from_content_not_the_name(tmp_path):
    disguised = tmp_path / "article.txt"
    disguised.write_bytes((REAL / "PMC3504298.nxml").read_bytes())
    assert read_review("article", disguised).review.source_format == "jats"
