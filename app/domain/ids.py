"""Typed identifiers. Raw ids are bytes; hex forms are for logs, subjects and storage keys."""

from __future__ import annotations

from typing import NewType

TeamId = NewType("TeamId", bytes)
"""16 random bytes naming a team; hex appears in NATS subjects."""

DeviceId = NewType("DeviceId", bytes)
"""H(device_sig public)[0:16] (crypto.md §3.1)."""

EventId = NewType("EventId", bytes)
"""16 bytes per event, unique (random, or `time_ordered_event_id`); also the JetStream
`Nats-Msg-Id`."""

ConversationId = NewType("ConversationId", bytes)
"""16 bytes, derived per customer from the team's subject key, so every desk agrees on it."""

CustomerId = NewType("CustomerId", str)
"""The customer's business-scoped user id (BSUID, `CC.<alnum>`): conversations key on it."""

Wamid = NewType("Wamid", str)
"""A Cloud API message id (`wamid.…`)."""

ID_LEN = 16
NO_CONVERSATION = ConversationId(bytes(ID_LEN))
"""Gateway events do not know the conversation id; desks derive it on apply."""


EVENT_ID_RANDOM_LEN = 10
"""The random bytes of a time-ordered event id: 80 bits among the ids of one millisecond."""


def time_ordered_event_id(unix_ms: int, entropy: bytes) -> EventId:
    """An event id: the author's clock in milliseconds (6 bytes, big-endian), then 10 random
    bytes.

    Why: every replica keeps unique B-tree indexes on event ids (the events and the messages).
    Random ids put each new message on a leaf page of its own in both, so a desk's commit of
    20 live messages wrote about 32 of its ~103 pages for them, and SQLCipher encrypts and
    authenticates every page it writes (about 20 % of the desk's SQLite time a message).
    Ids that grow with the clock land on the indexes' last pages. Uniqueness, which the
    per-event key needs (security.md, "Per-event keys"), rests on the 80 random bits among the
    ids of one millisecond; the clock only orders, so a clock set back costs locality, never
    safety.

    Args:
        unix_ms: The author's clock, milliseconds since 1970 (reduced modulo 2**48).
        entropy: `EVENT_ID_RANDOM_LEN` fresh random bytes.
    """
    if len(entropy) != EVENT_ID_RANDOM_LEN:
        raise ValueError(f"an event id takes {EVENT_ID_RANDOM_LEN} random bytes")
    return EventId((unix_ms % (1 << 48)).to_bytes(6, "big") + entropy)


def short(raw: bytes) -> str:
    """A short hex form of an id, safe for logs: its last 4 bytes, which are random in every
    id (a time-ordered event id starts with its author's clock, the same for a minute)."""
    return raw.hex()[-8:]
