"""A deterministic corpus of N review-length articles, for building at scale (issue 14).

    .venv/bin/python benchmarks/generate_corpus.py --n 1000 --seed 1 --out DIR
    EVIDENCE_RAW_DIR=DIR/raw EVIDENCE_PROCESSED_DIR=DIR/processed make build

Each article is Markdown as a converter leaves it: 200-300 body sentences in Abstract,
Introduction, Methods, Results, Discussion and Conclusions; 50-150 references, numbered
(Vancouver, cited as [3], [4-6] or [2,7]) or author-year (APA, cited as "(Smith et al., 2019)");
furniture a reader must set aside (running heads, page numbers, a received/accepted line, figure
captions, table rows, a correspondence line). Sentences are drawn from the project's vocabulary
(interventions, outcomes, controls, direction cues) in the forms the extractor meets: findings,
comparisons with a control, hedged and negated findings, aims, methods, background. The same
seed and N give the same bytes. It measures cost, not accuracy: the text is plausible, not true.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY = ROOT / "data" / "raw" / "vocabulary"
FAMILIES = ["Smith", "Chen", "Garcia", "Okafor", "Nielsen", "Kowalski", "Tanaka", "Haddad", "Rossi", "Dubois", "Murphy", "Silva", "Novak",
            "Ahmed", "Berg", "Kim", "Lopez", "Ivanova", "Park", "Walsh", "Yilmaz", "Costa", "Fischer", "Lindqvist", "Moreau", "Singh"]
JOURNALS = ["J Affect Disord", "Psychol Med", "Depress Anxiety", "Br J Psychiatry", "J Psychiatr Res", "Neuropsychopharmacology", "Front Psychiatry"]
FINDINGS = [
    "{i} {cue_s} {o} compared with {c} {cite}.",
    "In a randomised trial, {i} {cue_s} {o} relative to {c} {cite}.",
    "Patients receiving {i} showed {cue_noun} in {o} {cite}.",
    "{i} was associated with {cue_noun} in {o} {cite}.",
    "A meta-analysis found that {i} {cue_s} {o} {cite}.",
    "{i} did not significantly change {o} compared with {c} {cite}.",
    "Compared with {c}, {i} {cue_s} {o} {cite}.",
    "{i} may {cue_base} {o}, although the evidence is preliminary {cite}.",
    "Both {i} and {i2} {cue_s} {o} {cite}.",
]
OTHER = [
    "This review aims to summarise the evidence on {i} for {o}.",
    "We searched MEDLINE, Embase and PsycINFO from inception to 2023.",
    "Two reviewers screened titles and abstracts independently.",
    "Risk of bias was assessed with the Cochrane tool.",
    "{o} is a common concern in clinical practice {cite}.",
    "Clinicians should consider {i} when first-line treatment fails.",
    "Further trials with longer follow-up are needed.",
    "The mechanisms linking {i} to {o} remain unclear {cite}.",
]


def _rows(name: str) -> list[dict]:
    with (VOCABULARY / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Vocabulary:
    def __init__(self):
        self.interventions = [r["intervention"] for r in _rows("interventions.csv")]
        self.outcomes = [r["outcome"] for r in _rows("outcomes.csv")]
        self.controls = [r["control"] for r in _rows("controls.csv")]
        cues = _rows("cues.csv")
        self.verbs = {role: [c["cue"] for c in cues if c["role"] == role and c["part_of_speech"] == "verb"] for role in ("increase", "decrease")}


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:] not in ("ay", "ey", "oy", "uy"):
        return verb[:-1] + "ies"
    return verb + "s"


def _reference(rng: random.Random, number: int, style: str) -> tuple[str, list[str], int]:
    authors = rng.sample(FAMILIES, rng.randint(1, 4))
    year = rng.randint(1995, 2023)
    title = f"{rng.choice(['Effects of', 'A trial of', 'Outcomes after', 'Predictors of'])} treatment in cohort {rng.randint(1, 9999)}"
    journal, volume, page = rng.choice(JOURNALS), rng.randint(1, 90), rng.randint(1, 900)
    if style == "numeric":
        names = ", ".join(f"{a} {rng.choice('ABCDEFGHJKLMNPRS')}{rng.choice(['', 'J', 'M'])}" for a in authors)
        return f"{number}. {names}. {title}. {journal}. {year};{volume}:{page}-{page + rng.randint(5, 20)}.", authors, year
    names = ", ".join(f"{a}, {rng.choice('ABCDEFGHJKLMNPRS')}." for a in authors)
    return f"{names} ({year}). {title}. *{journal}*, {volume}, {page}-{page + rng.randint(5, 20)}.", authors, year


def article(index: int, seed: str, vocabulary: Vocabulary) -> str:
    rng = random.Random(f"{seed}:{index}")
    style = rng.choice(["numeric", "numeric", "author-year"])
    n_references = rng.randint(50, 150)
    references = [_reference(rng, n + 1, style) for n in range(n_references)]
    if style == "author-year":
        references.sort(key=lambda r: (r[1], r[2]))
    topic_i, topic_o = rng.choice(vocabulary.interventions), rng.choice(vocabulary.outcomes)
    cited = iter(rng.sample(range(n_references), n_references))

    def cite() -> str:
        picks = [next(cited, rng.randrange(n_references)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        if style == "numeric":
            numbers = sorted(p + 1 for p in picks)
            return f"[{numbers[0]}]" if len(numbers) == 1 else f"[{','.join(map(str, numbers))}]"
        parts = []
        for p in picks:
            _, authors, year = references[p]
            names = authors[0] if len(authors) == 1 else f"{authors[0]} and {authors[1]}" if len(authors) == 2 else f"{authors[0]} et al."
            parts.append(f"{names}, {year}")
        return "(" + "; ".join(parts) + ")"

    def sentence(templates: list[str]) -> str:
        role = rng.choice(["increase", "decrease"])
        verb = rng.choice(vocabulary.verbs[role])
        text = rng.choice(templates).format(
            i=rng.choice([topic_i, *rng.sample(vocabulary.interventions, 3)]), i2=rng.choice(vocabulary.interventions),
            o=rng.choice([topic_o, *rng.sample(vocabulary.outcomes, 3)]), c=rng.choice(vocabulary.controls),
            cue_s=_third_person(verb), cue_base=verb, cue_noun="a greater increase" if role == "increase" else "a larger reduction", cite=cite() if rng.random() < 0.85 else "")
        return text.replace(" .", ".")[0].upper() + text.replace(" .", ".")[1:]

    journal = rng.choice(JOURNALS)
    lines = [f"# {topic_i} and {topic_o}: a narrative review", "", f"{rng.choice(FAMILIES)} A, {rng.choice(FAMILIES)} B, {rng.choice(FAMILIES)} C", "",
             f"Received: 3 March {rng.randint(2018, 2023)}; Accepted: 9 June {rng.randint(2018, 2023)}", ""]
    page = 1
    n_sentences = rng.randint(200, 300)
    sections = ["Abstract", "Introduction", "Methods", "Results", "Discussion", "Conclusions"]
    shares = [0.05, 0.2, 0.1, 0.35, 0.25, 0.05]
    written = 0
    for name, share in zip(sections, shares, strict=True):
        lines += [f"## {name}", ""]
        count = max(3, round(n_sentences * share)) if name != "Conclusions" else max(3, n_sentences - written)
        paragraph: list[str] = []
        for k in range(count):
            templates = FINDINGS if name in ("Abstract", "Results", "Discussion", "Conclusions") and rng.random() < 0.7 else OTHER
            paragraph.append(sentence(templates))
            if len(paragraph) >= rng.randint(4, 8) or k == count - 1:
                lines += [" ".join(paragraph), ""]
                paragraph = []
                if rng.random() < 0.25:  # furniture between paragraphs, as a PDF converter leaves it
                    page += 1
                    lines += [rng.choice([f"{journal} {rng.randint(2018, 2023)}; {rng.randint(1, 90)}: {page}", f"Page {page} of 24",
                                          f"Figure {page}. Forest plot of {topic_i} versus control for {topic_o}.",
                                          f"| {topic_o} | {rng.randint(10, 99)} | {rng.random():.2f} |", "Correspondence to: Dr A Smith, Department of Psychiatry."]), ""]
        written += count
    lines += ["## References", ""]
    for entry, _, _ in references:
        lines += [entry, ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    vocabulary = Vocabulary()
    raw = args.out / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    (raw / "reviews").mkdir(parents=True)
    shutil.copytree(VOCABULARY, raw / "vocabulary")
    for index in range(args.n):
        (raw / "reviews" / f"generated_{args.seed}_{index:05d}.md").write_text(article(index, args.seed, vocabulary), encoding="utf-8")
    print(f"{args.n} generated articles under {raw / 'reviews'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
