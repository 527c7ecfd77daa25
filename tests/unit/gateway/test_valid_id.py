"""`valid_id`'s shortcut for ASCII ids answers what the UTF-8 count answered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.gateway.parse_fields import valid_id
from app.log.kind import MAX_ID


def _by_utf8(value: object) -> str:
    """`valid_id` as it was: every id measured in UTF-8."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        return ""
    return value if size <= MAX_ID else ""


_LENGTHS = st.sampled_from([0, 1, MAX_ID // 4 - 1, MAX_ID // 4, MAX_ID - 1, MAX_ID, MAX_ID + 1])
_ASCII = st.characters(max_codepoint=0x7F)
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])
_ANY = st.characters() | _SURROGATES
"""Any character, lone surrogates included (JSON may carry them: `decode_json` keeps them)."""


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        _LENGTHS.flatmap(lambda n: st.text(_ASCII, min_size=n, max_size=n)),
        _LENGTHS.flatmap(lambda n: st.text(_ANY, min_size=n, max_size=n)),
        st.text(_ANY, max_size=300),
        st.none(),
        st.integers(),
    )
)
def test_the_same_answer_as_counting_utf8(value: object) -> None:
    assert valid_id(value) == _by_utf8(value)


def test_edges() -> None:
    assert valid_id("a" * MAX_ID) == "a" * MAX_ID
    assert valid_id("a" * (MAX_ID + 1)) == ""
    assert valid_id("é" * (MAX_ID // 2)) == "é" * (MAX_ID // 2)
    assert valid_id("é" * (MAX_ID // 2 + 1)) == ""
    assert valid_id("a\ud800") == ""  # a lone surrogate: not ASCII, refused by the encoder
