"""Typed identifiers. Raw ids are bytes; hex forms are for logs, subjects and storage keys."""

from __future__ import annotations

from typing import NewType

TeamId = NewType("TeamId", bytes)
"""16 random bytes naming a team; hex appears in NATS subjects."""

DeviceId = NewType("DeviceId", bytes)
"""H(device_sig public)[0:16] (crypto.md §3.1)."""

EventId = NewType("EventId", bytes)
"""16 random bytes per event; also the JetStream `Nats-Msg-Id`."""

ConversationId = NewType("ConversationId", bytes)
"""16 bytes, derived per customer from the team's subject key, so every desk agrees on it."""

CustomerId = NewType("CustomerId", str)
"""The customer's business-scoped user id (BSUID, `CC.<alnum>`): conversations key on it."""

Wamid = NewType("Wamid", str)
"""A Cloud API message id (`wamid.…`)."""

ID_LEN = 16
NO_CONVERSATION = ConversationId(bytes(ID_LEN))
"""Gateway events do not know the conversation id; desks derive it on apply."""


def short(raw: bytes) -> str:
    """A short hex prefix of an id, safe for logs."""
    return raw.hex()[:8]
