"""Reading speed, measured in one run: PDF pages per CPU-second of our reader against the
library's bare text extraction, and JATS articles per second. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/reading_speed.py [PDF or XML files or folders ...]

With no arguments it reads the real articles in tests/fixtures/real_articles/ (and, when present,
../shared/real_articles/). Target (issue 12): a 20-page PDF in under 1 s of CPU.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

from pipelines.reading.read import read_review

ROOT = Path(__file__).resolve().parents[1]


def _files(argv: list[str]) -> list[Path]:
    given = [Path(a) for a in argv]
    files = [p for p in given if p.is_file()]
    folders = [p for p in given if p.is_dir()]
    if not given:
        folders = [ROOT / "tests" / "fixtures" / "real_articles", ROOT.parent / "shared" / "real_articles"]
    return files + sorted({p.name: p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.suffix in (".pdf", ".nxml", ".xml")}.values())


def _cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def bare_text(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    for i in range(len(document)):
        document[i].get_textpage().get_text_range()
    n = len(document)
    document.close()
    return n


def main(argv: list[str]) -> int:
    files = _files(argv)
    pdfs = [p for p in files if p.suffix == ".pdf"]
    xmls = [p for p in files if p.suffix in (".nxml", ".xml")]
    pages = ours = bare = 0.0
    print(f"{'file':45} {'pages':>5} {'ours s':>7} {'bare s':>7}")
    for path in pdfs:
        n = bare_text(path)
        ours_s = _cpu(lambda p=path: read_review(p.stem, p))
        bare_s = _cpu(lambda p=path: bare_text(p))
        pages, ours, bare = pages + n, ours + ours_s, bare + bare_s
        print(f"{path.name[:45]:45} {n:5d} {ours_s:7.2f} {bare_s:7.2f}")
    if pdfs:
        print(f"PDF: {pages:.0f} pages; our reader {pages / ours:.1f} pages per CPU-second "
              f"({20 * ours / pages:.2f} s for 20 pages); pypdfium2 bare text {pages / bare:.1f} pages per CPU-second")
    if xmls:
        cpu = sum(_cpu(lambda p=path: read_review(p.stem, p)) for path in xmls)
        print(f"XML (JATS/TEI): {len(xmls)} articles in {cpu:.2f} CPU-s, {len(xmls) / cpu:.1f} articles per second")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
