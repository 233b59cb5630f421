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
