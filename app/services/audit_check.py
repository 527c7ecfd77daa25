"""Checking audit entries against the team chain: the records' own signatures, again.

The sync verified every record when it arrived and the reader validated every chain link; what
this adds is a check of what the replica holds *now*, on request, for the entries a person is
looking at: a record changed in the file since (by anyone with its key) no longer verifies
under the key the chain gives its author. Runs on a worker thread (Ed25519, ~50 µs each).
"""

from __future__ import annotations

from collections.abc import Iterable

from app.crypto.chain.links import AddDevice, InviteCreate, InviteRevoke, RemoveDevice, parse_link
from app.crypto.chain.state import ChainState
from app.crypto.envelope import envelope_hash, parse_envelope, verify_signature
from app.crypto.errors import BadSignature, ChainInvalid, Malformed
from app.crypto.primitives import ed25519_verify
from app.domain.audit import AuditAction, AuditEntry, Verification
from app.store.audit_rows import StoredEnvelope


def chain_entry(seq: int, raw: bytes) -> AuditEntry | None:
    """The action a stored team-chain link records, or None (founding, a plain rotation)."""
    try:
        link = parse_link(raw)
    except ChainInvalid:
        return None
    actor, at, payload = link.signer, link.created_at, link.payload
    match payload:
        case InviteCreate():
            return AuditEntry(
                seq, at, actor, AuditAction.INVITED, detail=int(payload.role), in_chain=True
            )
        case AddDevice():
            return AuditEntry(
                seq,
                at,
                actor,
                AuditAction.ADDED,
                target=payload.device_id,
                in_chain=True,
                detail=int(payload.role),
            )
        case RemoveDevice():
            return AuditEntry(
                seq,
                at,
                actor,
                AuditAction.REMOVED,
                target=payload.removed[0],
                in_chain=True,
                detail=len(payload.removed),
            )
        case InviteRevoke():
            return AuditEntry(seq, at, actor, AuditAction.INVITE_CANCELLED, in_chain=True)
    return None


def check_envelope(stored: StoredEnvelope, chain: ChainState) -> Verification:
    """Whether a stored record is still the one its author signed and the sync stored."""
    device = chain.devices.get(stored.author)
    if device is None or envelope_hash(stored.envelope) != stored.envelope_hash:
        return Verification.FAILED
    try:
        parsed = parse_envelope(stored.envelope, team_id=chain.team_id)
        if (parsed.header.author, parsed.header.author_seq) != (stored.author, stored.author_seq):
            return Verification.FAILED
        verify_signature(parsed, device.keys.sig)
    except (Malformed, BadSignature, ValueError):
        return Verification.FAILED
    return Verification.VERIFIED


def check_link(raw: bytes, chain: ChainState) -> Verification:
    """Whether a stored chain link still carries its admin's signature."""
    try:
        link = parse_link(raw)
    except ChainInvalid:
        return Verification.FAILED
    signer = chain.devices.get(link.signer)
    if signer is None or link.team_id != chain.team_id:
        return Verification.FAILED
    ok = ed25519_verify(signer.keys.sig, link.signature, link.signature_input())
    return Verification.VERIFIED if ok else Verification.FAILED


def check_all(
    entries: Iterable[AuditEntry],
    envelopes: list[StoredEnvelope],
    links: dict[int, bytes],
    chain: ChainState,
) -> dict[int, Verification]:
    """Each entry's verdict by stream sequence; an entry whose record is gone FAILED."""
    by_seq = {e.seq: e for e in envelopes}
    found: dict[int, Verification] = {}
    for entry in entries:
        if entry.in_chain:
            raw = links.get(entry.seq)
            found[entry.seq] = Verification.FAILED if raw is None else check_link(raw, chain)
        else:
            stored = by_seq.get(entry.seq)
            ok = stored is not None and stored.author == entry.actor
            found[entry.seq] = (
                check_envelope(stored, chain) if ok and stored else Verification.FAILED
            )
    return found
