"""Small keyed state: meta values, this device's identity, the cursor, heads, chain, seeds and
gateways' sender keys."""

from __future__ import annotations

from app.crypto.sender_key import SenderKey
from app.domain.ids import DeviceId, EventId
from app.store.db import Tx

RESERVED_PREFIX = "replica."
"""Meta keys the store itself owns (the replica marker); `set_meta` refuses them."""

_SQL_GET_META = "SELECT value FROM meta WHERE key = ?"
_SQL_SET_META = (
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
_SQL_GET_IDENTITY = "SELECT blob FROM identity WHERE id = 1"
_SQL_SET_IDENTITY = (
    "INSERT INTO identity (id, blob) VALUES (1, ?) "
    "ON CONFLICT (id) DO UPDATE SET blob = excluded.blob"
)
_SQL_CURSOR = "SELECT cursor FROM sync_state WHERE id = 1"
_SQL_HAS_EVENT = "SELECT 1 FROM events WHERE event_id = ?"
_SQL_HEADS = "SELECT author, seq, hash FROM author_heads"
_SQL_LINKS = "SELECT link FROM chain_links ORDER BY seqno"
_SQL_SEEDS = "SELECT epoch, seed FROM seeds ORDER BY epoch"
# A seed never changes once known (it is committed to in the chain); re-saving is a no-op.
_SQL_SAVE_SEED = "INSERT INTO seeds (epoch, seed) VALUES (?, ?) ON CONFLICT (epoch) DO NOTHING"
_SQL_SENDER_KEYS = "SELECT author, key_id, epoch, key FROM sender_keys"
# The first key under an id stays (security.md 2.12): the reader refuses a second one anyway.
_SQL_SAVE_SENDER_KEY = (
    "INSERT INTO sender_keys (author, key_id, epoch, key) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (author, key_id) DO NOTHING"
)


def check_meta_key(key: str) -> None:
    if not key or key.startswith(RESERVED_PREFIX):
        raise ValueError(f"meta key {key!r} is empty or reserved for the store")


async def get_meta(tx: Tx, key: str) -> bytes | None:
    value = await tx.fetchval(_SQL_GET_META, (key,))
    return None if value is None else bytes(value)


async def set_meta(tx: Tx, key: str, value: bytes) -> None:
    check_meta_key(key)
    await tx.execute(_SQL_SET_META, (key, bytes(value)))


async def load_identity(tx: Tx) -> bytes | None:
    value = await tx.fetchval(_SQL_GET_IDENTITY)
    return None if value is None else bytes(value)


async def save_identity(tx: Tx, blob: bytes) -> None:
    await tx.execute(_SQL_SET_IDENTITY, (bytes(blob),))


async def cursor(tx: Tx) -> int:
    return int(await tx.fetchval(_SQL_CURSOR))


async def has_event(tx: Tx, event_id: EventId) -> bool:
    return await tx.fetchone(_SQL_HAS_EVENT, (event_id,)) is not None


async def event_seq(tx: Tx, event_id: EventId) -> int | None:
    row = await tx.fetchone(_SQL_EVENT_SEQ, (event_id,))
    return None if row is None else int(row[0])


async def subject_seq(tx: Tx, subject: str) -> int:
    row = await tx.fetchone(_SQL_SUBJECT_SEQ, (subject,))
    return 0 if row is None or row[0] is None else int(row[0])


async def others_wrote_after(tx: Tx, subject: str, after: int, me: DeviceId) -> bool:
    return await tx.fetchone(_SQL_OTHERS_AFTER, (subject, after, me)) is not None


_SQL_EVENT_SEQ = "SELECT stream_seq FROM events WHERE event_id = ?"
# A record after the guard that another device wrote (events_by_subject walks the range).
_SQL_OTHERS_AFTER = (
    "SELECT 1 FROM events WHERE subject = ? AND stream_seq > ? AND guard_neutral = 0 "
    "AND author != ? LIMIT 1"
)
# The newest record that guards the conversation: private notes on the subject do not (they
# never make an agent's view stale); the index on (subject, stream_seq) is walked backwards.
_SQL_SUBJECT_SEQ = (
    "SELECT stream_seq FROM events WHERE subject = ? AND guard_neutral = 0 "
    "ORDER BY stream_seq DESC LIMIT 1"
)


async def author_heads(tx: Tx) -> dict[DeviceId, tuple[int, bytes]]:
    rows = await tx.fetchall(_SQL_HEADS)
    return {DeviceId(bytes(r[0])): (int(r[1]), bytes(r[2])) for r in rows}


async def chain_links(tx: Tx) -> list[bytes]:
    return [bytes(r[0]) for r in await tx.fetchall(_SQL_LINKS)]


async def seeds(tx: Tx) -> dict[int, bytes]:
    return {int(r[0]): bytes(r[1]) for r in await tx.fetchall(_SQL_SEEDS)}


async def save_seed(tx: Tx, epoch: int, seed: bytes) -> bool:
    """Store an epoch's seed; False if that epoch already had one (which is kept)."""
    return await tx.execute(_SQL_SAVE_SEED, (epoch, bytes(seed))) > 0


async def sender_keys(tx: Tx) -> list[SenderKey]:
    rows = await tx.fetchall(_SQL_SENDER_KEYS)
    return [SenderKey(DeviceId(bytes(r[0])), bytes(r[1]), int(r[2]), bytes(r[3])) for r in rows]


async def save_sender_key(tx: Tx, key: SenderKey) -> bool:
    """Store a gateway's sender key; False if its id was stored before (that one is kept)."""
    params = (bytes(key.author), bytes(key.key_id), key.epoch, bytes(key.key))
    return await tx.execute(_SQL_SAVE_SENDER_KEY, params) > 0
