"""BibTeX (.bib) with bibtexparser 2: LaTeX escapes decoded, braces removed, corporate authors kept.

bibtexparser reports blocks it cannot parse (an unbalanced brace, a missing key) as failed
blocks with their line, instead of dropping them silently as version 1 did.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from pipelines.lib.reference_formats.records import (
    ReadResult,
    ReferenceRecord,
    Rejected,
    author_name,
    clean_text,
    normalize_year,
    pages_from,
)

_LATEX = LatexNodes2Text()
# bibtexparser logs every broken entry as a warning; here each one becomes a rejected row instead
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def _latex(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return clean_text(_LATEX.latex_to_text(value))
    except Exception:  # pylatexenc can choke on odd input; the raw text is still better than nothing
        return clean_text(value)


def _authors(raw: str | None) -> tuple[list[str], bool]:
    if not raw:
        return [], False
    names, et_al = [], False
    for name in split_multiple_persons_names(raw):
        name = name.strip()
        if name.lower() in ("others", "et al", "et al."):
            et_al = True
            continue
        if name.startswith("{") and name.endswith("}"):
            names.append(_latex(name[1:-1]))
            continue
        try:
            parts = parse_single_name_into_parts(name)
            family = " ".join(parts.von + parts.last)
            names.append(author_name(_latex(family), _latex(" ".join(parts.first))))
        except Exception:
            names.append(_latex(name))
    return [n for n in names if n], et_al


def read_bibtex(text: str, source_file: str) -> ReadResult:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.MonthIntMiddleware(allow_inplace_modification=True)])
    result = ReadResult()
    blocks = sorted(list(library.entries) + list(library.failed_blocks), key=lambda b: b.start_line)
    for number, block in enumerate(blocks, start=1):
        result.records_read += 1
        line = block.start_line + 1
        if block in library.failed_blocks:
            error = getattr(block, "error", None)
            detail = getattr(error, "abort_reason", None) or str(error or "")
            reason = " ".join(detail.split()) or "could not parse the entry"
            result.rejected.append(Rejected(source_file, f"record {number} (line {line})", f"BibTeX: {reason}", block.raw))
            continue
        fields = {k.lower(): v.value if isinstance(v.value, str) else str(v.value) for k, v in block.fields_dict.items()}
        authors, et_al = _authors(fields.get("author") or fields.get("editor"))  # an edited book is cited by its editors
        record = ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=line,
            source_format="bibtex",
            raw_text=block.raw,
            authors=authors,
            et_al=et_al,
            title=_latex(fields.get("title") or fields.get("booktitle")),  # a proceedings or book entry may carry only its booktitle
            journal=_latex(fields.get("journal") or fields.get("journaltitle") or (fields.get("booktitle") if fields.get("title") else None)),
            journal_abbreviation=_latex(fields.get("shortjournal") or fields.get("journal-abbrev") or fields.get("journalabbrev")),
            year=normalize_year(fields.get("year") or fields.get("date")),
            volume=clean_text(fields.get("volume")),
            issue=clean_text(fields.get("number") or fields.get("issue")),
            pages=pages_from(re.sub(r"-{2,}|–", "-", fields.get("pages") or "") or None),
            doi=clean_text(fields.get("doi")),
            pmid=clean_text(fields.get("pmid")),
            publication_type=clean_text(fields.get("type") or fields.get("pubtype") or block.entry_type),
            abstract=_latex(fields.get("abstract")),
        )
        result.accept(record, "BibTeX")
    return result
