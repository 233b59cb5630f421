import pytest

from pipelines.reading.source_text import RawFileError, decode_text, read_source


def test_crlf_bom_and_nfd_give_the_same_text():
    lf = "Czéh B\nline two\n"
    crlf_bom_nfd = "\ufeff" + "Cze\u0301h B\r\nline two\r\n"
    assert decode_text(lf.encode(), "a") == decode_text(crlf_bom_nfd.encode("utf-8"), "b")


def test_non_utf8_is_refused_with_the_byte_offset():
    data = b"Author: Mu" + b"\xe9" + b"ller"
    with pytest.raises(RawFileError, match=r"byte 10"):
        decode_text(data, "refs.bib")


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(RawFileError, match="over the 1000-byte limit"):
        read_source(path, max_bytes=1000)
