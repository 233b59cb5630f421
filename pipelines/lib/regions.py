"""Outcomes named once for two brain regions: "activity in the amygdala and insula",
"hippocampal and amygdala reactivity". The second region takes the first one's measure when
the vocabulary knows the combination. A measure placed in a subregion the vocabulary does not
list ("activity in the left subgenual prefrontal cortex") is read as the listed region's."""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Mention, Vocabulary

_AFTER = re.compile(r"^\s*(?:,\s*)?(?:and|or)\s+(?:the\s+)?(?P<region>[A-Za-z-]+(?:\s+[A-Za-z-]+)?)")
_BEFORE = re.compile(r"(?P<region>[A-Za-z-]+)\s+(?:and|or)\s+$")


def coordinated_regions(text: str, outcomes: list[Mention], vocabulary: Vocabulary) -> list[Mention]:
    added: list[Mention] = []
    for m in outcomes:
        if m.term.category not in ("circuit", "structural"):
            continue
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
    return added


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
