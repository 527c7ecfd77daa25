"""Presence notes on the hub: the ephemeral subject, the channel Protocol, sealing and opening.

PURE. Notes go out by a core NATS publish on `sb.<team>.presence`, which no stream stores: the
hub forwards them to whoever listens and keeps nothing. Only admin and member devices may
publish or listen there (`app.hub.users`). A note is sealed under the current epoch's presence
key and signed by its author (`app.crypto.presence`); `PresenceCodec.open` accepts only notes
of an active staff device of this team, checked against the validated chain.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Protocol

from app.crypto.presence import open_note, parse_note, seal_note
from app.crypto.primitives import Rng
from app.domain.errors import EnvelopeRejected
from app.domain.ids import ConversationId, DeviceId
from app.domain.model import Role
from app.domain.presence import Activity, PresenceNote
from app.sync.protocol import LogReader

__all__ = ["Ephemeral", "OnMessage", "PresenceCodec", "presence_subject"]

OnMessage = Callable[[bytes], None]
"""Receives one message's bytes; runs on the event loop, so it must not block."""

_STAFF = frozenset({Role.ADMIN, Role.MEMBER})


def presence_subject(team_hex: str) -> str:
    """The team's presence subject. It carries no conversation tag: the hub must not even
    learn which conversation subject the viewers share."""
    return f"sb.{team_hex}.presence"


class Ephemeral(Protocol):
    """Fire-and-forget messages beside the log: nothing is stored, late listeners miss them."""

    async def broadcast(self, subject: str, data: bytes) -> None:
        """Send `data` to every current listener of `subject`.

        Raises:
            TransportError: The hub connection is closed or refused the message.
        """
        ...

    async def listen(self, subject: str, on_message: OnMessage) -> Callable[[], Awaitable[None]]:
        """Call `on_message` with each message on `subject` from now on; returns a stopper.

        Raises:
            TransportError: The hub refused the subscription.
        """
        ...


class PresenceCodec:
    """Seals this device's notes and opens its colleagues', against the desk's validated chain.

    It reads the `LogReader`'s chain and keyring each time, so a rotation or a removal counts
    from the moment the desk has applied it.
    """

    def __init__(self, reader: LogReader, rng: Rng = os.urandom) -> None:
        self._reader = reader
        self._rng = rng

    @property
    def subject(self) -> str:
        return presence_subject(self._reader.keyring.team_id.hex())

    def seal(
        self, conversation_id: ConversationId | None, activity: Activity, now: float
    ) -> bytes | None:
        """A note for the current epoch, or None while this desk holds no seed for it."""
        epoch = self._reader.keyring.epochs.get(self._reader.chain.epoch)
        if epoch is None:
            return None
        return seal_note(
            conversation_id=conversation_id,
            activity=activity,
            sent_at=now,
            epoch=epoch,
            signer=self._reader.me,
            rng=self._rng,
        )

    def is_staff(self, device: DeviceId) -> bool:
        """Whether `device` is an active admin or member of the chain as this desk knows it."""
        entry = self._reader.chain.devices.get(device)
        return entry is not None and entry.active and entry.role in _STAFF

    def open(self, data: bytes) -> PresenceNote:
        """Check and open a received note.

        Raises:
            EnvelopeRejected: Malformed, another team, an author who is not an active staff
                device, a bad signature, or an epoch this desk holds no seed for.
        """
        parsed = parse_note(data)
        if parsed.team_id != self._reader.keyring.team_id:
            raise EnvelopeRejected("team")
        entry = self._reader.chain.devices.get(parsed.author)
        if entry is None or not self.is_staff(parsed.author):
            raise EnvelopeRejected("author")
        epoch = self._reader.keyring.epochs.get(parsed.epoch)
        if epoch is None:
            raise EnvelopeRejected("epoch")
        return open_note(parsed, entry.keys.sig, epoch)
