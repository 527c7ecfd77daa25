"""The strict canonical codec."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.domain.errors import EnvelopeRejected

FUZZ = settings(max_examples=200, deadline=None)


def test_integers_are_big_endian_and_fixed_width() -> None:
    data = Writer().u8(1).u16(0x0203).u32(0x04050607).u64(0x08090A0B0C0D0E0F).getvalue()
    assert data == bytes(range(1, 16))
    r = Reader(data)
    assert (r.u8(), r.u16(), r.u32(), r.u64()) == (1, 0x0203, 0x04050607, 0x08090A0B0C0D0E0F)
    r.finish()


def test_var_text_and_items_layout() -> None:
    w = Writer().var(b"ab").text("é").items([1, 2], lambda v, w: w.u8(v))
    assert w.getvalue() == b"\0\0\0\2ab" + b"\0\0\0\2\xc3\xa9" + b"\0\0\0\2\1\2"


@pytest.mark.parametrize(
    ("call", "value"),
    [("u8", 256), ("u16", 1 << 16), ("u32", 1 << 32), ("u64", 1 << 64), ("u8", -1)],
)
def test_writer_refuses_out_of_range(call: str, value: int) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        getattr(Writer(), call)(value)


def test_writer_fixed_checks_length() -> None:
    with pytest.raises(ValueError, match="expected 3 bytes"):
        Writer().fixed(b"ab", 3)


def _reject(data: bytes, read: Any, detail: str) -> None:
    with pytest.raises(DecodeError) as info:
        read(Reader(data, max_var=8))
    assert info.value.detail == detail
    assert info.value.reason == "parse"


def test_reader_rejections() -> None:
    _reject(b"\0", lambda r: r.u16(), "short")
    _reject(b"\0\0\0\5abc", lambda r: r.var(), "short")
    _reject(b"\0\0\0\x09" + bytes(9), lambda r: r.var(), "length")
    _reject(b"\0\0\0\2ab", lambda r: r.var(max_len=1), "length")
    _reject(b"\0\0\0\1\xff", lambda r: r.text(), "utf8")
    _reject(b"\0\0\0\3", lambda r: r.items(Reader.u8, max_count=2), "count")
    _reject(b"\1\2", lambda r: (r.u8(), r.finish()), "trailing")


def test_read_enum() -> None:
    class Colour(enum.IntEnum):
        RED = 1

    assert read_enum(1, Colour) is Colour.RED
    with pytest.raises(DecodeError) as info:
        read_enum(2, Colour)
    assert info.value.detail == "value"


def test_decode_error_is_an_envelope_rejection_without_data() -> None:
    error = DecodeError("short")
    assert isinstance(error, EnvelopeRejected)
    assert str(error) == "parse: short"


_VALUES = st.one_of(
    st.tuples(st.just("u8"), st.integers(0, 0xFF)),
    st.tuples(st.just("u16"), st.integers(0, 0xFFFF)),
    st.tuples(st.just("u32"), st.integers(0, 0xFFFFFFFF)),
    st.tuples(st.just("u64"), st.integers(0, (1 << 64) - 1)),
    st.tuples(st.just("var"), st.binary(max_size=64)),
    st.tuples(st.just("text"), st.text(max_size=32)),
    st.tuples(st.just("items"), st.lists(st.integers(0, 0xFFFF), max_size=8)),
)


@FUZZ
@given(st.lists(_VALUES, max_size=12))
def test_round_trip(values: list[tuple[str, Any]]) -> None:
    w = Writer()
    for kind, value in values:
        if kind == "items":
            w.items(value, lambda v, w: w.u16(v))
        else:
            getattr(w, kind)(value)
    r = Reader(w.getvalue())
    for kind, value in values:
        got = r.items(Reader.u16) if kind == "items" else getattr(r, kind)()
        assert got == value
    r.finish()


_OPS = st.sampled_from(["u8", "u16", "u32", "u64", "var", "text", "fixed", "items", "finish"])


@FUZZ
@given(st.binary(max_size=64), st.lists(_OPS, max_size=10))
def test_reader_raises_only_decode_error(data: bytes, ops: list[str]) -> None:
    r = Reader(data, max_var=32)
    try:
        for op in ops:
            if op == "fixed":
                r.fixed(3)
            elif op == "items":
                r.items(Reader.u8, max_count=16)
            else:
                getattr(r, op)()
    except DecodeError:
        pass
