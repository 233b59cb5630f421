"""Choosing the reader by file name, decompressing .gz with a size cap, decoding strictly."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from pipelines.lib.reference_formats.bibtex import read_bibtex
from pipelines.lib.reference_formats.csl_json import read_csl_json
from pipelines.lib.reference_formats.medline import read_medline
from pipelines.lib.reference_formats.pubmed_xml import read_pubmed_xml
from pipelines.lib.reference_formats.records import ReadResult, Rejected
from pipelines.lib.reference_formats.ris import read_ris
from pipelines.lib.reference_formats.web_of_science import is_web_of_science, read_web_of_science
from pipelines.reading.budget import READ_SECONDS, ReadingTimeout, time_budget
from pipelines.reading.source_text import MAX_RAW_FILE_BYTES, RawFileError, decode_text

REFERENCE_SUFFIXES = (".bib", ".ris", ".json", ".nbib", ".txt", ".xml", ".gz")
TEXT_READERS = {".bib": read_bibtex, ".ris": read_ris, ".json": read_csl_json, ".nbib": read_medline, ".txt": read_medline}


def format_suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".xml.gz"):
        return ".xml.gz"
    return path.suffix.lower()


def reference_stem(path: Path) -> str:
    """The file's name without its format suffix: `<review_id>.xml.gz` belongs to review_id."""
    name = path.name
    suffix = format_suffix(path)
    return name[: -len(suffix)] if suffix and name.lower().endswith(suffix) else path.stem


def _gunzip(data: bytes, cap: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        out = fh.read(cap + 1)
    if len(out) > cap:
        raise RawFileError(f"decompresses to more than {cap} bytes; refused as a possible zip bomb")
    return out


def read_reference_file(path: Path, source_file: str, cap: int = MAX_RAW_FILE_BYTES, seconds: float = READ_SECONDS) -> ReadResult:
    """One reference file's records; whatever the file does (too big, too slow, too deep, a reader's error) it is
    rejected rows, never a failed refresh. The time budget is the reviews' (EVIDENCE_READ_SECONDS)."""
    try:
        with time_budget(seconds, f"reading {path.name}"):
            return _read_reference_file(path, source_file, cap)
    except ReadingTimeout as exc:
        return _whole_file_rejected(source_file, f"{exc}; the file is rejected (set EVIDENCE_READ_SECONDS to allow more)")


def _read_reference_file(path: Path, source_file: str, cap: int) -> ReadResult:
    suffix = format_suffix(path)
    data = path.read_bytes()
    try:
        if suffix == ".xml.gz":
            return read_pubmed_xml(_gunzip(data, cap), source_file)
        if suffix == ".xml":
            return read_pubmed_xml(data, source_file)
        reader = TEXT_READERS.get(suffix)
        if reader is None:
            return _whole_file_rejected(source_file, f"not a known reference format ({', '.join(REFERENCE_SUFFIXES)})")
        text = decode_text(data, path.name)
        if suffix in (".txt", ".ris") and is_web_of_science(text):
            return _nothing_silently(read_web_of_science(text, source_file), source_file, text, "Web of Science")
        if suffix == ".txt" and "PMID-" not in text and "TI  -" not in text:
            return _whole_file_rejected(source_file, "a .txt reference file must be MEDLINE format (PMID- and TI  - tags) or a Web of Science export")
        return _nothing_silently(reader(text, source_file), source_file, text, suffix)
    except (RawFileError, OSError, EOFError) as exc:
        return _whole_file_rejected(source_file, str(exc))
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # a reader's own bug or a file it never expected: one rejected file, never a failed refresh
        return _whole_file_rejected(source_file, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def _nothing_silently(result: ReadResult, source_file: str, text: str, form: str) -> ReadResult:
    """A file with text in it that yields no record at all is one rejected row, not a file that vanished."""
    if result.records_read == 0 and text.strip():
        return _whole_file_rejected(source_file, f"no {form} record found in the file (is it another format?)")
    return result


def _whole_file_rejected(source_file: str, reason: str) -> ReadResult:
    return ReadResult(records=[], rejected=[Rejected(source_file, "file", reason, "")], records_read=1)
