"""The gateway's side of the team log: validate the chain, seal events, open requests.

The gateway holds no seed: it reads the chain only to learn `D[n]` (which it seals inbound
events to) and who may ask it to send, both validated back to the pinned team fingerprint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.crypto import envelope as env
from app.crypto.chain.state import ChainState
from app.crypto.header import ZERO_HASH, EventType, HeaderFields
from app.crypto.keys import DeviceKeys
from app.domain.errors import EnvelopeRejected
from app.domain.events import GatewayEvent, OutboundRequest
from app.domain.ids import NO_CONVERSATION, DeviceId, EventId
from app.domain.model import Role
from app.sync import codec
from app.sync.protocol import author_entry

_REQUESTERS = frozenset({Role.ADMIN, Role.MEMBER})


@dataclass(frozen=True, slots=True)
class OpenedRequest:
    """A verified outbound request and who made it."""

    request: OutboundRequest
    author: DeviceId
    event_id: EventId


class GatewayLog:
    """Chain state plus the gateway's own author chain on the inbound subject."""

    def __init__(self, keys: DeviceKeys, chain: ChainState) -> None:
        self.keys = keys
        self.chain = chain
        self._next_seq = 1
        self._prev = ZERO_HASH

    @property
    def enrolled(self) -> bool:
        """Whether the validated chain already lists this gateway (it may seal only then)."""
        return self.chain.is_active(self.keys.device_id, self.chain.head_seqno)

    def apply_link(self, data: bytes) -> None:
        """Validate the next chain link (raises ChainInvalid; state unchanged then)."""
        self.chain = self.chain.apply(data)

    def resume_after(self, last_own_envelope: bytes | None) -> None:
        """Continue the author chain after the gateway's newest envelope in the log."""
        if last_own_envelope is None:
            self._next_seq, self._prev = 1, ZERO_HASH
            return
        parsed = env.parse_envelope(last_own_envelope, team_id=self.chain.team_id)
        if parsed.header.author != self.keys.device_id:
            raise EnvelopeRejected("inbound subject has another author")
        # The server hands us this record: trust its numbers only if we signed it.
        header = env.verify_signature(parsed, self.keys.public().sig).header
        self._next_seq = header.author_seq + 1
        self._prev = env.envelope_hash(last_own_envelope)

    def seal(self, event: GatewayEvent, now: int, rng_id: bytes | None = None) -> bytes:
        """Seal a gateway event to the current epoch's `D[n]`, next in the author chain."""
        n = self.chain.epoch
        inbound_public, _ = self.chain.epoch_public(n)
        fields = HeaderFields(
            team_id=self.chain.team_id,
            epoch=n,
            event_id=EventId(rng_id or os.urandom(16)),
            author_seq=self._next_seq,
            author_prev=self._prev,
            chain_seqno=self.chain.head_seqno,
            chain_head_hash=self.chain.head_hash,
        )
        return env.seal_to_public(
            event_type=EventType.GATEWAY,
            fields=fields,
            recipient_public=inbound_public,
            plaintext=codec.encode(event, NO_CONVERSATION, now),
            signer=self.keys,
        )

    def published(self, data: bytes) -> None:
        """The hub stored `data`; the next envelope follows it."""
        self._next_seq += 1
        self._prev = env.envelope_hash(data)

    def open_request(self, data: bytes) -> OpenedRequest:
        """Verify and open a type-3 request (crypto.md §3.9 step 2).

        Raises:
            EnvelopeRejected: Not a request, an author who may not ask, a bad signature,
                or it does not open with this gateway's key.
        """
        parsed = env.parse_envelope(data, team_id=self.chain.team_id)
        header = parsed.header
        if header.event_type != EventType.OUTBOUND:
            raise EnvelopeRejected("type")
        entry = author_entry(self.chain, header.author, header.chain_seqno)
        # Active when the request was made and still active now: a removed device cannot send.
        if entry.role not in _REQUESTERS or not entry.active:
            raise EnvelopeRejected("requester")
        verified = env.verify_signature(parsed, entry.keys.sig)
        plain = codec.decode(env.open_sealed(verified, self.keys.kem))
        if not isinstance(plain.event, OutboundRequest):
            raise EnvelopeRejected("kind")
        return OpenedRequest(plain.event, header.author, header.event_id)
