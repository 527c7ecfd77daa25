"""The gateway sender keys a desk holds, and the events waiting for theirs (security.md 2.12).

PURE. Keys are looked up by (author, key id) only: one gateway's key never opens another's
events. A type-7 event whose key has not arrived is parked here (authentic and in its author's
order already) until the type-6 envelope comes; the hub can only delay it, never change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.crypto.envelope import VerifiedEnvelope
from app.crypto.sender_key import SenderKey
from app.domain.frozen import quick_init
from app.domain.ids import DeviceId

MAX_PARKED = 10_000
"""Events waiting for a key, at most (the gateway's bound on events per key); beyond that an
event is stored unread, as any authentic envelope this desk cannot open."""

KeyName = tuple[DeviceId, bytes]
"""(author, key id)."""


@quick_init
@dataclass(frozen=True, slots=True)
class Parked:
    """An authentic, in-order type-7 record waiting for its sender key."""

    seq: int
    subject: str
    data: bytes
    verified: VerifiedEnvelope = field(repr=False)
    notice: tuple[str, int] | None
    """What its author-chain check reported when it came (a gap, a late record)."""


@dataclass
class SenderKeys:
    """Opened sender keys by (author, key id), and the events parked for missing ones."""

    keys: dict[KeyName, SenderKey] = field(default_factory=dict, repr=False)
    parked: dict[KeyName, list[Parked]] = field(default_factory=dict, repr=False)

    def add(self, key: SenderKey) -> bool:
        """Hold `key`; False if its id is held with other key bytes (the first one stays)."""
        held = self.keys.setdefault((key.author, key.key_id), key)
        return held == key

    def restore(self, keys: Iterable[SenderKey]) -> None:
        """The keys the replica kept (at start-up)."""
        for key in keys:
            self.add(key)

    def get(self, author: DeviceId, key_id: bytes) -> SenderKey | None:
        return self.keys.get((author, key_id))

    @property
    def parked_count(self) -> int:
        return sum(len(waiting) for waiting in self.parked.values())

    def park(self, author: DeviceId, key_id: bytes, record: Parked) -> bool:
        """Keep `record` until its key arrives; False when MAX_PARKED already wait."""
        if self.parked_count >= MAX_PARKED:
            return False
        self.parked.setdefault((author, key_id), []).append(record)
        return True

    def release(self, author: DeviceId, key_id: bytes) -> list[Parked]:
        """The records that waited for this key, in the order they came."""
        return self.parked.pop((author, key_id), [])
