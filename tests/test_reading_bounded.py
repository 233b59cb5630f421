"""Hostile files read (or are rejected) quickly and in little memory; UTF-16 files read like UTF-8.

Each case runs in a fresh interpreter so its peak memory is its own. The bounds are the reading
issue's acceptance figures (2 s, 200 MB), far above what linear readers need here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.reading.read import read_review

HEADER = "# A review\n\n## Introduction\n\n"
MEASURE = r"""
import json, re, sys, time
from pathlib import Path
from pipelines.reading.read import read_review
start = time.process_time()
review = read_review("x", Path(sys.argv[1])).review
peak = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))  # this process's own peak (ru_maxrss survives exec)
print(json.dumps({"cpu": time.process_time() - start, "rss_mb": peak / 1024,
                  "sentences": len(review.sentences)}))
"""


def _hostile(kind: str) -> str:
    if kind == "nested links":  # 12 KB of [a]([a]([a](...
        return HEADER + "[a](" * 3000 + "x" + ")" * 3000 + "\n"
    if kind == "nested brackets":  # 200 KB
        return HEADER + "[" * 100_000 + "]" * 100_000 + "\n"
    return HEADER + "".join("  " * level + "- item\n" for level in range(3000))  # a list indented 3,000 levels, 9 MB


@pytest.mark.parametrize("kind", ["nested links", "nested brackets", "deep indentation"])
def test_hostile_markdown_reads_fast_and_small(tmp_path: Path, kind: str):
    path = tmp_path / "hostile.md"
    path.write_text(_hostile(kind), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["cpu"] < 2.0, figures
    assert figures["rss_mb"] < 200, figures


def test_utf16_with_bom_reads_like_its_utf8_copy(tmp_path: Path):
    text = HEADER + "Ketamine reduced depressive symptoms within hours [1].\n\n## References\n\n1. Berman RM, Cappiello A. Antidepressant effects of ketamine. Biol Psychiatry. 2000;47(4):351-4.\n"
    utf8, utf16 = tmp_path / "a.md", tmp_path / "b.md"
    utf8.write_text(text, encoding="utf-8")
    utf16.write_bytes(text.encode("utf-16"))  # Python writes the byte-order mark, as Windows tools do
    a, b = read_review("a", utf8).review, read_review("b", utf16).review
    assert [s.text for s in a.sentences] == [s.text for s in b.sentences]
    assert [(s.char_start, s.char_end) for s in a.sentences] == [(s.char_start, s.char_end) for s in b.sentences]
    assert [r.raw_text for r in a.references] == [r.raw_text for r in b.references]
    assert b.sentences[0].citations[0].numbers == (1,)
