"""The gateway state's small values as one batch of customer messages sees them: read in one
go, changed in memory, written in one transaction before anything they decided is sent.

The automatic answers (`auto_replies`, `menu_replies`) look up and record a few values per
customer message. One at a time, each record was a transaction with its own disk flush on the
state's thread, which the author chain's reservations share: at 2,000 webhooks a second the
answers took about a fifth of the gateway's time. A batch keeps the rule that mattered, the
record on disk BEFORE the send is queued, for all of its messages at once.

A batch that queues no send (most of them: no business hours, no menu, or nothing due) guards
nothing yet, so its records are only noted: they ride with the state's next transaction, no
flush of their own (`GatewayState.note_meta_many`). A crash can lose them, at most those of the
last moment's messages that sent nothing: a customer's "seen" mark when their first message
got no greeting, and the menu's last message time when a message got no menu. Harmless, as
each send stays guarded by its own key, written before it (`auto-sent:`, `menu-sent:`, in a
batch that queued a send and so was flushed): no answer ever goes out twice. At worst a later
message is decided from the older records: the next message counts as the customer's first
again and may get the greeting (once, their first got none), or it is measured from the
message before the lost one and may get a menu as if it opened a new conversation (once for
that message's window key). Away messages read neither record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from app.gateway.state import GatewayState
from app.log.events import CustomerMessage

__all__ = ["Answerer", "MetaBatch", "Send"]

Send = Callable[[], None]
"""Queues one decided answer; called only once the batch's records are on disk."""


class MetaBatch:
    """Reads through to the state, keeps writes until `commit`."""

    def __init__(self, state: GatewayState) -> None:
        self._state = state
        self._read: dict[str, bytes | None] = {}
        self._written: dict[str, bytes] = {}
        self.sends: list[Send] = []
        """The answers decided in this batch, in order, to queue after `commit`."""

    async def load(self, keys: Iterable[str]) -> None:
        """Read `keys` in one go (those the state does not hold in memory)."""
        self._read.update(await self._state.meta_many(keys))

    async def get(self, key: str) -> bytes | None:
        """The value as this batch left it."""
        if key in self._written:
            return self._written[key]
        if key not in self._read:
            self._read[key] = await self._state.meta(key)
        return self._read[key]

    def put(self, key: str, value: bytes) -> None:
        """Record `value` with the batch's commit."""
        self._written[key] = value

    async def commit(self) -> None:
        """Write what the batch recorded (one transaction), then queue its sends in order.

        A batch that queues nothing only notes its records (`GatewayState.note_meta_many`):
        they reach the disk with the state's next transaction, no flush of their own.

        Raises:
            OSError, sqlite3.Error: Nothing was recorded, so nothing is sent.
        """
        if self.sends:
            await self._state.save_meta_many(self._written)
        else:
            self._state.note_meta_many(self._written)
        self._written = {}
        sends, self.sends = self.sends, []
        for send in sends:
            send()


class Answerer(Protocol):
    """What else answers customer messages in the same batch (the menu, after the greeting)."""

    def keys(self, messages: Sequence[CustomerMessage]) -> list[str]:
        """The values `decide` will read for these messages, to `load` at once."""
        ...

    async def decide(self, message: CustomerMessage, batch: MetaBatch) -> object:
        """Decide for `message`; records and sends go with `batch`."""
        ...
