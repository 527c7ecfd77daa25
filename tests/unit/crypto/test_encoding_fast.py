"""The Writer's inlined methods write what the `_int`-based ones wrote, and refuse the same.

`_Reference` is the Writer as it was before each method checked its own range: every field
went through `_int` (and `var`/`text` through `u32`). Both write the same sequences of fields,
the values drawn near every width's edges, and must give the same bytes or the same error.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.encoding import Writer


class _Reference:
    """The Writer before the inlined methods (its code as it stood), for comparison."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def _int(self, value: int, width: int) -> _Reference:
        if not 0 <= value < 1 << (8 * width):
            raise ValueError(f"integer does not fit in {width} bytes")
        self._parts.append(value.to_bytes(width, "big"))
        return self

    def u8(self, value: int) -> _Reference:
        return self._int(value, 1)

    def u32(self, value: int) -> _Reference:
        return self._int(value, 4)

    def u64(self, value: int) -> _Reference:
        return self._int(value, 8)

    def var(self, data: bytes) -> _Reference:
        self.u32(len(data))
        self._parts.append(bytes(data))
        return self

    def text(self, value: str) -> _Reference:
        return self.var(value.encode("utf-8"))

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def _around(width: int) -> st.SearchStrategy[int]:
    """Integers anywhere in a width's range, at its edges, and just outside it."""
    end = 1 << (8 * width)
    return st.one_of(
        st.integers(0, end - 1),
        st.sampled_from([0, 1, end - 2, end - 1, end, end + 1, -1, -end]),
    )


_FIELDS = st.one_of(
    st.tuples(st.just("u8"), st.one_of(_around(1), st.booleans())),
    st.tuples(st.just("u32"), _around(4)),
    st.tuples(st.just("u64"), _around(8)),
    st.tuples(st.just("var"), st.one_of(st.binary(max_size=80), st.binary().map(bytearray))),
    st.tuples(st.just("text"), st.text(max_size=40)),
)


def _write(writer: Any, fields: list[tuple[str, Any]]) -> bytes | str:
    """What `writer` makes of `fields`: its bytes, or the first error's type and words."""
    try:
        for method, value in fields:
            getattr(writer, method)(value)
    except ValueError as exc:
        return f"ValueError: {exc}"
    return bytes(writer.getvalue())


@settings(max_examples=1000, deadline=None)
@given(st.lists(_FIELDS, max_size=20))
def test_same_bytes_or_the_same_error_as_before(fields: list[tuple[str, Any]]) -> None:
    assert _write(Writer(), fields) == _write(_Reference(), fields)


@pytest.mark.parametrize(
    ("method", "value", "width"),
    [("u8", 256, 1), ("u8", -1, 1), ("u32", 1 << 32, 4), ("u32", -1, 4), ("u64", 1 << 64, 8)],
)
def test_out_of_range_still_raises_with_the_same_words(method: str, value: int, width: int) -> None:
    with pytest.raises(ValueError, match=f"^integer does not fit in {width} bytes$"):
        getattr(Writer(), method)(value)


class _Huge(bytes):
    """Bytes that say they are longer than a `u32` length can say (without 4 GiB in memory)."""

    def __len__(self) -> int:
        return 1 << 32


def test_a_var_too_long_for_its_length_prefix_is_refused() -> None:
    writer = Writer().u8(7)
    with pytest.raises(ValueError, match="^integer does not fit in 4 bytes$"):
        writer.var(_Huge(b"x"))
    assert writer.getvalue() == b"\x07"  # nothing half-written
