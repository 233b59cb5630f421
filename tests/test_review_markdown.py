from datetime import date

from pipelines.reading.markdown import parse_review


def test_seed_metadata(seed_text):
    review = parse_review("seed", seed_text)
    assert review.title == "Neuroplasticity and mental health: Implications for depression and anxiety treatment"
    assert review.authors == ["Anna Huizenga"]
    assert review.affiliation == "Department of General Surgery, Peking University, China"
    assert review.doi == "10.35841/aacnj-8.1.251"
    assert review.received == date(2025, 2, 3) and review.published == date(2025, 2, 28)
    assert len(review.references) == 10 and [r.number for r in review.references] == list(range(1, 11))


def test_paragraphs_cut_by_a_page_break_and_a_footnote_are_rejoined(seed_text):
    texts = [s.text for s in parse_review("seed", seed_text).sentences]
    assert any(t.startswith("Studies using functional MRI (fMRI) have demonstrated that CBT") for t in texts)
    assert any("promote healing and resilience." in t for t in texts)
    assert not any(t.strip() in ("Studies using functional", "resilience.") for t in texts)


def test_page_furniture_never_becomes_body_text(seed_text):
    for s in parse_review("seed", seed_text).sentences:
        for word in ("Correspondence", "E mail", "Manuscript No", "Received:", "Published:"):
            assert word not in s.text


def test_offsets_point_into_the_source(seed_text):
    for s in parse_review("seed", seed_text).sentences:
        assert 0 <= s.char_start < s.char_end <= len(seed_text)
        span = seed_text[s.char_start : s.char_end]
        assert span.startswith(s.text[:15]) and span.rstrip().endswith(s.text[-5:])


def test_citations_are_attached_to_sentences(seed_text):
    cited = [s for s in parse_review("seed", seed_text).sentences if s.citations]
    assert [s.citations[0].numbers for s in cited] == [(n,) for n in range(1, 11)]


def test_running_header_and_unnumbered_reference_are_handled():
    text = (
        "# A review of sleep\n\nB. Author\n\n## Background\n\nSleep deprivation improves mood in some\n\n"
        "Citation: Author B. A review of sleep. J Sleep Res. 2024;3(1):1-5.\n\n"
        "patients with depression [1].\n\n## References\n\n1. Doe J. Wake therapy. J Sleep Res. 2020;1:1-9.\n"
        "- An entry without a number\n"
    )
    review = parse_review("sleep", text)
    assert review.journal == "J Sleep Res"
    assert [s.text for s in review.sentences] == ["Sleep deprivation improves mood in some patients with depression [1]."]
    assert review.problems and "without a number" in review.problems[0][1]


def test_unmarked_headings_and_bracketed_reference_numbers():
    text = (
        "**Review Article**\n\n# Sleep and mood\n\nA. Author\n\n**Introduction**\n\nSleep extension improved mood (1).\n\n"
        "*J Sleep Mood 2025; 12(3): 101-109*\n\nINTRODUCTION TWO\n\nYoga lowered cortisol (2).\n\n"
        "REFERENCES\n\n[1] Doe J. Sleep. J Sleep. 2020;1:1-2.\n[2] Roe K. Yoga. J Yoga. 2021;2:3-4.\n"
    )
    review = parse_review("x", text)
    assert review.title == "Sleep and mood"
    assert [s.section for s in review.sentences] == ["Introduction", "INTRODUCTION TWO"]
    assert [r.number for r in review.references] == [1, 2]
    assert [c.numbers for s in review.sentences for c in s.citations] == [(1,), (2,)]
    assert ("running header", "J Sleep Mood 2025; 12(3): 101-109") in review.furniture


def test_unmarked_section_titles_and_parenthesised_reference_numbers():
    text = (
        "# A review\n\nIntroduction\n\nStress shapes the brain in many ways that matter for treatment (1).\n\n"
        "Psychological interventions\n\nIn a randomized trial, mindfulness training reduced perceived stress in adults (2).\n\n"
        "References\n\n(1) Doe J. One. J Test. 2020;1:1-2.\n(2) Roe K. Two. J Test. 2021;2:3-4.\n"
    )
    review = parse_review("r", text)
    assert [r.number for r in review.references] == [1, 2]
    assert [(s.section, s.text.split()[0]) for s in review.sentences] == [("Introduction", "Stress"), ("Psychological interventions", "In")]
    assert [c.numbers for s in review.sentences for c in s.citations] == [(1,), (2,)]
    # a short line inside a paragraph broken by the converter is not a heading
    broken = parse_review("r", "# A review\n\n## Body\n\nExercise increased\n\nhippocampal volume in older adults over one year of training [1].\n")
    assert [s.text for s in broken.sentences] == ["Exercise increased hippocampal volume in older adults over one year of training [1]."]


def test_running_headers_editors_and_captions_are_furniture():
    text = (
        "# A review\n\n## Background\n\nNeurofeedback reduced amygdala responses in patients with anxiety.4\n\n"
        "Frontiers in Psychiatry | www.example.org 2 March 2025 | Volume 4 | Article 1187\n\n"
        "Edited by: J. Smith, University of Oxford\n\n**Figure 1.** Targets of closed-loop interventions.\n\n"
        "Virtual reality exposure reduced fear of flying over one year of follow-up.5\n\n## References\n\n"
        + "".join(f"{n}. Doe J. T{n}. J Test. 2020;1:{n}.\n" for n in range(1, 6))
    )
    review = parse_review("r", text)
    assert [s.text[:20] for s in review.sentences] == ["Neurofeedback reduce", "Virtual reality expo"]
    assert {kind for kind, _ in review.furniture} >= {"running header", "editors", "caption"}


def test_list_items_and_quotes_in_the_body_are_units_of_their_own():
    text = (
        "# Review\n\n## Key mechanisms\n\nThe main mechanisms are:\n\n- Exercise increases BDNF [1].\n"
        "- Ketamine reduces depressive symptoms within hours [2]\n  in adults with TRD\n* SSRIs promote neurogenesis [3];\n\n"
        "1. Mindfulness lowers cortisol [1].\n2. Yoga improves sleep quality [2].\n\n> Omega-3 fatty acids reduce inflammation [3].\n\n"
        "## References\n\n1. A B. One. J. 2020;1:1.\n2. C D. Two. J. 2020;1:2.\n   continued\n3. E F. Three. J. 2020;1:3.\n"
    )
    review = parse_review("r", text)
    assert [s.text for s in review.sentences] == [
        "The main mechanisms are:",
        "Exercise increases BDNF [1].",
        "Ketamine reduces depressive symptoms within hours [2] in adults with TRD",
        "SSRIs promote neurogenesis [3];",
        "Mindfulness lowers cortisol [1].",
        "Yoga improves sleep quality [2].",
        "Omega-3 fatty acids reduce inflammation [3].",
    ]
    assert [(r.number, r.raw_text[-9:].strip()) for r in review.references] == [(1, "2020;1:1."), (2, "continued"), (3, "2020;1:3.")]
    assert all(text[s.char_start : s.char_start + 5] == s.text[:5] for s in review.sentences)  # offsets still point into the source
