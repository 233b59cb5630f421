"""Plain-function tests of the rules each reader applies to real renderings.

The inputs are slices in the shape the real files have (Evidence Inference's text rendering of
PMC trials, GROBID TEI of a Springer review, pdftotext/docling dumps, Nature's sideways tables);
each test names the article the shape comes from. No Dagster, no files beyond tmp_path.
"""

from __future__ import annotations

from pipelines.reading.assemble import first_authors
from pipelines.reading.document import ParsedReview, ReferenceEntry
from pipelines.reading.pdf import _cited_table_rows
from pipelines.reading.pdf_layout import Char, Line
from pipelines.reading.plain_text import read_plain_text
from pipelines.reading.quality import quality_row
from pipelines.reading.read import read_review
from pipelines.reading.text_lines import front_title

# Evidence Inference renders PMC1976625 (Oxman 2007) like this: a label per section, a line break
# at each cross-reference, tables as one cell per line.
EI_TEXT = "TITLE: \n" """A Televised, Web-Based Randomised Trial of an Herbal Remedy (Valerian) for Insomnia



ABSTRACT.BACKGROUND:
Valerian is an herbal over-the-counter drug that is widely used for insomnia.

ABSTRACT.FINDINGS:
The difference between the valerian group (29%) and the placebo group (21%) was not statistically significant (p = 0.08).

BODY:
Insomnia is common and is associated with reduced quality of life
[1], which suggests a need for safe treatments.
Systematic reviews have found inconsistent results [2].

BODY.METHODS:
Participants were recruited through a weekly televised health program.
10.1371/journal.pone.0001040.t001Table 1
Valerian
Placebo
(N = 202)
Age, mean (SD)
48 (13)

BODY.RESULTS:
Sleep quality improved in 29% of the valerian group and in 21% of the placebo group.
"""


def test_evidence_inference_text_reads_its_labels_as_sections():
    review = read_plain_text("oxman2007", EI_TEXT)
    assert review.reader == "evidence-inference-text"
    assert review.title.startswith("A Televised, Web-Based Randomised Trial")
    kinds = {s.text.split()[0]: s.section_kind for s in review.sentences}
    assert kinds["Valerian"] == "abstract"
    assert kinds["Insomnia"] == "introduction"  # 'BODY:' opens an unheaded introduction
    assert kinds["Participants"] == "methods"
    assert kinds["Sleep"] == "results"


def test_evidence_inference_text_rejoins_lines_broken_at_cross_references():
    review = read_plain_text("oxman2007", EI_TEXT)
    joined = next(s for s in review.sentences if s.text.startswith("Insomnia is common"))
    assert joined.text.endswith("which suggests a need for safe treatments.")
    assert [c.numbers for c in joined.citations] == [(1,)]
    # the rendering has no reference list: the marks are found, and the review says it read badly
    assert not review.references
    quality = quality_row(review, [])
    assert any("no reference list" in warning for warning in quality["warnings"])


def test_evidence_inference_tables_are_furniture_not_sentences():
    review = read_plain_text("oxman2007", EI_TEXT)
    texts = " ".join(s.text for s in review.sentences)
    assert "48 (13)" not in texts and "Age, mean" not in texts
    assert any(kind == "table" and "Table 1" in text for kind, text in review.furniture)


def test_evidence_inference_text_is_recognised_from_its_content(tmp_path):
    path = tmp_path / "PMC1976625.txt"
    path.write_text(EI_TEXT, encoding="utf-8")
    assert read_review("PMC1976625", path).review.reader == "evidence-inference-text"


def test_front_title_skips_wrapper_headers_and_article_type():
    # the first lines of Yamamoto 2020 as a PyMuPDF dump committed by another project holds them
    lines = [
        "# Yamamoto2020 et al. (2020) — Full Text Extraction", "", "**Source file:** 2020_yamamoto2020.pdf",
        "---", "", "## Full Paper Content", "", "RESEARCH ARTICLE",
        "Using speech recognition technology to", "investigate the association between timing-",
        "related speech features and depression", "severity",
        "Mao Yamamoto, Akihiro TakamiyaID, Kyosuke Sawada, Michitaka Yoshimura,",
    ]
    assert front_title(lines) == ("Using speech recognition technology to investigate the association "
                                  "between timing-related speech features and depression severity")


def test_front_title_untrusted_when_the_run_never_ends():
    # a body paragraph dumped line by line is not a title
    assert front_title([f"Line {n} of a paragraph that goes on and on" for n in range(10)]) is None


def _numbered(*entries: tuple[int, str]) -> ParsedReview:
    review = ParsedReview(review_id="r", source_format="markdown", reader="markdown")
    review.references = [ReferenceEntry(n, raw, n) for n, raw in entries]
    return review


def test_first_authors_come_from_the_entries():
    review = _numbered((7, "Saeb S, Zhang M, Karr CJ. Mobile phone sensor correlates. J Med Internet Res 2015."),
                       (10, "Mohr DC, Zhang M, Schueller SM. Personal sensing. Annu Rev Clin Psychol 2017."))
    assert first_authors(review) == {7: "saeb", 10: "mohr"}


def test_flattened_superscript_on_a_surname_is_a_citation():
    # de Angel 2022 as docling flattened it: "except for Saeb7 who", "Mohr et al. 10 for"
    from pipelines.reading.assemble import _surname_marks

    authors = {7: "saeb", 10: "mohr", 12: "smagula"}
    text = "All studies used GPS except for Saeb7 who used Wi-Fi, and Mohr et al. 10 for the app; Table 3 lists 12 of them."
    marks = _surname_marks(text, [], authors)
    assert [(m.numbers, m.text) for m in marks] == [((7,), "7"), ((10,), "10")]
    # a number after a word that is not the entry's first author stays text
    assert not _surname_marks("Table 12 shows it", [], authors)


def _rotated_line(page: int, text: str, baseline: float) -> Line:
    chars = [Char(ch, 7.0, 0, 0, baseline, baseline + 7) for ch in text]
    return Line(page, chars, 7.0, False, 40, 500, baseline, baseline + 7, 90.0, "rotated margin text",
                0, list(range(len(text))))


def test_sideways_table_cells_naming_a_first_author_become_cited_table_sentences():
    # Parade 2021 (Transl Psychiatry) prints its study table sideways: "Cicchetti et al.43 2016 ..."
    review = _numbered((43, "Cicchetti D, Hetzel S, Rogosch FA, Handley ED, Toth SL. Genome-wide DNA methylation. 2016."),
                       (44, "Weder N, Zhang H, Jensen K. Child abuse, depression, and methylation. 2014."))
    lines = [_rotated_line(5, "Cicchetti et al.43 2016 548 children, maltreated", 100),
             _rotated_line(5, "Kessler et al.44 2014 a cohort of adults", 110)]
    rows = _cited_table_rows(lines, review)
    assert len(rows) == 1  # entry 44's first author is Weder, not Kessler: no citation guessed
    row = rows[0]
    assert row.section_kind == "table" and row.text.text.startswith("Cicchetti et al.")
    assert [m.numbers for m in row.marks] == [(43,)]


TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title level="a" type="main">Guided digital interventions for youth</title></titleStmt>
<sourceDesc><biblStruct><analytic><title level="a" type="main">Guided digital interventions for youth</title></analytic>
<monogr><imprint/></monogr></biblStruct></sourceDesc></fileDesc></teiHeader>
<text><body><div><head>Introduction</head>
<p>Youth mental health is an urgent concern <ref type="bibr" target="#b0">(Alqahtani &amp; Orji, 2019)</ref>.
Guided programmes reduced symptoms <ref type="bibr" target="#b1">(Klimczak, 2023)</ref>.</p></div></body>
<back><div type="references"><listBibl>
<biblStruct xml:id="b0"><analytic><title level="a" type="main">Usability issues in mental health applications</title>
<author><persName><forename type="first">F</forename><surname>Alqahtani</surname></persName></author></analytic>
<monogr><imprint><date type="published" when="2019"/></imprint></monogr>
<note type="raw_reference">Alqahtani, F., &amp; Orji, R. (2019). Usability issues in mental health applications.</note></biblStruct>
<biblStruct xml:id="b1"><analytic><title level="a" type="main">depression decreased</title>
<author><persName><surname>Klimczak</surname></persName></author></analytic>
<monogr><imprint><date type="published" when="2023"/></imprint></monogr>
<note type="raw_reference">Klimczak (2023; depression decreased (d=0.58, p=0.02)</note></biblStruct>
</listBibl></div></back></text></TEI>
"""


def test_tei_table_cells_grobid_listed_as_references_are_furniture(tmp_path):
    # Opie 2024 as GROBID read it: 27 cells of the results table became biblStructs
    path = tmp_path / "opie.tei.xml"
    path.write_text(TEI, encoding="utf-8")
    review = read_review("opie", path).review
    assert [e.raw_text[:9] for e in review.references] == ["Alqahtani"]
    assert any(kind == "table text GROBID listed as a reference" for kind, _ in review.furniture)
    sentence = next(s for s in review.sentences if s.text.startswith("Youth mental health"))
    assert [c.numbers for c in sentence.citations] == [(1,)]
    # GROBID's link to the dropped entry is not followed: the mark is read from its own text
    # and, finding no Klimczak 2023 in the list, reported rather than resolved
    later = next(s for s in review.sentences if s.text.startswith("Guided programmes"))
    assert not any(c.numbers for c in later.citations)
    assert any("Klimczak" in text for _, text, _ in review.unresolved_marks)
