"""Plaintext padding buckets (crypto.md §3.2): the server sees bucket sizes, not lengths.

`pad(body) = u32 len(body) ‖ body ‖ zeros` up to the bucket: multiples of 256 B up to 4 KiB,
then powers of two. `unpad` is strict: the size must be the canonical bucket for the body length
and every padding byte must be zero.
"""

from __future__ import annotations

from app.crypto.errors import Malformed

_STEP = 256
_LINEAR_LIMIT = 4096
_LEN_PREFIX = 4


def bucket_size(length: int) -> int:
    """The smallest bucket holding `length` bytes (length prefix included)."""
    if length < 0:
        raise ValueError("negative length")
    if length <= _LINEAR_LIMIT:
        return max(_STEP, -(-length // _STEP) * _STEP)
    return 1 << (length - 1).bit_length()


def is_bucket_size(size: int) -> bool:
    """True if `size` is a size `pad` can produce."""
    return size > 0 and bucket_size(size) == size


def padded_size(body_len: int) -> int:
    """The size `pad` gives a body of `body_len` bytes."""
    return bucket_size(_LEN_PREFIX + body_len)


def pad(body: bytes) -> bytes:
    """Returns `u32 len ‖ body ‖ zeros`, sized to the bucket.

    Raises:
        ValueError: The body does not fit a u32 length.
    """
    if len(body) >= 1 << 32:
        raise ValueError("body too long to pad")
    size = padded_size(len(body))
    return len(body).to_bytes(_LEN_PREFIX, "big") + body + bytes(size - _LEN_PREFIX - len(body))


def unpad(padded: bytes) -> bytes:
    """Inverse of `pad`.

    Raises:
        Malformed: "padding" if the size is not the canonical bucket for the stated length, or a
            padding byte is not zero.
    """
    if len(padded) < _LEN_PREFIX:
        raise Malformed("padding")
    body_len = int.from_bytes(padded[:_LEN_PREFIX], "big")
    end = _LEN_PREFIX + body_len
    if end > len(padded) or padded_size(body_len) != len(padded):
        raise Malformed("padding")
    if padded[end:].count(0) != len(padded) - end:
        raise Malformed("padding")
    return padded[_LEN_PREFIX:end]
