"""Plain-function tests of the reading package: forms, author-year citations, reference strings.

The reference strings are copied from the real articles in tests/fixtures/real_articles/ and
../shared/real_articles/ (Frontiers, Nature, APA, Lancet and Vancouver styles as printed).
"""

from __future__ import annotations

import pytest

from pipelines.reading.assemble import section_kind
from pipelines.reading.author_year import AuthorYearIndex, entry_key, find_author_year
from pipelines.reading.forms import recognise, review_id_of
from pipelines.reading.reference_strings import parse_reference, parse_reference_list


@pytest.mark.parametrize(("name", "review_id"), [
    ("opie2024.grobid.tei.xml", "opie2024.grobid"), ("PMC3504298.nxml", "PMC3504298"), ("a.pdf", "a"), ("b.md", "b"), ("c.txt", "c"),
])
def test_review_id_is_the_name_without_its_extensions(name, review_id):
    assert review_id_of(name) == review_id


@pytest.mark.parametrize(("data", "name", "form"), [
    (b"%PDF-1.7\n...", "x.txt", "pdf"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS" "x.dtd">\n<article><front/></article>', "x.xml", "jats"),
    (b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>', "x.xml", "tei"),
    (b"# Title\n\n## Introduction\n\nText.", "x.md", "markdown"),
    (b"TITLE: A trial\n\nABSTRACT: text", "x.txt", "text"),
])
def test_form_is_recognised_from_the_bytes(data, name, form):
    assert recognise(data, name) == form


REFERENCES = [
    "Craske, M. G., Rauch, S. L., Ursano, R., Prenoveau, J., Pine, D. S., and Zinbarg, R. E. (2009). What is an anxiety disorder? Depress. Anxiety 26, 1066–1085.",
    "Bayram, N., & Bilgel, N. (2008). The prevalence and socio-demographic correlations of depression, anxiety and stress among a group of university students. Social Psychiatry and Psychiatric Epidemiology, 43(8), 667–672.",
    "Bayram, N., & Bilgel, N. (2010a). Another paper. Journal, 1, 2–3.",
    "Bayram, N., & Bilgel, N. (2010b). A third paper. Journal, 1, 4–5.",
    "Smith, J., and Lee, K. (2020). Two authors. Journal 3, 1–2.",
    "Smith, J., Brown, A., and Lee, K. (2020). Three authors. Journal 3, 3–4.",
]


@pytest.fixture()
def index() -> AuthorYearIndex:
    return AuthorYearIndex([entry_key(n, raw) for n, raw in enumerate(REFERENCES, start=1)])


def test_parenthetical_author_year_citations_resolve(index):
    marks, unresolved = find_author_year("Anxiety is common (Craske et al., 2009; Bayram & Bilgel, 2008) in students.", index)
    assert [m.numbers for m in marks] == [(1, 2)]
    assert marks[0].text == "(Craske et al., 2009; Bayram & Bilgel, 2008)"
    assert unresolved == []


def test_letter_suffixes_see_also_and_pages(index):
    marks, _ = find_author_year("As shown before (see also Bayram and Bilgel, 2010b, p. 4; Bayram & Bilgel, 2010a).", index)
    assert [m.numbers for m in marks] == [(4, 3)]


def test_narrative_citations_and_second_author_disambiguation(index):
    marks, unresolved = find_author_year("Smith and Lee (2020) found less; Smith et al. (2020) found more.", index)
    assert [m.numbers for m in marks] == [(5,), (6,)]
    assert unresolved == []


def test_unresolved_and_ambiguous_citations_are_reported_not_guessed(index):
    marks, unresolved = find_author_year("Unlisted (Nobody et al., 2001) and ambiguous (Bayram & Bilgel, 2010).", index)
    assert all(not m.numbers for m in marks)
    reasons = [why for _, why in unresolved]
    assert any("no entry" in r for r in reasons) and any("ambiguous" in r for r in reasons)


def test_years_in_parentheses_that_are_not_citations_are_left_alone(index):
    marks, unresolved = find_author_year("The survey (2009) and the DSM-5 (2013) were used (n = 40).", index)
    assert marks == [] and unresolved == []


@pytest.mark.parametrize(("raw", "first", "title", "journal", "year", "pages"), [
    ("Craske MG, Rauch SL, Ursano R, Prenoveau J, Pine DS, Zinbarg RE. What is an anxiety disorder? Depress Anxiety (2009) 26:1066–85. doi: 10.1002/da.20633",
     "Craske MG", "What is an anxiety disorder?", "Depress Anxiety", 2009, "1066-1085"),
    ("Bayram, N., & Bilgel, N. (2008). The prevalence and socio-demographic correlations of depression, anxiety and stress among a group of university students. Social Psychiatry and Psychiatric Epidemiology, 43(8), 667–672.",
     "Bayram N", "The prevalence and socio-demographic correlations of depression, anxiety and stress among a group of university students",
     "Social Psychiatry and Psychiatric Epidemiology", 2008, "667-672"),
    ("Brown, D. W. et al. Adverse childhood experiences and the risk of premature mortality. Am. J. Prev. Med. 37, 389–396 (2009).",
     "Brown DW", "Adverse childhood experiences and the risk of premature mortality", "Am. J. Prev. Med", 2009, "389-396"),
    ("Kessler RC, Berglund P, Demler O, Jin R, Merikangas KR, Walters EE. Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National Comorbidity Survey Replication. Arch Gen Psychiatry 2005; 62: 593–602.",
     "Kessler RC", "Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National Comorbidity Survey Replication", "Arch Gen Psychiatry", 2005, "593-602"),
])
def test_reference_styles(raw, first, title, journal, year, pages):
    parsed = parse_reference(raw)
    assert (parsed.authors[0], parsed.title, parsed.journal, parsed.year, parsed.pages) == (first, title, journal, year, pages)


def test_a_list_in_one_style_reads_each_entry_in_that_style():
    full_names = parse_reference_list([
        "Max Göbel, Tamir Hassan, Ermelinda Oro, and Giorgio Orsi. Icdar 2013 table competition. In 2013 12th International Conference on Document Analysis and Recognition , pages 1449-1453, 2013.",
        "Ross B. Girshick. Fast R-CNN. In 2015 IEEE International Conference on Computer Vision , ICCV, pages 1440-1448. IEEE Computer Society, dec 2015.",
        "Connor Shorten and Taghi M. Khoshgoftaar. A survey on image data augmentation for deep learning. Journal of Big Data , 6(1):60, 2019.",
    ])
    assert [(r.authors[0], r.year) for r in full_names] == [("Göbel M", 2013), ("Girshick RB", 2015), ("Shorten C", 2019)]
    assert full_names[0].title == "Icdar 2013 table competition" and full_names[2].journal == "Journal of Big Data"
    springer = parse_reference_list(["Nassar, A., Livathinos, N., Lysak, M., Staar, P.: Tableformer: Table structure understanding with transformers. "
                                     "In: Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR). pp. 4614-4623 (June 2022)"])[0]
    assert (springer.authors[:2], springer.year, springer.title) == (["Nassar A", "Livathinos N"], 2022, "Tableformer: Table structure understanding with transformers")
    corporate = parse_reference_list(["NHS England. NHS long term plan. 2019. (accessed Nov 20, 2023)."])[0]
    assert corporate.authors == ["NHS England"] and corporate.year == 2019


def test_identifiers_lose_their_brackets_and_punctuation():
    parsed = parse_reference("Whiteford HA, Degenhardt L. Global burden of disease. Lancet 2013; 382: 1575-86 [PMID: 23993280 DOI: 10.1016/S0140-6736(13)61611-6].")
    assert parsed.pmid == "23993280"
    assert parsed.doi == "10.1016/s0140-6736(13)61611-6"
    assert parsed.year == 2013 and parsed.journal == "Lancet"


def test_section_kinds_follow_headings():
    assert section_kind("Materials and Methods") == "methods"
    assert section_kind("Results", "methods") == "results"
    assert section_kind("Methods", "abstract") == "abstract"  # a structured abstract's label
    assert section_kind("Acknowledgments", "discussion") == "back"


@pytest.mark.parametrize(("text", "marks"), [
    ("(1) Human annotation: in contrast to PubLayNet [6], we relied on people.", ["[6]"]),
    ("Critical factors were (1) the overall occurrence of the label, (2) the specificity of the label.", []),
    ("the program consists of modules, including (1) overview of sleep, (2) sleep restriction and (3) relaxation.", []),
    ("Depression is common (1), disabling (2) and costly (3).", ["(1)", "(2)", "(3)"]),
    ("Depression is common (1) and disabling (2) and costly (3).", ["(1)", "(2)", "(3)"]),
])
def test_numbered_list_items_are_not_parenthetical_citations(text, marks):
    from pipelines.reading.citations import find_citations

    assert [m.text for m in find_citations(text, 40)] == marks


def test_in_a_bracketed_article_a_number_on_a_word_is_the_words(tmp_path):
    """'detectron2' and 'caspase3' beside '[16]': the word's digit, not a flattened superscript. An article whose
    superscripts became brackets on the word ('studies[31,32]') keeps its flattened marks."""
    from pipelines.reading.read import read_review

    refs = "\n".join(f"{n}. Author{chr(64 + n)} A. Title {n}. J Psych. 2020;{n}:1-2." for n in range(1, 8))
    body = " ".join(f"Finding {n} holds [{n}]." for n in range(1, 7))
    bracketed = tmp_path / "bracketed.md"
    bracketed.write_text(f"# A review\n\n## Background\n\n{body} Frameworks such as detectron2 help.\n\n## References\n\n{refs}\n", encoding="utf-8")
    review = read_review("bracketed", bracketed).review
    assert not [m for s in review.sentences for m in s.citations if m.text == "2"]
    body = " ".join(f"Finding {n} holds[{n}]." for n in range(1, 7))
    glued = tmp_path / "glued.md"
    glued.write_text(f"# A review\n\n## Background\n\n{body} Another effect was seen in mice7 but not rats.\n\n## References\n\n{refs}\n", encoding="utf-8")
    review = read_review("glued", glued).review
    assert [m.numbers for s in review.sentences for m in s.citations if m.text == "7"] == [(7,)]
