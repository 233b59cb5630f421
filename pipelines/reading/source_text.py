"""Reading raw files into the one text that every offset in the warehouse points into.

The canonical text is the file decoded as UTF-8 (or UTF-16 when it starts with that byte-order mark; a BOM is dropped), with CRLF and CR turned
into LF and NFC normalisation applied. Offsets, ids and fingerprints are computed on it, so a
file saved with Windows line endings or decomposed accents gives the same rows.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_RAW_FILE_BYTES = 50 * 1024 * 1024


class RawFileError(ValueError):
    """A raw file that cannot be read; the message says which file and what to do."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    sha256: str  # of the raw bytes: what was on disk


def decode_text(data: bytes, name: str) -> str:
    """Decode strictly: a wrong guess at the encoding would corrupt names silently."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):  # as Windows tools save "Unicode" text
            try:
                data = data[2:].decode(codec).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise RawFileError(f"{name}: a UTF-16 byte-order mark, but invalid UTF-16 at byte {exc.start + 2}; re-save the file as UTF-8") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RawFileError(
            f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "re-save the file as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_source(path: Path, max_bytes: int = MAX_RAW_FILE_BYTES) -> SourceText:
    size = path.stat().st_size
    if size > max_bytes:
        raise RawFileError(f"{path.name}: {size} bytes is over the {max_bytes}-byte limit for a raw file")
    data = path.read_bytes()
    return SourceText(path=path, text=decode_text(data, path.name), sha256=hashlib.sha256(data).hexdigest())
