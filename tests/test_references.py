import pytest

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import normalize_doi, parse_vancouver


@pytest.mark.parametrize(
    ("printed", "expanded"),
    [("118-24", "118-124"), ("530-43", "530-543"), ("690-7", "690-697"), ("199-216", "199-216"), ("S481-90", "S481-S490"), ("4605971", "4605971"), ("e12-e20", "e12-e20"), ("1-8", "1-8"), (None, None)],
)
def test_page_ranges_are_expanded(printed, expanded):
    assert expand_pages(printed) == expanded


def test_seed_reference_with_double_issue():
    ref = parse_vancouver(
        "Krystal JH, Tolin DF, Sanacora G, et al. Neuroplasticity as a target for the pharmacotherapy of anxiety disorders, "
        "mood disorders, and schizophrenia. *Drug Discov Today.* 2009;14(13-14):690-7."
    )
    assert ref.authors == ["Krystal JH", "Tolin DF", "Sanacora G"] and ref.et_al
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == ("Drug Discov Today", 2009, "14", "13-14", "690-697")
    assert ref.problems == []


def test_article_number_and_diacritics_are_kept():
    ref = parse_vancouver("Huang YJ, Lane HY, Lin CH. New treatment strategies of depression. *Neural Plast.* 2017;2017(1):4605971.")
    assert ref.pages == "4605971" and ref.volume == "2017" and ref.issue == "1"
    ref = parse_vancouver("Rădulescu I, Drăgoi AM, Trifu SC, et al. Neuroplasticity and depression. *Exp Ther Med.* 2021;22(4):1-8.")
    assert ref.authors[0] == "Rădulescu I" and ref.authors[1] == "Drăgoi AM" and ref.et_al


def test_doi_and_pmid_without_italics():
    ref = parse_vancouver("Smith A, Jones B. A trial of sertraline. Lancet. 2019 Mar 5;393(10175):e12-e20. doi: 10.1016/S0140-6736(18)32111-2. PMID: 12345678.")
    assert ref.title == "A trial of sertraline" and ref.journal == "Lancet"
    assert ref.doi == "10.1016/s0140-6736(18)32111-2" and ref.pmid == "12345678"


def test_unparseable_line_reports_what_failed():
    ref = parse_vancouver("see the supplementary material")
    assert ref.year is None and "no publication year found" in ref.problems


def test_doi_normalization():
    assert normalize_doi("https://doi.org/10.1000/ABC.1.") == "10.1000/abc.1"
    assert normalize_doi("doi:10.1000/x") == "10.1000/x"
    assert normalize_doi("not a doi") is None
