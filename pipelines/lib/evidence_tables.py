"""Summary tables of a review read as sentences.

Reviews often close a section with a table such as "Intervention | Effect on plasticity |
References". Each data row of such a table is a claim, so it is turned into one sentence,
"<intervention> produced <findings> [<references>].", which the sentence reader then treats
like any other: "| SSRIs | Increase BDNF; promote neurogenesis | 4, 5 |" becomes "SSRIs
produced increase BDNF; promote neurogenesis [4, 5]." ("produced" only joins a subject to a
cell that may open with a noun; the direction comes from the cell's own words). A table is read only when its header names the
treatment column and a column of findings (an effect, a direction, an outcome); tables of
study characteristics ("Trial | n | Intervention") or counts ("Outcome | Direction |
Studies") are left as furniture, because their rows state no claim of the review.

Every character keeps its source offset (MappedText), so a sentence made from a row still
points back into the file.
"""

from __future__ import annotations

import re

from pipelines.reading.mapped_text import MappedText
from pipelines.reading.markdown_inline import clean_inline

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TREATMENT_HEADER = re.compile(r"\b(?:interventions?|treatments?|therap(?:y|ies)|approach(?:es)?|agents?|drugs?|medications?|modalit(?:y|ies)|strateg(?:y|ies))\b", re.I)
_OUTCOME_HEADER = re.compile(r"\b(?:outcomes?|measures?|targets?|markers?|biomarkers?|variables?)\b", re.I)
_EFFECT_HEADER = re.compile(r"\b(?:effects?|directions?|findings?|results?|changes?|impacts?|mechanisms?|actions?|summary|evidence)\b", re.I)
_REFERENCE_HEADER = re.compile(r"^\W*(?:refs?\.?|references?|citations?|sources?|key references?)\W*$", re.I)
_BARE_NUMBERS = re.compile(r"^\s*\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\s*$")
_NULL_EFFECT = re.compile(r"^\W*(?:none|no effect|no change|null|ns|n\.s\.|not significant|no difference|unchanged)\W*$", re.I)
_SHORT_EFFECT = re.compile(r"^\W*(?:[↑↓]|(?:\w+\s+){0,2}\w+)\W*$")


def _cells(line: str, offset: int) -> list[tuple[str, int]]:
    """Cells of one table line with the source offset of each."""
    cells = []
    start = 0
    body = line
    if body.lstrip().startswith("|"):
        start = body.index("|") + 1
    end = len(body.rstrip())
    if body.rstrip().endswith("|") and end - 1 >= start:
        end -= 1
    position = start
    for piece in body[start:end].split("|"):
        cells.append((piece, offset + position))
        position += len(piece) + 1
    return cells


def _plain(cell: tuple[str, int]) -> MappedText:
    return clean_inline(cell[0], cell[1]).strip()


def table_sentences(text: str, start: int) -> list[MappedText]:
    """One sentence per data row of an evidence table; [] when the table states no claims."""
    lines = text.split("\n")
    offsets = []
    position = start
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    if len(lines) < 3 or not _SEPARATOR.match(lines[1]):
        return []
    header = [_plain(c).text for c in _cells(lines[0], offsets[0])]
    treatment = next((i for i, h in enumerate(header) if _TREATMENT_HEADER.search(h)), None)
    outcome = next((i for i, h in enumerate(header) if i != treatment and _OUTCOME_HEADER.search(h) and not _EFFECT_HEADER.search(h)), None)
    effects = [i for i, h in enumerate(header) if i not in (treatment, outcome) and _EFFECT_HEADER.search(h)]
    references = next((i for i, h in enumerate(header) if _REFERENCE_HEADER.match(h)), None)
    if treatment is None or not effects:
        return []
    sentences = []
    for line, offset in zip(lines[2:], offsets[2:], strict=True):
        cells = _cells(line, offset)
        if len(cells) != len(header):
            continue
        sentence = _row_sentence(cells, treatment, outcome, effects, references, offset + len(line.rstrip()))
        if sentence is not None:
            sentences.append(sentence)
    return sentences


def _row_sentence(cells: list[tuple[str, int]], treatment: int, outcome: int | None, effects: list[int], references: int | None, row_end: int) -> MappedText | None:
    """Joining words carry the offset of the words before them, so a row's sentence spans its row."""
    subject = _plain(cells[treatment])
    findings = [finding for finding in (_plain(cells[i]) for i in effects) if finding.text]
    if not subject.text or not findings:
        return None
    out = MappedText()
    out.extend(subject)
    target = _plain(cells[outcome]) if outcome is not None else None
    if target is not None and target.text and len(findings) == 1 and _SHORT_EFFECT.match(findings[0].text):
        # "| EPA | Depressive symptoms | Reduced |": the direction, then what it acts on
        if _NULL_EFFECT.match(findings[0].text):
            out.append_synthetic(" had no effect on ", _last(out))
        else:
            out.append_synthetic(" ", _last(out))
            out.extend(_lower_first(findings[0]))
            out.append_synthetic(" ", _last(out))
        out.extend(target)
    else:
        if target is not None and target.text:
            out.append_synthetic(" (", _last(out))
            out.extend(target)
            out.append_synthetic(")", _last(out))
        for index, finding in enumerate(findings):
            out.append_synthetic(" produced " if index == 0 else " and ", _last(out))  # a cell may open with a noun ("rapid synaptogenesis")
            out.extend(_listed_as_and(_lower_first(finding)))
    if references is not None:
        cited = _plain(cells[references])
        if cited.text:
            out.append_synthetic(" ", _last(out))
            bare = _BARE_NUMBERS.match(cited.text) is not None
            if bare:
                out.append_synthetic("[", cited.offsets[0])
            out.extend(cited)
            if bare:
                out.append_synthetic("]", _last(out))
    while out.text and out.text[-1] in " ;,":
        out = out.slice(0, len(out) - 1)
    if not out.text.endswith("."):
        out.append_synthetic(".", min(_last(out), row_end - 1))
    return out


def _last(text: MappedText) -> int:
    return text.offsets[-1] if text.offsets else 0


def _listed_as_and(text: MappedText) -> MappedText:
    """'increase BDNF; promote neurogenesis' lists findings of the one subject: read as 'and'."""
    out = MappedText()
    for char, offset in zip(text.chars, text.offsets, strict=True):
        if char == ";":
            out.append_synthetic(" and", offset)  # the semicolon's own place
        else:
            out.chars.append(char)
            out.offsets.append(offset)
    return out


def _lower_first(text: MappedText) -> MappedText:
    """'Increases BDNF' continues a sentence after its subject; acronyms ('BDNF ↑') keep their case."""
    if len(text.chars) > 1 and text.chars[0].isupper() and text.chars[1].islower():
        return MappedText([text.chars[0].lower()] + text.chars[1:], list(text.offsets))
    return text
