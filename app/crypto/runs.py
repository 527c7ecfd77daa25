"""One signature per run of an author's envelopes (security.md 2.12, part 2).

An envelope's signature covers its header, and the header names `author_prev = H(previous
envelope)` over the exact bytes, signature included. So a valid signature on an author's
envelope pins the bytes of every envelope before it in that author's chain. A desk catching up
with a batch therefore verifies the last envelope of each run and takes the ones it links back
to as authentic; where a signature fails, the envelope before it is checked on its own.

Callers cut their batch at every chain link first (one chain state, so one key per author,
holds throughout), and still run every other check per envelope: this module only answers
"did the author's key sign, or hash-link, these exact bytes?".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.crypto.envelope import ParsedEnvelope, VerifiedEnvelope, verify_signature
from app.crypto.errors import BadSignature
from app.domain.ids import DeviceId

SigningKey = Callable[[DeviceId], bytes | None]
"""The Ed25519 public key the chain records for a device, or None for an unknown device."""

_Link = tuple[DeviceId, int, bytes]
"""(author, author_seq, envelope hash): what a successor's header names as its predecessor."""


def verify_runs(
    envelopes: Sequence[ParsedEnvelope | None], signing_key: SigningKey
) -> list[VerifiedEnvelope | None]:
    """Which envelopes of one segment are authentic, with one verification per run.

    An envelope is authentic if its own signature verifies, or if a later authentic envelope
    of the same author names it: `author_seq` one higher and `author_prev` its hash. Decided
    from the end backwards, so only a run's last envelope (and any envelope whose successor
    failed) is verified.

    Args:
        envelopes: One segment in stream order; None for records that did not parse (skipped).
        signing_key: The chain's signature key of an author (the chain does not change within
            a segment).

    Returns:
        Per position, the verified envelope, or None if it is not authentic (its signature
        fails, its author is unknown, or it did not parse).
    """
    result: list[VerifiedEnvelope | None] = [None] * len(envelopes)
    vouched: set[_Link] = set()
    for index in range(len(envelopes) - 1, -1, -1):
        parsed = envelopes[index]
        if parsed is None:
            continue
        header = parsed.header
        if (header.author, header.author_seq, parsed.hash) in vouched:
            verified: VerifiedEnvelope | None = _vouched(parsed)
        else:
            verified = _verified_alone(parsed, signing_key)
        if verified is None:
            continue
        result[index] = verified
        if header.author_seq > 1:
            vouched.add((header.author, header.author_seq - 1, header.author_prev))
    return result


def _vouched(parsed: ParsedEnvelope) -> VerifiedEnvelope:
    # Authentic through the hash link a verified successor signed; see the module docstring.
    return parsed.verified()


def _verified_alone(parsed: ParsedEnvelope, signing_key: SigningKey) -> VerifiedEnvelope | None:
    public = signing_key(parsed.header.author)
    if public is None:
        return None
    try:
        return verify_signature(parsed, public)
    except BadSignature:
        return None
