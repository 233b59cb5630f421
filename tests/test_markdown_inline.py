from pipelines.reading.markdown_inline import clean_inline


def test_escapes_emphasis_and_links_are_removed_with_offsets_kept():
    source = "Anna Huizenga\\* and *J Neuro.* [site](http://x.org)"
    out = clean_inline(source, 100)
    assert out.text == "Anna Huizenga* and J Neuro. site"
    # every kept character maps back to the same character in the source
    for ch, offset in zip(out.chars, out.offsets, strict=True):
        assert source[offset - 100] == ch


def test_superscript_citations_become_brackets():
    assert clean_inline("BDNF<sup>4,5</sup> rises^6^.", 0).text == "BDNF[4,5] rises[6]."


def test_script_tags_are_dropped_with_their_content():
    text = clean_inline("safe <script>alert('x')</script>text <b>bold</b>", 0).text
    assert "<" not in text and "alert" not in text
    assert text == "safe text bold"


def test_matches_tried_only_where_one_can_begin_are_the_engines_own():
    """_inline_matches skips to the characters a match can begin with; it must find exactly what
    finditer finds, on random strings of the syntax's characters and on every fixture line."""
    import random
    from pathlib import Path

    from pipelines.reading.markdown_inline import _INLINE, _inline_matches

    rng = random.Random(7)
    alphabet = "<>![]()^&\\*_`¹²³⁻ab1 -,;#x/sup!--"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    for path in sorted((Path(__file__).parent / "fixtures").rglob("*.md"))[:40]:
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    for text in texts:
        expected = [(m.start(), m.end(), m.lastgroup) for m in _INLINE.finditer(text)]
        assert [(m.start(), m.end(), m.lastgroup) for m in _inline_matches(text)] == expected, text
