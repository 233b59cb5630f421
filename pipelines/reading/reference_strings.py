"""One printed reference string into fields, whatever the journal's style.

  Vancouver/ICMJE  Kays JL, Hurley RA. The dynamic brain. J Neuropsychiatry. 2012;24(2):118-24.
  Frontiers        Craske MG, Rauch SL. What is an anxiety disorder? Depress Anxiety (2009) 26:1066–85.
  APA / Harvard    Bayram, N., & Bilgel, N. (2008). The prevalence of depression. Soc Psychiatry, 43(8), 667–672.
  Nature           Moher, D., Liberati, A. & Group, P. Preferred reporting items. PLoS Med. 6, e1000097 (2009).
  Lancet/AMA       as Vancouver, with "2012; 24: 118–24."
  BMC              Kessler RC, Berglund P: Lifetime prevalence. Arch Gen Psychiatry 2005, 62:593-602.

Each style has a parser; the parse that finds the most of authors, title, journal and year wins,
ties going to the style tried first. DOI and PMID are picked out first, without trailing
brackets or punctuation.
"""

from __future__ import annotations

import re

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import ParsedReference, normalize_doi, parse_vancouver

_DOI = re.compile(r"(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/[^\s\"<>\]]+)", re.IGNORECASE)
_PMID = re.compile(r"\[?\bPMID:?\s*(\d{1,9})\s*\]?", re.IGNORECASE)
_NOISE = re.compile(r"\s*(?:\[(?:PMID|DOI|PMCID|Epub|cited|Internet)[^\]]*\]|PMCID:?\s*PMC\d+|Retrieved from\s+\S+|Available (?:from|at):?\s*\S+|https?://\S+)", re.I)
# "Surname, I. J.," units of APA, Harvard and Nature author lists
_INITIALS = r"(?:[A-Z]\.(?:\s?-?[A-Z]\.)*|[A-Z]{1,3}\b)"
_PERSON = rf"(?:(?:van|von|de|der|den|da|di|du|del|la|le|dos|ten|ter)\s+)*[^\W\d_][\w'’`\-]*(?:\s+[^\W\d_][\w'’`\-]*){{0,2}},\s*{_INITIALS}(?:,?\s*(?:Jr|Sr|II|III)\.?)?"
_PERSON_LIST = re.compile(rf"^\s*(?P<list>{_PERSON}(?:\s*,?\s*(?:&|and)?\s*(?:{_PERSON}|\.\s?\.\s?\.\s*{_PERSON}|et al\.?))*)")


def clean_identifiers(raw: str) -> tuple[str, str | None, str | None]:
    text = re.sub(r"\s+", " ", raw).strip()
    doi = None
    m = _DOI.search(text)
    if m:
        doi = normalize_doi(m.group(1).rstrip(".,;)]"))
        text = (text[: m.start()] + text[m.end() :]).strip()
    pmid = None
    m = _PMID.search(text)
    if m:
        pmid = m.group(1)
        text = (text[: m.start()] + text[m.end() :]).strip()
    text = _NOISE.sub("", text)
    text = re.sub(r"\[\s*(?:DOI:?)?\s*\]|\(\s*\)", "", text).strip()
    text = re.sub(r"\s*\b(?:doi|DOI)\s*:?\s*$", "", text).strip()
    return text, doi, pmid


def _persons(segment: str) -> tuple[list[str], bool]:
    et_al = bool(re.search(r"\bet al\b|\.\s?\.\s?\.", segment))
    found = re.findall(_PERSON, segment)
    authors = []
    for person in found:
        family, initials = person.split(",", 1)
        letters = "".join(re.findall(r"[A-Z]", initials.split(",")[0]))
        authors.append(f"{family.strip()} {letters}".strip())
    return authors, et_al


def _fill(ref: ParsedReference, head: str, year: str | None, tail: str) -> None:
    """head: 'Title. Journal'; tail: volume, issue, pages as printed after the journal."""
    if year:
        ref.year = int(year[:4])
    parts = [p for p in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9(\[])", head.strip()) if p.strip()]
    if len(parts) >= 2:
        ref.title = parts[0].strip().rstrip(".")
        ref.journal = " ".join(parts[1:]).strip().rstrip(".,;: ") or None
    elif parts:
        ref.title = parts[0].strip().rstrip(".")
    m = re.match(r"^\W*(?P<volume>[A-Za-z]?\d+[A-Za-z]?)?\s*(?:\((?P<issue>[^()]{1,20})\))?\s*[:,]?\s*(?P<pages>[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]{0,2}\d+)?)?", tail)
    if m:
        ref.volume = m.group("volume")
        ref.issue = m.group("issue")
        ref.pages = expand_pages(m.group("pages")) if m.group("pages") else None


def _apa(text: str) -> ParsedReference | None:
    """Authors (Year). Title. Journal, vol(issue), pages."""
    m = re.match(r"^(?P<authors>.{2,900}?)\s*\((?P<year>(?:1[89]|20)\d{2})[a-z]?(?:,[^)]{0,20})?\)\.?\s*(?P<rest>.*)$", text)
    if not m:
        return None
    ref = ParsedReference(raw_text=text)
    ref.authors, ref.et_al = _persons(m.group("authors"))
    if not ref.authors:
        ref.authors = [m.group("authors").strip().rstrip(".,")]  # a corporate author
    rest = m.group("rest")
    journal = re.search(r"(?<=[.?!])\s+(?P<journal>[^.?!]{2,200}?)[,.]?\s+(?P<tail>\d+(?:\s*\([^)]*\))?\s*[,:]\s*[A-Za-z]?\d+.*)$", rest)
    if journal:
        ref.title = rest[: journal.start()].strip().rstrip(".")
        ref.journal = journal.group("journal").strip().rstrip(".,")
        _fill_tail(ref, journal.group("tail"))
    else:
        _fill(ref, rest, None, "")
    ref.year = int(m.group("year"))
    return ref


def _fill_tail(ref: ParsedReference, tail: str) -> None:
    m = re.match(r"^(?P<volume>\d+)\s*(?:\((?P<issue>[^)]*)\))?\s*[,:]\s*(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+)?)", tail)
    if m:
        ref.volume, ref.issue = m.group("volume"), m.group("issue")
        ref.pages = expand_pages(m.group("pages"))


def _nature(text: str) -> ParsedReference | None:
    """Authors. Title. Journal vol, pages (Year)."""
    m = re.match(r"^(?P<body>.+?)\s*(?P<vol>\d+)\s*(?:\((?P<issue>[^)]*)\))?\s*,\s*(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+)?)\s*\((?P<year>(?:1[89]|20)\d{2})\)\.?\s*$", text)
    if not m:
        return None
    persons = _PERSON_LIST.match(m.group("body"))
    if not persons:
        return None
    ref = ParsedReference(raw_text=text)
    ref.authors, ref.et_al = _persons(persons.group("list"))
    head = m.group("body")[persons.end() :].lstrip(" .")
    _fill(ref, head, m.group("year"), "")
    ref.volume, ref.issue, ref.pages = m.group("vol"), m.group("issue"), expand_pages(m.group("pages"))
    return ref


def _year_after_journal(text: str) -> ParsedReference | None:
    """Frontiers: Vancouver authors, title, then 'Journal (Year) vol:pages'."""
    m = re.search(r"\((?P<year>(?:1[89]|20)\d{2})\)\s*(?P<tail>[^()]*(?:\([^)]*\))?[^()]*)$", text)
    if not m:
        return None
    base = parse_vancouver(text[: m.start()].strip() + " 2000;1:1.")
    if not base.authors:
        return None
    ref = ParsedReference(raw_text=text, authors=base.authors, et_al=base.et_al)
    head = text[: m.start()]
    cut = _vancouver_authors_end(head)
    _fill(ref, head[cut:], m.group("year"), m.group("tail"))
    return ref


def _colon_style(text: str) -> ParsedReference | None:
    """BMC and others: 'Kessler RC, Berglund P: Lifetime prevalence. Arch Gen Psychiatry 2005, 62:593-602.'"""
    m = re.match(r"^(?P<authors>[^:]{2,900}?):\s+(?P<rest>.+)$", text)
    if not m:
        return None
    authors = parse_vancouver(m.group("authors").strip() + ". Title. J 2000;1:1.")
    if not authors.authors or authors.problems and "authors not in 'Surname INITIALS' form; kept as a corporate author" in authors.problems:
        return None
    ref = ParsedReference(raw_text=text, authors=authors.authors, et_al=authors.et_al)
    rest = m.group("rest")
    year = re.search(r"\b(?P<year>(?:1[89]|20)\d{2})[a-z]?\s*[,;]\s*(?P<tail>.*)$|\b(?P<year2>(?:1[89]|20)\d{2})\.?\s*$", rest)
    if year is None:
        _fill(ref, rest, None, "")
        return ref
    _fill(ref, rest[: year.start()], year.group("year") or year.group("year2"), year.group("tail") or "")
    return ref


def _vancouver_authors_end(text: str) -> int:
    for m in re.finditer(r"\.\s+", text):
        if parse_vancouver(text[: m.start()] + ". T. J 2000;1:1.").authors and re.search(r"\b[A-Z]{1,4}$|et al$", text[: m.start()]):
            return m.end()
        if m.start() > 600:
            break
    return 0


def _score(ref: ParsedReference) -> int:
    return sum(bool(x) for x in (ref.authors, ref.title, ref.journal, ref.year)) + (1 if ref.volume or ref.pages else 0)


def parse_reference(raw: str) -> ParsedReference:
    text, doi, pmid = clean_identifiers(raw)
    candidates = [parse_vancouver(text)]
    for parser in (_apa, _nature, _year_after_journal, _colon_style):
        parsed = parser(text)
        if parsed is not None:
            candidates.append(parsed)
    best = max(candidates, key=_score)  # max keeps the first of equals: Vancouver unless another style reads more
    best.raw_text = raw.strip()
    best.doi = doi or best.doi
    best.pmid = pmid or best.pmid
    best.problems = [p for p in ("no author list found" if not best.authors else "", "no publication year found" if not best.year else "",
                                 "no title found" if not best.title else "", "no journal found" if not best.journal else "") if p]
    return best
