"""PubMed XML and MEDLINE baseline XML (.xml, .xml.gz) with lxml, never resolving entities or loading DTDs.

A document that declares entities is refused before parsing: PubMed never does, and entity
declarations are how XXE and "billion laughs" attacks work.
"""

from __future__ import annotations

import re

from lxml import etree

from pipelines.lib.reference_formats.records import (
    ReadResult,
    ReferenceRecord,
    Rejected,
    author_name,
    clean_text,
    normalize_year,
    pages_from,
)

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True)


def _text(element) -> str | None:
    return clean_text("".join(element.itertext())) if element is not None else None


def read_pubmed_xml(data: bytes, source_file: str) -> ReadResult:
    result = ReadResult()
    if _ENTITY_DECLARATION.search(data):
        result.records_read = 1
        result.rejected.append(Rejected(source_file, "file", "XML: the document declares entities (possible XXE or entity-expansion attack); refused unread", ""))
        return result
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, f"line {exc.lineno}", f"XML: not well-formed ({exc.msg})", data[:500].decode("utf-8", "replace")))
        return result
    articles = root.findall(".//PubmedArticle") + root.findall(".//PubmedBookArticle")
    # a MEDLINE baseline or update file (MedlineCitationSet) holds bare MedlineCitation records
    articles += [c for c in root.iter("MedlineCitation") if not any(a.tag in ("PubmedArticle", "PubmedBookArticle") for a in c.iterancestors())]
    if not articles:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, "file", f"XML: no PubmedArticle or MedlineCitation elements (root element <{root.tag}>); only PubMed and MEDLINE XML are read", ""))
        return result
    for number, article in enumerate(articles, start=1):
        result.records_read += 1
        raw = etree.tostring(article, encoding="unicode")[:4000]
        art = article.find(".//Article")
        authors = []
        for author in article.findall(".//AuthorList/Author"):
            authors.append(author_name(_text(author.find("LastName")), _text(author.find("ForeName")) or _text(author.find("Initials")), _text(author.find("CollectiveName"))))
        year = _text(article.find(".//JournalIssue/PubDate/Year")) or _text(article.find(".//JournalIssue/PubDate/MedlineDate"))
        doi = next((_text(i) for i in article.findall(".//ArticleIdList/ArticleId") if i.get("IdType") == "doi"), None)
        doi = doi or next((_text(e) for e in article.findall(".//ELocationID") if e.get("EIdType") == "doi"), None)
        abstract = " ".join(t for t in (_text(a) for a in article.findall(".//Abstract/AbstractText")) if t) or None
        record = ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=article.sourceline,
            source_format="pubmed-xml",
            raw_text=raw,
            authors=[a for a in authors if a],
            title=_text(art.find("ArticleTitle")) if art is not None else _text(article.find(".//BookTitle")),
            journal=_text(article.find(".//Journal/Title")),
            journal_abbreviation=_text(article.find(".//Journal/ISOAbbreviation")) or _text(article.find(".//MedlineTA")),
            year=normalize_year(year),
            volume=_text(article.find(".//JournalIssue/Volume")),
            issue=_text(article.find(".//JournalIssue/Issue")),
            pages=pages_from(_text(article.find(".//Pagination/MedlinePgn"))),
            doi=doi,
            pmid=_text(article.find(".//PMID")),
            publication_type="; ".join(t for t in (_text(p) for p in article.findall(".//PublicationTypeList/PublicationType")) if t) or None,
            abstract=abstract,
        )
        result.accept(record, "XML")
    return result
