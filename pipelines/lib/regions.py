"""Outcomes named once for two brain regions: "activity in the amygdala and insula",
"hippocampal and amygdala reactivity". The second region takes the first one's measure when
the vocabulary knows the combination."""

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
