"""Fast start for a new device (security.md 2.12 part 4): a real hub, real replicas, real packs.

A newcomer approved by Anna starts from the snapshot her desk packs and ends with the replica a
replay gives. Then every way a snapshot can lie or break is tried against `start_from_snapshot`
on a fresh replica: each is refused with a reason code (so the desk replays instead), and a
desk whose offered pack is forged falls back to replaying and still ends with everything.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.crypto.envelope import assemble
from app.crypto.header import HEADER_LEN, ZERO_HASH, HeaderFields
from app.crypto.keys import DevicePublic, db_key, generate_device_keys
from app.crypto.snapshot import SnapshotOffer, open_offer, seal_offer
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import EventId
from app.domain.model import QueueView, Role
from app.hub import Hub
from app.services.identity import DeskIdentity
from app.services.snapshot import SnapshotStart, start_from_snapshot
from app.store.replica import Replica
from app.sync.media_store import NatsMediaStore
from app.sync.snapshot import upload_pack
from tests.helpers.team_desks import Gateway, add_gateway, enroll

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

CUSTOMER_MESSAGES = 40

Rows = list[tuple[int, str, bytes]]


async def team_with_history(hub: Hub, factory: TeamDeskFactory) -> tuple[TeamDesk, Gateway]:
    """Anna's team: a gateway, customer messages, and Anna's own claims among them."""
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    gateway = await add_gateway(anna, hub)
    for n in range(CUSTOMER_MESSAGES):
        await gateway.customer_writes(anna.writer.chain, f"DE.{n % 7:017d}", f"hello {n}")
    await anna.desk.caught_up()
    page = await anna.desk.session.queue_page(QueueView.ALL_OPEN, 0, 3)
    for summary in page:
        await anna.desk.session.claim(summary.conversation_id)
    await anna.desk.caught_up()
    return anna, gateway


async def stored_log(desk: TeamDesk) -> Rows:
    reader = desk.desk.engine.reader
    cursor = desk.desk.engine.applied_seq
    return await desk.desk.replica.records_page(0, cursor, reader.subjects.chain, 1_000_000)


async def queue_of(desk: TeamDesk) -> list[tuple[bytes, str, object]]:
    page = await desk.desk.session.queue_page(QueueView.ALL_OPEN, 0, 100)
    return [(bytes(s.conversation_id), s.last_text, s.assignee) for s in page]


async def test_a_newcomer_starts_from_a_snapshot_and_ends_as_a_replay_would(
    hub: Hub, factory: TeamDeskFactory
) -> None:
    factory.start_from_snapshots = True
    anna, _gateway = await team_with_history(hub, factory)
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    assert ben.snapshot is not None
    assert ben.snapshot.used, ben.snapshot
    assert ben.snapshot.records >= CUSTOMER_MESSAGES
    assert anna.packer is not None
    assert anna.packer.last is not None

    factory.start_from_snapshots = False  # Carl ignores the offer and replays from 1
    carl = await enroll(hub, anna, factory, "Carl", Role.MEMBER)
    assert carl.snapshot is None
    await ben.desk.caught_up()

    assert await stored_log(ben) == await stored_log(carl)
    assert await queue_of(ben) == await queue_of(carl) == await queue_of(anna)
    ben_stats, carl_stats = await ben.desk.replica.stats(), await carl.desk.replica.stats()
    assert ben_stats == carl_stats
    assert ben_stats.inbound_messages == CUSTOMER_MESSAGES
    for desk in (ben, carl):
        assert desk.desk.engine.refused == 0
        assert desk.desk.engine.integrity.clean


async def test_a_desk_offered_a_forged_pack_replays_and_ends_with_everything(
    hub: Hub, factory: TeamDeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, _gateway = await team_with_history(hub, factory)
    assert anna.packer is not None
    store = await NatsMediaStore.open(anna.transport)
    rows = await stored_log(anna)
    forged = forge_one(rows)

    async def forged_offer(newcomer: DevicePublic) -> bytes:
        return await sealed_offer(anna, store, forged, newcomer)

    monkeypatch.setattr(anna.packer, "offer_for", forged_offer)
    factory.start_from_snapshots = True
    ben = await enroll(hub, anna, factory, "Ben", Role.MEMBER)
    assert ben.snapshot is not None
    assert (ben.snapshot.used, ben.snapshot.reason) == (False, "refused")
    await ben.desk.caught_up()
    assert (await ben.desk.replica.stats()).inbound_messages == CUSTOMER_MESSAGES
    assert await queue_of(ben) == await queue_of(anna)
    assert ben.desk.engine.refused == 0  # the forged record never reached the desk
    assert ben.desk.engine.integrity.clean


# -- every way a snapshot can go wrong, on a fresh replica -------------------------------------


def forge_one(rows: Rows) -> Rows:
    """A gateway envelope's body altered (its signature no longer matches)."""
    index = next(i for i, r in enumerate(rows) if r[1].endswith(".in") and i > len(rows) // 2)
    seq, subject, data = rows[index]
    altered = bytearray(data)
    altered[200] ^= 1
    return [*rows[:index], (seq, subject, bytes(altered)), *rows[index + 1 :]]


def drop_one(rows: Rows) -> Rows:
    """A gateway record in the middle left out (the packer hides a customer message)."""
    index = next(i for i, r in enumerate(rows) if r[1].endswith(".in") and i > len(rows) // 2)
    return [*rows[:index], *rows[index + 1 :]]


def swap_two(rows: Rows) -> Rows:
    """Two gateway records' places swapped (sequences still rising)."""
    found = [i for i, r in enumerate(rows) if r[1].endswith(".in")]
    a, b = found[len(found) // 2], found[len(found) // 2 + 1]
    out = list(rows)
    out[a] = (rows[a][0], rows[b][1], rows[b][2])
    out[b] = (rows[b][0], rows[a][1], rows[a][2])
    return out


async def sealed_offer(
    signer: TeamDesk,
    store: NatsMediaStore,
    rows: Rows,
    recipient: DevicePublic,
    change: Callable[[SnapshotOffer], SnapshotOffer] = lambda offer: offer,
) -> bytes:
    """Pack `rows` as they are, store them, and seal an offer (after `change`) as `signer`."""

    async def page(after: int, limit: int) -> Rows:
        return [r for r in rows if r[0] > after][:limit]

    up_to = rows[-1][0]
    packed = await upload_pack(store, page, up_to)
    chain = signer.writer.chain
    fields = HeaderFields(
        chain.team_id,
        chain.epoch,
        EventId(os.urandom(16)),
        1,
        ZERO_HASH,
        chain.head_seqno,
        chain.head_hash,
    )
    return seal_offer(
        offer=change(packed.offer),
        fields=fields,
        recipient_kem=recipient.kem,
        signer=signer.keys,
    )


class Newcomer:
    """A device with a fresh replica holding the seeds (as its box would give them)."""

    def __init__(self, anna: TeamDesk, folder: Path) -> None:
        self.anna = anna
        self.keys = generate_device_keys()
        chain = anna.writer.chain
        self.identity = DeskIdentity(chain.team_id, chain.pinned_fingerprint, self.keys)
        self.folder = folder
        self.starts = 0

    async def start(self, offer: bytes, store: NatsMediaStore) -> tuple[SnapshotStart, Rows]:
        self.starts += 1  # each start on a fresh replica, as a new device's would be
        path = self.folder / f"{self.keys.device_id.hex()[:8]}-{self.starts}.db"
        replica = await Replica.open(path, db_key(os.urandom(32)))
        try:
            for n, seed in (await self.anna.desk.replica.seeds()).items():
                await replica.save_seed(n, seed)
            started = await start_from_snapshot(
                replica, self.identity, offer, self.anna.writer.chain, store
            )
            chain_subject = self.anna.desk.engine.reader.subjects.chain
            rows = await replica.records_page(0, 1 << 62, chain_subject, 1_000_000)
        finally:
            await replica.close()
        return started, rows


async def test_every_broken_or_lying_snapshot_is_refused_by_reason(
    hub: Hub, factory: TeamDeskFactory, tmp_path: Path
) -> None:
    anna, _gateway = await team_with_history(hub, factory)
    store = await NatsMediaStore.open(anna.transport)
    rows = await stored_log(anna)
    newcomer = Newcomer(anna, tmp_path)
    me = newcomer.keys.public()

    # The honest pack: used, and the replica holds exactly Anna's log.
    offer = await sealed_offer(anna, store, rows, me)
    started, applied = await newcomer.start(offer, store)
    assert (started.used, started.reason, started.up_to) == (True, None, rows[-1][0])
    assert applied == rows
    used = open_offer(offer, chain=anna.writer.chain, me=newcomer.keys)
    assert not await store.exists(used.object_name)  # used once: deleted from the hub

    async def outcome(offer: bytes) -> str | None:
        result, _rows = await newcomer.start(offer, store)
        assert not result.used
        return result.reason

    # Sealed to someone else: the newcomer cannot open it.
    stranger = generate_device_keys().public()
    assert await outcome(await sealed_offer(anna, store, rows, stranger)) == "offer:decrypt"
    # Not the hash of what is stored.
    wrong_hash = await sealed_offer(
        anna, store, rows, me, lambda o: replace(o, ciphertext_sha256=bytes(32))
    )
    assert await outcome(wrong_hash) == "pack:stream-digest"
    # A wrong key for the object.
    wrong_key = await sealed_offer(anna, store, rows, me, lambda o: replace(o, key=bytes(32)))
    assert await outcome(wrong_key) == "pack:stream-chunk"
    # The object is gone.
    missing = await sealed_offer(
        anna, store, rows, me, lambda o: replace(o, object_name=os.urandom(16).hex())
    )
    assert await outcome(missing) == "hub:media-unavailable"
    # The hub alters the stored ciphertext.
    honest = await sealed_offer(anna, store, rows, me)
    await tamper_stored_object(store, anna, honest, newcomer)
    assert await outcome(honest) == "pack:stream-chunk"
    # The packing device forges, drops or reorders a record inside the pack.
    assert await outcome(await sealed_offer(anna, store, forge_one(rows), me)) == "refused"
    assert await outcome(await sealed_offer(anna, store, drop_one(rows), me)) == "gap"
    assert await outcome(await sealed_offer(anna, store, swap_two(rows), me)) in (
        "refused",
        "out-of-order",
        "gap",
    )
    # A stranger to the team signs an offer.
    outsider = await sealed_offer(anna, store, rows, me)
    assert await outcome(resigned(outsider)) == "offer:offer-author"


async def test_an_offer_from_a_removed_device_is_refused(
    hub: Hub, factory: TeamDeskFactory, tmp_path: Path
) -> None:
    anna, _gateway = await team_with_history(hub, factory)
    ben = await enroll(hub, anna, factory, "Ben", Role.ADMIN)
    store = await NatsMediaStore.open(ben.transport)
    rows = await stored_log(ben)
    newcomer = Newcomer(anna, tmp_path)
    offer = await sealed_offer(ben, store, rows, newcomer.keys.public())
    await anna.admin.remove_device(ben.keys.device_id)
    await anna.desk.caught_up()
    result, applied = await newcomer.start(offer, await NatsMediaStore.open(anna.transport))
    assert (result.used, result.reason, applied) == (False, "offer:offer-author", [])


def resigned(offer: bytes) -> bytes:
    """The same offer with its author swapped for a device no chain knows, re-signed by it."""
    stranger = generate_device_keys()
    header = bytearray(offer[:HEADER_LEN])
    header[47:63] = stranger.device_id  # after magic 4, suite 2, type 1, team, epoch, event id
    body_len = int.from_bytes(offer[HEADER_LEN : HEADER_LEN + 4], "big")
    body = offer[HEADER_LEN + 4 : HEADER_LEN + 4 + body_len]
    return assemble(bytes(header), body, stranger)


async def tamper_stored_object(
    store: NatsMediaStore, anna: TeamDesk, offer: bytes, newcomer: Newcomer
) -> None:
    """Flip one byte in the middle of the stored ciphertext, as a hostile hub could."""
    opened = open_offer(offer, chain=anna.writer.chain, me=newcomer.keys)
    data = bytearray(await store.get(opened.object_name))
    data[len(data) // 2] ^= 1
    await store.put(opened.object_name, bytes(data))
