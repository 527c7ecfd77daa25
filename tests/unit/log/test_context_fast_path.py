"""A message without context reads through the fast path, and reads the same as before."""

from __future__ import annotations

import pytest

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.domain.content import NO_CONTEXT, MessageContext
from app.domain.ids import Wamid
from app.log.content_codec import read_context, write_context


def _written(context: MessageContext) -> bytes:
    w = Writer()
    write_context(w, context)
    return w.getvalue()


def test_no_context_reads_back_as_the_shared_value_and_leaves_the_rest() -> None:
    r = Reader(_written(NO_CONTEXT) + b"\x07")
    assert read_context(r) is NO_CONTEXT
    assert r.u8() == 7
    r.finish()


@pytest.mark.parametrize(
    "context",
    [
        MessageContext(quoted=Wamid("wamid.Q1")),
        MessageContext(forwarded=True),
        MessageContext(referred_product="cat/42"),
    ],
)
def test_other_contexts_still_read_field_by_field(context: MessageContext) -> None:
    r = Reader(_written(context))
    assert read_context(r) == context
    r.finish()


def test_a_non_canonical_flag_after_an_empty_context_is_still_refused() -> None:
    data = bytearray(_written(NO_CONTEXT))
    data[-1] = 2  # the referral flag: only 0 or 1
    with pytest.raises(DecodeError):
        read_context(Reader(bytes(data)))


def test_skip_reads_nothing_unless_the_bytes_match() -> None:
    r = Reader(b"abcdef")
    assert not r.skip(b"abx")
    assert not r.skip(b"abcdefg")  # longer than what is left
    assert r.skip(b"abc")
    assert r.fixed(3) == b"def"


@pytest.mark.parametrize("before", [b"", b"\x01\x02"])
def test_no_context_writes_the_bytes_its_fields_give(before: bytes) -> None:
    # An equal context that is not the shared value is written field by field.
    fields = MessageContext()
    assert fields == NO_CONTEXT
    assert fields is not NO_CONTEXT
    shortcut = Writer().fixed(before, len(before))
    by_fields = Writer().fixed(before, len(before))
    write_context(shortcut, NO_CONTEXT)
    write_context(by_fields, fields)
    assert shortcut.getvalue() == by_fields.getvalue()
    assert shortcut.getvalue() == before + _written(MessageContext())
