"""Meta's webhook signature: HMAC-SHA256 of the raw request bytes (cloud-api.md §2)."""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256="


def signature_ok(raw: bytes | bytearray, header: str | None, app_secret: bytes) -> bool:
    """Whether `header` is the valid `X-Hub-Signature-256` for `raw`.

    Checked on the exact bytes received, before any parsing, in constant time. Hex digits are
    accepted in either case; anything that is not ASCII is simply a mismatch.
    """
    if not header or not header.startswith(_PREFIX):
        return False
    given = header[len(_PREFIX) :].strip()
    if not given.isascii():
        # compare_digest refuses non-ASCII str with TypeError: a 500 instead of a 403.
        return False
    expected = hmac.new(app_secret, raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), given.lower().encode("ascii"))
