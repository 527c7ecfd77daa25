"""Bearer tokens for back-office systems (issue 10 item 5, docs/notifications.md).

A token is 256 random bits, shown once on the admin's desk. Only its hash travels in the log
(sealed to the gateway) and sits in the gateway's state: a copy of either never lets anyone
send. SHA-256 suffices over 256 random bits (nothing to guess, so no slow hash is needed);
the domain label keeps the hash from meaning anything elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

TOKEN_BYTES = 32
PREFIX = "sbn_"
"""Makes a leaked token recognisable (secret scanners, logs) as a Switchboard one."""
HASH_LEN = 32
_LABEL = b"switchboard api token v1\x00"
MAX_TOKEN_CHARS = 128
"""Longer bearer strings are refused before hashing."""


def new_token(rng: Callable[[int], bytes]) -> str:
    """A fresh secret: `sbn_` and 43 URL-safe base64 characters."""
    raw = rng(TOKEN_BYTES)
    if len(raw) != TOKEN_BYTES:
        raise ValueError("the random source gave too few bytes")
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> bytes:
    """What the log and the gateway keep of `token`."""
    return hashlib.sha256(_LABEL + token.encode("utf-8")).digest()


def hash_matches(expected: bytes, token: str) -> bool:
    """Whether `token` hashes to `expected`, compared in constant time."""
    return hmac.compare_digest(expected, token_hash(token))
