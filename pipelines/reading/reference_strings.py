"""One printed reference string into fields, whatever the journal's style.

  Vancouver/ICMJE  Kays JL, Hurley RA. The dynamic brain. J Neuropsychiatry. 2012;24(2):118-24.
  Frontiers        Craske MG, Rauch SL. What is an anxiety disorder? Depress Anxiety (2009) 26:1066–85.
  APA / Harvard    Bayram, N., & Bilgel, N. (2008). The prevalence of depression. Soc Psychiatry, 43(8), 667–672.
  Nature           Moher, D., Liberati, A. & Group, P. Preferred reporting items. PLoS Med. 6, e1000097 (2009).
  Lancet/AMA       as Vancouver, with "2012; 24: 118–24."
  BMC              Kessler RC, Berglund P: Lifetime prevalence. Arch Gen Psychiatry 2005, 62:593-602.
  Springer LNCS    Auer, C., Dolfi, M.: Delivering document conversion. CoRR abs/2206.00785 (2022).
  Full names       Max Göbel, Tamir Hassan, and Giorgio Orsi. Icdar 2013 table competition. In ICDAR, 2013.

Each style has a parser; alone, the parse that finds the most of authors, title, journal and year
wins, ties going to the style tried first. A printed list is set in one style, so
`parse_reference_list` prefers the style that reads most of its entries best. DOI and PMID are picked out first, without trailing
brackets or punctuation.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import CORPORATE_AUTHOR, ParsedReference, normalize_doi, parse_vancouver

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
    if not authors.authors or CORPORATE_AUTHOR in authors.problems:
        return _springer(text, m.group("authors"), m.group("rest"))
    ref = ParsedReference(raw_text=text, authors=authors.authors, et_al=authors.et_al)
    rest = m.group("rest")
    year = re.search(r"\b(?P<year>(?:1[89]|20)\d{2})[a-z]?\s*[,;]\s*(?P<tail>.*)$|\b(?P<year2>(?:1[89]|20)\d{2})\.?\s*$", rest)
    if year is None:
        _fill(ref, rest, None, "")
        return ref
    _fill(ref, rest[: year.start()], year.group("year") or year.group("year2"), year.group("tail") or "")
    return ref


def _springer(text: str, authors: str, rest: str) -> ParsedReference | None:
    """Springer LNCS: 'Surname, I., Surname, I.: Title. Venue vol, pages (Year)'."""
    listed = _PERSON_LIST.match(authors)
    if not listed or authors[listed.end() :].strip(" ,.&"):
        return None
    ref = ParsedReference(raw_text=text)
    ref.authors, ref.et_al = _persons(listed.group("list"))
    year = re.search(r"\((?:[A-Z][a-z]{2,8}\.?\s+)?(?P<year>(?:1[89]|20)\d{2})[a-z]?\)[.,]?[^()]*$", rest)
    _fill(ref, rest[: year.start()] if year else rest, year.group("year") if year else None, "")
    ref.journal = re.sub(r"^In:?\s+", "", ref.journal) if ref.journal else None
    return ref


# a full-name author: "Max Göbel", "Ross B. Girshick", "Antonio Jimeno Yepes", "Hervé Déjean"
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "dos"}
_NAME_WORD = rf"(?:[A-Z][\w'’´¨`\-]*\.?|(?:{'|'.join(sorted(_PARTICLES))})\b)"
_FULL_NAME = re.compile(rf"^{_NAME_WORD}(?:\s{_NAME_WORD}){{0,4}}\s[A-Z][\w'’´¨`\-]*[a-z][\w'’´¨`\-]*$")
# words that name an organisation, not a person ("NHS England", "American Psychiatric Association")
_ORGANISATION_WORDS = frozenset({
    "england", "scotland", "wales", "ireland", "organization", "organisation", "association", "institute", "institutes",
    "health", "department", "society", "council", "agency", "group", "committee", "foundation", "office", "service", "services",
    "centre", "center", "ministry", "government", "national", "statistics", "collaboration", "collaborators", "consortium",
    "university", "commission", "board", "network", "alliance", "trust", "nations", "union", "federation", "college", "academy",
    "panel", "project", "programme", "program", "bureau", "working", "force",
})
_FULL_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_PAGES = re.compile(r"\b(?:pages|pp\.?)\s*(?P<pages>\d+\s*[-–]\s*\d+)|\d+\s*\([^)]{1,10}\)\s*:\s*(?P<colon>\d+\s*[-–]\s*\d+)")


def _full_names(text: str) -> ParsedReference | None:
    """ACM, IEEE and machine-learning venues: 'Max Göbel, Tamir Hassan, and Giorgio Orsi. Title. In Venue, pages, 2013.'
    The author list ends at the first full stop after a whole word (not after an initial); a family
    name has a lower-case letter, so Vancouver's 'Hurley RA.' is never read as a given name."""
    for stop in re.finditer(r"(?<=[^\W\d_]{2})\.\s+", text[:900]):
        names = [n for n in _FULL_NAME_SEPARATOR.split(text[: stop.start()]) if n]
        et_al = bool(names) and names[-1].lower().rstrip(".") == "et al"
        names = names[:-1] if et_al else names
        if not names or not all(_FULL_NAME.match(n) for n in names):
            continue
        if any(w.lower() in _ORGANISATION_WORDS for n in names for w in n.split()):
            return None
        ref = ParsedReference(raw_text=text, authors=[_family_first(n) for n in names], et_al=et_al)
        head = text[stop.end() :]
        title = re.match(r"^(?P<title>.+?[.?!])(?:\s+|$)(?P<venue>.*)$", head)
        ref.title = re.sub(r",\s*(?:1[89]|20)\d{2}\.?$", "", (title.group("title") if title else head).strip()).rstrip(".") or None
        venue = re.sub(r"^In:?\s+", "", title.group("venue")) if title else ""
        ref.journal = next((c.strip(" .") for c in venue.split(",") if re.search(r"[^\W\d_]{3}", c)), None)
        years = re.findall(r"\b(?:1[89]|20)\d{2}\b", head)
        ref.year = int(years[-1]) if years else None
        pages = _PAGES.search(venue)
        ref.pages = expand_pages(pages.group("pages") or pages.group("colon")) if pages else None
        return ref
    return None


def _family_first(name: str) -> str:
    """'Peter W J Staar' -> 'Staar PWJ', as every other style stores an author."""
    words = name.replace(".", ". ").split()
    family = len(words) - 1
    while family > 0 and words[family - 1].lower() in _PARTICLES:
        family -= 1
    initials = "".join(w[0] for w in words[:family] if w[0].isupper())
    return f"{' '.join(words[family:])} {initials}".strip()


def _vancouver_authors_end(text: str) -> int:
    for m in re.finditer(r"\.\s+", text):
        if parse_vancouver(text[: m.start()] + ". T. J 2000;1:1.").authors and re.search(r"\b[A-Z]{1,4}$|et al$", text[: m.start()]):
            return m.end()
        if m.start() > 600:
            break
    return 0


def _score(ref: ParsedReference) -> float:
    """Fields found; an author list kept whole as a corporate author counts half, so a style that reads persons wins."""
    authors = 0.5 if CORPORATE_AUTHOR in ref.problems else float(bool(ref.authors))
    return authors + sum(bool(x) for x in (ref.title, ref.journal, ref.year)) + (1 if ref.volume or ref.pages else 0)


_STYLES = (("vancouver", parse_vancouver), ("apa", _apa), ("nature", _nature), ("year_after_journal", _year_after_journal),
           ("colon", _colon_style), ("full_names", _full_names))


def _candidates(raw: str) -> tuple[list[tuple[str, ParsedReference]], str | None, str | None]:
    text, doi, pmid = clean_identifiers(raw)
    found = [(name, parsed) for name, parser in _STYLES if (parsed := parser(text)) is not None]
    return found, doi, pmid


def _finish(parsed: ParsedReference, raw: str, doi: str | None, pmid: str | None) -> ParsedReference:
    parsed.raw_text = raw.strip()
    parsed.doi = doi or parsed.doi
    parsed.pmid = pmid or parsed.pmid
    parsed.problems = [p for p in ("no author list found" if not parsed.authors else "", "no publication year found" if not parsed.year else "",
                                   "no title found" if not parsed.title else "", "no journal found" if not parsed.journal else "") if p]
    return parsed


def parse_reference(raw: str) -> ParsedReference:
    """One entry alone: the style that reads the most fields (max keeps the first of equals: Vancouver)."""
    found, doi, pmid = _candidates(raw)
    return _finish(max((p for _, p in found), key=_score), raw, doi, pmid)


def parse_reference_list(raws: list[str]) -> list[ParsedReference]:
    """A printed list has one style: the style that reads most entries best is taken for every entry
    it reads within one field of the best ('Ross B. Girshick. Fast R-CNN.' is Vancouver's 'Ross B'
    alone, but not in a list of full names)."""
    parsed = [_candidates(raw) for raw in raws]
    winners = Counter(max(found, key=lambda c: _score(c[1]))[0] for found, _, _ in parsed)
    house = winners.most_common(1)[0][0] if winners else None
    chosen = []
    for raw, (found, doi, pmid) in zip(raws, parsed, strict=True):
        best = max((p for _, p in found), key=_score)
        preferred = next((p for name, p in found if name == house), None)
        pick = preferred if preferred is not None and preferred.authors and _score(preferred) >= _score(best) - 1 else best
        chosen.append(_finish(pick, raw, doi, pmid))
    return chosen
