"""The gateway's side of the team log: validate the chain, seal events, open requests.

The gateway holds no seed: it reads the chain only to learn `D[n]` (which it seals inbound
events to) and who may ask it to send, both validated back to the pinned team fingerprint.

Events go out under a sender key (security.md 2.12): one type-6 envelope seals a fresh key to
`D[n]`, then each event is a type-7 envelope under it (an AEAD, no public-key work). A new key
is due at start, on every epoch change, after SENDER_KEY_EVENTS events and after
SENDER_KEY_SECONDS; the caller publishes `seal_sender_key()` whenever `needs_sender_key()`
says so. Until a key is published, `seal` falls back to one HPKE per event (type 2).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.crypto import envelope as env
from app.crypto.chain.state import ChainState
from app.crypto.header import ZERO_HASH, EventType, HeaderFields
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import NONCE_LEN
from app.crypto.sender_key import SenderKey, new_sender_key, seal_sender_key
from app.domain.errors import EnvelopeRejected
from app.domain.ids import (
    EVENT_ID_RANDOM_LEN,
    NO_CONVERSATION,
    DeviceId,
    EventId,
    time_ordered_event_id,
)
from app.domain.model import Role
from app.gateway.keyed_seal import KeyedSealer
from app.gateway.own_chain import Attack, OwnRecord, classify
from app.log.events import (
    ApiToken,
    GatewayEvent,
    GatewaySettings,
    OutboundRequest,
    PhoneSyncRequest,
    TemplateDraft,
)
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.sync import codec
from app.sync.protocol import author_entry

SENDER_KEY_EVENTS = 10_000
"""Events under one sender key at most."""
SENDER_KEY_SECONDS = 3600
"""Age of a sender key at most, by the gateway's clock."""

_REQUESTERS = frozenset({Role.ADMIN, Role.MEMBER})
_SETTINGS_AUTHORS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class OpenedRequest:
    """A verified outbound request and who made it."""

    request: OutboundRequest
    author: DeviceId
    event_id: EventId
    author_seq: int = 0
    """The request's place in its author's chain: a re-published old request is behind."""
    issued_at: int = 0
    """The requester's clock when sealing it (signed inside the envelope): how old it is."""


@dataclass(frozen=True, slots=True)
class OpenedSettings:
    """Verified number settings from an admin who is active now and was when sending them."""

    settings: GatewaySettings
    author: DeviceId
    event_id: EventId
    issued_at: int
    """The admin's clock when sending (signed inside the envelope): newer settings win."""


@dataclass(frozen=True, slots=True)
class OpenedTemplateRequest:
    """A verified request to create a template, from an admin active now and when sending."""

    draft: TemplateDraft
    author: DeviceId
    event_id: EventId


@dataclass(frozen=True, slots=True)
class OpenedApiToken:
    """A back-office token granted or revoked by an admin active now and when sending."""

    token: ApiToken
    author: DeviceId
    event_id: EventId


@dataclass(frozen=True, slots=True)
class OpenedSyncRequest:
    """A verified request for the phone's data, from an admin active now and when sending."""

    request: PhoneSyncRequest
    author: DeviceId
    event_id: EventId


@dataclass(frozen=True, slots=True)
class OpenedBusinessHours:
    """The team's business hours, from an admin active now and when sending."""

    hours: BusinessHoursSet
    author: DeviceId
    event_id: EventId


@dataclass(frozen=True, slots=True)
class OpenedMenu:
    """The team's menu, from an admin active now and when sending."""

    menu: MenuSet
    author: DeviceId
    event_id: EventId


Opened = (
    OpenedRequest
    | OpenedSettings
    | OpenedTemplateRequest
    | OpenedApiToken
    | OpenedSyncRequest
    | OpenedBusinessHours
    | OpenedMenu
)
"""Any verified type-3 request."""


_ADMIN_REFUSALS: dict[type, str] = {
    TemplateDraft: "template-author",
    ApiToken: "token-author",
    PhoneSyncRequest: "sync-author",
    BusinessHoursSet: "hours-author",
    MenuSet: "menu-author",
}
"""What refuses each admin-only request from anyone else (the words the log shows)."""


def _admin_request(event: object, author: DeviceId, event_id: EventId) -> Opened:
    """An admin's request, opened; any other kind is refused."""
    if isinstance(event, TemplateDraft):
        return OpenedTemplateRequest(event, author, event_id)
    if isinstance(event, ApiToken):
        return OpenedApiToken(event, author, event_id)
    if isinstance(event, PhoneSyncRequest):
        return OpenedSyncRequest(event, author, event_id)
    if isinstance(event, BusinessHoursSet):
        return OpenedBusinessHours(event, author, event_id)
    if isinstance(event, MenuSet):
        return OpenedMenu(event, author, event_id)
    raise EnvelopeRejected("kind")


class GatewayLog:
    """Chain state plus the gateway's own author chain on the inbound subject."""

    def __init__(self, keys: DeviceKeys, chain: ChainState) -> None:
        self.keys = keys
        self.chain = chain
        self._device_id = keys.device_id
        """Derived once: each webhook asks `enrolled`, and deriving costs a hash."""
        self._next_seq = 1
        self._prev = ZERO_HASH
        self._sender: SenderKey | None = None
        """The published sender key events are sealed under (in memory only)."""
        self._sealer: KeyedSealer | None = None
        """Seals under `_sender`."""
        self._sender_since = 0
        self._sender_uses = 0
        self._offered: tuple[bytes, SenderKey, int] | None = None
        """A sealed type-6 envelope not yet published, its key and when it was made."""

    @property
    def enrolled(self) -> bool:
        """Whether the validated chain already lists this gateway (it may seal only then)."""
        return self.chain.is_active(self._device_id, self.chain.head_seqno)

    def apply_link(self, data: bytes) -> None:
        """Validate the next chain link (raises ChainInvalid; state unchanged then)."""
        self.chain = self.chain.apply(data)

    @property
    def head(self) -> tuple[int, bytes]:
        """(author_seq, envelope hash) of the newest envelope of the gateway's chain; (0,
        zeros) before the first."""
        return self._next_seq - 1, self._prev

    def resume_at(self, author_seq: int, envelope_hash: bytes) -> None:
        """Continue the author chain after the envelope (`author_seq`, `envelope_hash`).

        The sender key is dropped: it may have been sealed in envelopes that are now never
        published, and desks must hold every key an event is sealed under."""
        self._next_seq, self._prev = author_seq + 1, envelope_hash
        self._sender = None
        self._sealer = None
        self._offered = None

    def classify(self, data: bytes) -> OwnRecord | Attack:
        """Whether a record from the hub is this gateway's next envelope (see `own_chain`)."""
        return classify(data, self.keys, self.chain.team_id, self._next_seq, self._prev)

    def needs_sender_key(self, now: int) -> bool:
        """Whether the next event needs a new sender key first: none yet, the epoch changed,
        or the key reached its bound in events or age."""
        key = self._sender
        return (
            key is None
            or key.epoch != self.chain.epoch
            or self._sender_uses >= SENDER_KEY_EVENTS
            or now - self._sender_since >= SENDER_KEY_SECONDS
        )

    def seal_sender_key(self, now: int, rng_id: bytes | None = None) -> bytes:
        """A type-6 envelope with a fresh sender key sealed to the current `D[n]`, next in
        the author chain. Events use the key once `published` has seen this envelope."""
        fields = self._fields(rng_id, now)
        key = new_sender_key(self.keys.device_id, fields.event_id, fields.epoch)
        inbound_public, _ = self.chain.epoch_public(fields.epoch)
        data = seal_sender_key(
            fields=fields, sender_key=key, inbound_public=inbound_public, signer=self.keys
        )
        self._offered = (data, key, now)
        return data

    def seal(self, event: GatewayEvent, now: int, rng_id: bytes | None = None) -> bytes:
        """Seal a gateway event, next in the author chain: under the sender key (type 7) if a
        published one is still good, else to the current epoch's `D[n]` (type 2)."""
        fields = self._fields(rng_id, now)
        plaintext = codec.encode(event, NO_CONVERSATION, now)
        sealer = self._sealer
        if sealer is not None and not self.needs_sender_key(now):
            self._sender_uses += 1
            return sealer.seal(fields, plaintext, os.urandom(NONCE_LEN))
        inbound_public, _ = self.chain.epoch_public(fields.epoch)
        return env.seal_to_public(
            event_type=EventType.GATEWAY,
            fields=fields,
            recipient_public=inbound_public,
            plaintext=plaintext,
            signer=self.keys,
        )

    def _fields(self, rng_id: bytes | None, now: int) -> HeaderFields:
        event_id = rng_id or time_ordered_event_id(now * 1000, os.urandom(EVENT_ID_RANDOM_LEN))
        return HeaderFields(
            team_id=self.chain.team_id,
            epoch=self.chain.epoch,
            event_id=EventId(event_id),
            author_seq=self._next_seq,
            author_prev=self._prev,
            chain_seqno=self.chain.head_seqno,
            chain_head_hash=self.chain.head_hash,
        )

    def published(self, data: bytes) -> None:
        """The hub stored `data`; the next envelope follows it (and a sender key it carried
        is the one events use from now on)."""
        self._next_seq += 1
        self._prev = env.envelope_hash(data)
        if self._offered is not None and self._offered[0] == data:
            _, self._sender, self._sender_since = self._offered
            self._sealer = KeyedSealer(self._sender, self.keys, self.chain.team_id)
            self._sender_uses = 0
            self._offered = None

    def open_request(self, data: bytes) -> OpenedRequest:
        """Verify and open a type-3 request to send a reply (crypto.md §3.9 step 2).

        Raises:
            EnvelopeRejected: Not a reply request, an author who may not ask, a bad
                signature, or it does not open with this gateway's key.
        """
        opened = self.open_outbound(data)
        if not isinstance(opened, OpenedRequest):
            raise EnvelopeRejected("kind")
        return opened

    def open_outbound(self, data: bytes) -> Opened:
        """Verify and open any type-3 envelope: a reply to send (from an active member or
        admin), or number settings (from an active admin only; team-setup.md §5).

        Raises:
            EnvelopeRejected: Not type 3, an author who may not ask for this, a bad signature,
                another kind, or it does not open with this gateway's key.
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
        event = plain.event
        if isinstance(event, OutboundRequest):
            return OpenedRequest(
                event, header.author, header.event_id, header.author_seq, plain.author_time
            )
        if isinstance(event, GatewaySettings):
            # Roles never change on the chain; a removed admin failed `active` above.
            if entry.role not in _SETTINGS_AUTHORS:
                raise EnvelopeRejected("settings-author")
            return OpenedSettings(event, header.author, header.event_id, plain.author_time)
        if entry.role not in _SETTINGS_AUTHORS:
            raise EnvelopeRejected(_ADMIN_REFUSALS.get(type(event), "kind"))
        return _admin_request(event, header.author, header.event_id)
