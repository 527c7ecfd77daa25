"""What one event kind brings to the log: its type, its wire encoding and its fold.

Every kind module in `app.log.kinds` ends with one `KindSpec`; `app.log.registry` lists them.
The codec, the batch loader and the fold ask the registry instead of testing types, so a new
kind is one module plus one line there (and its tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from app.crypto.encoding import Reader, Writer
from app.crypto.errors import DecodeError
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import ConversationId
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome

MAX_ID = 256
"""Bytes of a wamid, a customer id or a phone number on the wire."""

E = TypeVar("E")


def read_flag(r: Reader) -> bool:
    """A boolean byte: 0 or 1, anything else is not canonical."""
    value = r.u8()
    if value > 1:
        raise DecodeError("value")
    return value == 1


def no_keys(keys: Keys, record: AppliedRecord, event: Any) -> None:
    """For kinds whose fold reads no stored rows."""


class ConversationEvent(Protocol):
    """A member event that names its conversation."""

    @property
    def conversation_id(self) -> ConversationId: ...


def conversation_keys(keys: Keys, record: AppliedRecord, event: ConversationEvent) -> None:
    """The conversation a member event names, and the record's own message row (our pending
    reply, or a line the event writes)."""
    keys.conversations.add(event.conversation_id)
    keys.messages.add(record.event_id)


def anyone(event: Any) -> bool:
    """For kinds every agent may write."""
    return False


def stored_only(state: BatchState, record: AppliedRecord, event: Any) -> Outcome:
    """For kinds desks keep but do not apply (sealed to the gateway, say)."""
    return Outcome.STORED


@dataclass(frozen=True, slots=True)
class KindSpec(Generic[E]):
    """One event kind, as the codec, the batch loader and the fold use it."""

    code: EventKind
    """The `kind` byte of the plaintext: wire format, never renumbered."""
    event_type: type[E]
    write: Callable[[Writer, E], None]
    """The body's fields in a fixed order (the strict canonical codec)."""
    read: Callable[[Reader], E]
    """The inverse of `write`; raises `DecodeError` on anything non-canonical."""
    fold: Callable[[BatchState, AppliedRecord, E], Outcome] = stored_only
    """How a record of this kind changes the replica's rows in a batch (no I/O)."""
    keys: Callable[[Keys, AppliedRecord, E], None] = no_keys
    """Which stored rows `fold` may read: the batch loads them before folding."""
    envelope: EventType = EventType.MEMBER
    """The only envelope type that may carry it: a gateway event is the gateway's to say, a
    request is sealed to the gateway, the rest are the agents' (`check_envelope`)."""
    guard_neutral: bool = False
    """Published on a conversation's subject without making an agent's view of it stale (a
    private note): claims and replies decided before it still go through."""
    admin_only: Callable[[E], bool] = anyone
    """Whether this event is an admin's to write: the reader stores one from anyone else
    without applying it (`check_role`). A device's role never changes, so every desk agrees."""
