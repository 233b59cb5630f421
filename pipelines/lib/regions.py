"""Outcomes named once for two brain regions: "activity in the amygdala and insula",
"hippocampal and amygdala reactivity" (or two symptom kinds: "depressive and anxiety symptoms").
The second one takes the first one's measure when the vocabulary knows the combination. A measure placed in a subregion the vocabulary does not
list ("activity in the left subgenual prefrontal cortex") is read as the listed region's. An
epigenetic mark placed on a gene ("BDNF promoter methylation", "methylation of the glucocorticoid
receptor gene") is one outcome, the mark, whose words keep the gene."""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Mention, Vocabulary

_AFTER = re.compile(r"^\s*(?:,\s*)?(?:and|or)\s+(?:the\s+)?(?P<region>[A-Za-z-]+(?:\s+[A-Za-z-]+)?)")
_BEFORE = re.compile(r"(?P<region>[A-Za-z-]+)\s+(?:and|or)\s+$")


def coordinated_regions(text: str, outcomes: list[Mention], vocabulary: Vocabulary) -> list[Mention]:
    added: list[Mention] = []
    for m in outcomes:
        words = m.text.split()
        after = _AFTER.match(text[m.end :])
        if after and len(words) >= 2:
            for region in (after.group("region"), after.group("region").split()[0]):
                candidate = " ".join(words[:-1]) + " " + region
                found = _whole_outcome(vocabulary, candidate)
                if found is not None:
                    start = m.end + after.start("region")
                    added.append(Mention(found, start, start + len(region), region))
                    break
        before = _BEFORE.search(text[max(0, m.start - 40) : m.start])
        if before and len(words) >= 2:
            region = before.group("region")
            found = _whole_outcome(vocabulary, region + " " + " ".join(words[1:]))
            if found is not None:
                start = m.start - (len(text[max(0, m.start - 40) : m.start]) - before.start("region"))
                added.append(Mention(found, start, start + len(region), region))
    return [a for a in added if not any(o.start < a.end and a.start < o.end for o in outcomes)]


def _whole_outcome(vocabulary: Vocabulary, phrase: str):
    mentions = vocabulary.find(phrase)
    if len(mentions) == 1 and mentions[0].kind == "outcome" and mentions[0].start == 0 and mentions[0].end == len(phrase):
        return mentions[0].term
    return None


_SITE_MODIFIERS = {
    "left", "right", "bilateral", "dorsal", "ventral", "medial", "lateral", "anterior", "posterior", "subgenual",
    "pregenual", "rostral", "caudal", "superior", "inferior", "middle", "basolateral", "central", "ventrolateral",
    "orbital", "frontal", "frontopolar", "polar", "perigenual",
}
_MEASURE_HEADS = {
    "activity", "activation", "connectivity", "volume", "volumes", "thickness", "metabolism", "reactivity",
    "responses", "response", "blood flow", "perfusion", "function", "density", "size",
}
_SITE = re.compile(r"\s+(?P<preposition>in|of|within)\s+(?:the\s+)?(?P<site>[A-Za-z-]+(?:\s+[A-Za-z-]+){0,5})")


def located_outcome(text: str, unlisted: Mention, vocabulary: Vocabulary) -> Mention | None:
    """A bare measure ('activity') followed by its site, when the site without its subregion words
    names a listed outcome; the mention then spans measure and site."""
    if unlisted.text.lower() not in _MEASURE_HEADS:
        return None
    site = _SITE.match(text, unlisted.end)
    if site is None:
        return None
    words = site.group("site").split()
    for count in range(len(words), 0, -1):
        kept = [w for w in words[:count] if w.lower() not in _SITE_MODIFIERS]
        if not kept:
            continue
        end = site.start("site") + len(" ".join(words[:count]))
        for phrase in (f"{unlisted.text} {site.group('preposition')} the {' '.join(kept)}", f"{' '.join(kept)} {unlisted.text}"):
            found = _whole_outcome(vocabulary, phrase)
            if found is not None:
                return Mention(found, unlisted.start, end, text[unlisted.start : end])
    return None


EPIGENETIC_DOMAIN = "epigenetic"
_LOCUS_BEFORE = re.compile(r"[\s-]+(?:(?:gene|promoter|locus|exon|enhancer|region)\s+){0,2}$", re.IGNORECASE)
_LOCUS_AFTER = re.compile(r"^\s+(?:of|at|in|on|within)\s+(?:the\s+)?$", re.IGNORECASE)
_LOCUS_TAIL = re.compile(r"(?:\s+(?:gene|promoter|locus|exon|enhancer|region)){0,2}(?:\s*\([A-Za-z0-9-]+\))?", re.IGNORECASE)


_SYMBOL_BEFORE = re.compile(r"\b([A-Z][A-Z0-9]{2,}(?:-[0-9]+)?)(?:\s+(?:gene|promoter|locus))?[\s-]+$")
_SYMBOL_AFTER = re.compile(r"\s+(?:of|at|in|on|within)\s+(?:the\s+)?[A-Z][A-Z0-9]{2,}(?:-[0-9]+)?\b(?:\s+(?:gene|promoter|locus))?")


def absorb_loci(text: str, outcomes: list[Mention]) -> list[Mention]:
    """'BDNF promoter methylation' is a change in methylation, not in BDNF: a listed outcome naming the
    gene next to an epigenetic mark becomes part of the mark's mention."""
    ordered = sorted(outcomes, key=lambda m: m.start)
    dropped: set[int] = set()
    merged: dict[int, Mention] = {}
    for i, mark in enumerate(ordered):
        if mark.term.category != EPIGENETIC_DOMAIN:
            continue
        start, end = mark.start, mark.end
        before = ordered[i - 1] if i > 0 else None
        if before is not None and before.term.category != EPIGENETIC_DOMAIN and _LOCUS_BEFORE.fullmatch(text[before.end : mark.start]):
            dropped.add(id(before))
            start = before.start
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        if after is not None and after.term.category != EPIGENETIC_DOMAIN and _LOCUS_AFTER.match(text[mark.end : after.start]):
            dropped.add(id(after))
            end = after.end + _LOCUS_TAIL.match(text, after.end).end() - after.end
        symbol = _SYMBOL_BEFORE.search(text, max(0, start - 30), start)
        if start == mark.start and symbol is not None and not any(o.start < symbol.end(1) and symbol.start(1) < o.end for o in ordered):
            start = symbol.start(1)  # "FKBP5 methylation": a gene symbol the vocabulary does not list
        symbol = _SYMBOL_AFTER.match(text, end)
        if end == mark.end and symbol is not None and not any(o.start < symbol.end() and symbol.start() < o.end for o in ordered):
            end = symbol.end()
        if (start, end) != (mark.start, mark.end):
            merged[id(mark)] = Mention(mark.term, start, end, text[start:end])
    spans = list(merged.values())
    return [
        merged.get(id(m), m) for m in ordered
        if id(m) not in dropped and not any(s.start <= m.start and m.end <= s.end and id(m) not in merged for s in spans)
    ]
