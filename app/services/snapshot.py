"""Fast start for a new device (security.md 2.12 part 4): offering a snapshot, starting from one.

The admin's desk that approves a newcomer packs what its replica holds (`SnapshotPacker`) just
before it publishes the `add_device` link, so the offer arrives with the join's completion or
not at all. The newcomer (`start_from_snapshot`) opens the offer only from an active admin or
member of the chain it validated from the fingerprint its SAS covered, and feeds the pack to a
`SyncEngine` with a fresh `LogReader`: every record passes the checks a replay makes and is
applied by the same path. Whatever goes wrong (a bad offer, a missing or altered object, a
record refused, a gap, a stall) is logged by reason code and the caller replays from
sequence 1 instead: a snapshot costs time, never integrity.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass

from app.crypto.chain.state import ChainState
from app.crypto.header import ZERO_HASH, HeaderFields
from app.crypto.keys import DevicePublic
from app.crypto.primitives import Rng
from app.crypto.snapshot import open_offer, seal_offer
from app.domain.errors import EnvelopeRejected
from app.domain.ids import EventId
from app.domain.model import HubIntegrity
from app.services.identity import DeskIdentity
from app.store.records import ChangeSet
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.protocol import Keyring, LogReader
from app.sync.snapshot import PackTransport, pack_batches, upload_pack
from app.sync.transport import MediaStore, TransportError

log = logging.getLogger(__name__)

STALL = 60.0
"""Seconds without an applied batch before a snapshot start gives up: a bound on a stall, not
on the pack's size (the wait restarts with every batch)."""


@dataclass(frozen=True, slots=True)
class Packing:
    """What one pack took: the newcomer waits for it."""

    records: int
    up_to: int
    seconds: float
    started: float
    """`time.perf_counter()` when packing began (benches time the whole start from it)."""


class SnapshotPacker:
    """An admin desk's offer to a newcomer: its stored log, packed, stored, sealed to it."""

    def __init__(
        self,
        identity: DeskIdentity,
        replica: Replica,
        engine: SyncEngine,
        store: MediaStore,
        rng: Rng = os.urandom,
    ) -> None:
        self._identity = identity
        self._replica = replica
        self._engine = engine
        self._store = store
        self._rng = rng
        self.last: Packing | None = None
        """The newest pack's figures."""

    async def offer_for(self, newcomer: DevicePublic) -> bytes:
        """Pack everything applied here, store it, and seal the type-5 offer to `newcomer`.

        Raises:
            TransportError: The hub did not take the pack.
        """
        started = time.perf_counter()
        reader = self._engine.reader
        chain, chain_subject = reader.chain, reader.subjects.chain
        up_to = self._engine.applied_seq

        async def page(after: int, limit: int) -> list[tuple[int, str, bytes]]:
            return await self._replica.records_page(after, up_to, chain_subject, limit)

        packed = await upload_pack(self._store, page, up_to, self._rng)
        fields = HeaderFields(
            team_id=chain.team_id,
            epoch=chain.epoch,
            event_id=EventId(self._rng(16)),
            author_seq=1,
            author_prev=ZERO_HASH,
            chain_seqno=chain.head_seqno,
            chain_head_hash=chain.head_hash,
        )
        envelope = seal_offer(
            offer=packed.offer,
            fields=fields,
            recipient_kem=newcomer.kem,
            signer=self._identity.keys,
        )
        seconds = time.perf_counter() - started
        self.last = Packing(packed.records, packed.offer.up_to, seconds, started)
        log.info(
            "snapshot packed: %d records up to stream seq %d in %.1f s",
            packed.records,
            packed.offer.up_to,
            seconds,
        )
        return envelope


@dataclass(frozen=True, slots=True)
class SnapshotStart:
    """How a new device's start from a snapshot went."""

    used: bool
    """True: the replica holds the pack, checked; the desk follows the hub after `up_to`.
    False: the caller must discard what was applied and replay from sequence 1."""
    reason: str | None = None
    """Why not (a reason code, never a payload)."""
    records: int = 0
    up_to: int = 0
    seconds: float = 0.0


async def start_from_snapshot(
    replica: Replica,
    identity: DeskIdentity,
    offer_bytes: bytes,
    chain: ChainState,
    store: MediaStore,
) -> SnapshotStart:
    """Open the offer, then check and apply its pack into `replica` (new, holding the seeds).

    Args:
        replica: The new device's replica: its identity and seeds, nothing of the log yet.
        identity: This device's identity (the fingerprint its SAS covered).
        offer_bytes: The type-5 envelope from the join subject.
        chain: The chain validated while joining: the offer's author must be active in it.
        store: The team's object store, reached with this device's own login.
    """
    started = time.perf_counter()
    try:
        offer = open_offer(offer_bytes, chain=chain, me=identity.keys)
    except EnvelopeRejected as refused:
        return _fallback(f"offer:{refused.reason}", started)
    transport = PackTransport(pack_batches(store, offer), offer.up_to)
    problem, records = await apply_pack(replica, identity, transport)
    if problem is not None:
        return _fallback(problem, started)
    with contextlib.suppress(TransportError):  # used once: the hub need not keep it
        await store.delete(offer.object_name)
    seconds = time.perf_counter() - started
    log.info("started from a snapshot up to stream seq %d in %.1f s", offer.up_to, seconds)
    return SnapshotStart(True, None, records, offer.up_to, seconds)


async def apply_pack(
    replica: Replica, identity: DeskIdentity, transport: PackTransport
) -> tuple[str | None, int]:
    """Check and apply a pack's records into `replica` through a fresh reader, as a replay
    from sequence 1 would. Returns a reason not to use the result (None: it holds), and how
    many records were read. A snapshot from an admin and a restored backup both come here."""
    reader = await _fresh_reader(replica, identity)
    engine = SyncEngine(transport, reader, replica, _ignore)
    await engine.start()
    try:
        problem = await _applied(engine, transport)
    finally:
        await engine.stop()
    follower = transport.follower
    records = 0 if follower is None else follower.last_seq
    return problem or _doubt(engine), records


async def _applied(engine: SyncEngine, transport: PackTransport) -> str | None:
    """Wait until the pack is read and applied; a reason code if it was not."""
    follower = transport.follower
    assert follower is not None  # the engine follows at start
    try:
        await follower.wait()
        await engine.reached(follower.last_seq, within=STALL)
    except EnvelopeRejected as rejected:
        return f"pack:{rejected.reason}"
    except TransportError as err:
        return f"hub:{err.code}"
    except TimeoutError:
        return "stalled"
    except RuntimeError:
        return "apply-failed"  # the engine's applier stopped; it logged why
    except Exception as err:  # a snapshot never stops a join: the desk replays instead
        log.exception("snapshot start failed")
        return f"error:{type(err).__name__}"
    return None


def _doubt(engine: SyncEngine) -> str | None:
    """A reason not to trust the applied pack: anything a clean replay would not show."""
    if engine.refused:
        return "refused"
    integrity = engine.integrity
    if integrity.chain_invalid is not None:
        return "chain-invalid"
    if integrity != HubIntegrity():
        return "gap" if integrity.gaps or integrity.withheld else "out-of-order"
    if engine.reader.keyring.sender.parked_count:
        return "parked"
    return None


def _fallback(reason: str, started: float) -> SnapshotStart:
    log.warning("snapshot not used (%s): replaying the log from sequence 1", reason)
    return SnapshotStart(False, reason, seconds=time.perf_counter() - started)


async def _fresh_reader(replica: Replica, identity: DeskIdentity) -> LogReader:
    """A reader at the start of the log, validating the chain from the pinned fingerprint."""
    keyring = Keyring(identity.team_id)
    for n, seed in sorted((await replica.seeds()).items()):
        keyring.add_seed(n, seed)
    chain = ChainState.genesis(identity.team_id, identity.fingerprint)
    return LogReader(identity.keys, chain, keyring, {})


def _ignore(changes: ChangeSet) -> None:
    """Nobody views a desk that is not open yet."""
