"""DeskSession.reply_media: a file is checked, sealed off the loop's thread, stored in the hub as
ciphertext only (and cached so), and queued durably; when anything fails, nothing is queued."""

from __future__ import annotations

import asyncio
import hashlib
import os
import stat
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.crypto.stream import open_stream, valid_object_name
from app.demo.report import files_under, scan_for_canaries
from app.domain.content import ContentKind, Media
from app.domain.errors import HubUnreachable, StoreUnavailable, WindowClosed
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction
from app.services import sending_media
from app.services.api import ChangeBus, Changes
from app.services.desk import DeskSession
from app.services.media import MediaAccess
from app.services.media_rules import CaptionNotAllowed, FileTooLarge, FileTypeNotAllowed
from app.services.sending_media import FileHubUnreachable, FileNotStored, MediaSender
from app.store.records import OutboxKind
from app.store.replica import Replica
from tests.helpers.media_store import MemoryMediaStore
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

NOW = 1_000_000
ALICE = conversation_of("CC.alice")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class _Reader:
    def conversation_subject(self, conversation_id: ConversationId) -> str:
        return "sb.team.c"


class _Engine:
    reader = _Reader()


@dataclass
class _Outbox:
    woken: int = 0

    def wake(self) -> None:
        self.woken += 1

    async def settled(self, conversation_id: object) -> None:
        """Nothing is ever queued here long enough to wait for."""


@dataclass
class Desk:
    """A session over a real replica, with a memory hub and a cache folder in tmp_path."""

    session: DeskSession
    replica: Replica
    hub: MemoryMediaStore
    cache: Path
    outbox: _Outbox
    heard: list[Changes] = field(default_factory=list)

    async def nothing_queued(self) -> None:
        assert await self.replica.due_outbox(NOW + 3600) == []
        assert await self.replica.messages_page(ALICE, None, 10) == [await self._first()]
        assert self.hub.objects == {}
        assert files_under(self.cache) == []
        assert self.heard == []

    async def _first(self) -> Any:
        [message] = await self.replica.messages_page(ALICE, None, 1_000)
        return message


@pytest_asyncio.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    # The customer wrote 100 s ago and Anna claimed the conversation: the window is open.
    records = [log.customer("hi", at=NOW - 100), log.claim("CC.alice", ANNA)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    hub, cache, outbox, bus = MemoryMediaStore(), tmp_path / "attachments", _Outbox(), ChangeBus()
    session = _session(replica, hub, cache, outbox, bus, clock=lambda: float(NOW))
    made = Desk(session, replica, hub, cache, outbox)
    bus.subscribe(made.heard.append)
    try:
        yield made
    finally:
        await replica.close()


def _session(
    replica: Replica,
    hub: MemoryMediaStore | None,
    cache: Path,
    outbox: _Outbox,
    bus: ChangeBus,
    clock: Callable[[], float],
) -> DeskSession:
    return DeskSession(
        me=ANNA,
        names=lambda device: "Anna",
        replica=replica,
        engine=cast(Any, _Engine()),
        publisher=cast(Any, None),  # a file reply publishes through the outbox only
        outbox=cast(Any, outbox),
        bus=bus,
        clock=clock,
        media=MediaAccess(replica, hub, cache),
        sender=MediaSender(hub, cache),
    )


def _photo(canary: bytes, size: int = 300_000) -> bytes:
    return PNG_MAGIC + canary + os.urandom(size - len(PNG_MAGIC) - len(canary))


@pytest.mark.asyncio
async def test_a_photo_is_stored_sealed_cached_and_queued(desk: Desk) -> None:
    canary = os.urandom(12).hex().encode()
    data = _photo(canary)
    message = await desk.session.reply_media(ALICE, "receipt.png", "image/png", data, "receipt")
    media = message.content
    assert isinstance(media, Media)
    assert media.stored is not None
    assert (message.direction, message.status, message.kind, message.text) == (
        Direction.OUTBOUND,
        DeliveryStatus.PENDING,
        ContentKind.IMAGE,
        "receipt",
    )
    assert (media.mime_type, media.caption, media.filename) == (
        "image/png",
        "receipt",
        "receipt.png",
    )
    name = media.stored.object_name
    assert valid_object_name(name)
    [(stored_name, ciphertext)] = desk.hub.objects.items()
    assert stored_name == name
    assert media.stored.ciphertext_sha256 == hashlib.sha256(ciphertext).digest()
    assert media.stored.size == len(data)
    assert open_stream(media.stored.file_key, ciphertext) == data
    cached = desk.cache / name
    assert cached.read_bytes() == ciphertext  # the cache holds the same ciphertext
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    [job] = await desk.replica.due_outbox(NOW)
    assert (job.event_id, job.kind, job.content) == (
        message.event_id,
        OutboxKind.REPLY_CONTENT,
        media,
    )
    assert desk.outbox.woken == 1
    assert desk.heard[-1].initiator == ANNA
    assert message.event_id in desk.heard[-1].messages
    assert int.from_bytes(message.event_id[:6], "big") == NOW * 1000  # time-ordered


@pytest.mark.asyncio
async def test_only_ciphertext_leaves_the_desk(desk: Desk, tmp_path: Path) -> None:
    canary = os.urandom(12).hex()
    await desk.session.reply_media(ALICE, "a.png", "image/png", _photo(canary.encode()))
    dumped = tmp_path / "hub-objects"
    dumped.mkdir()
    for name, data in desk.hub.objects.items():
        (dumped / name).write_bytes(data)
    assert scan_for_canaries(files_under(dumped), [canary]) == []
    assert scan_for_canaries(files_under(desk.cache), [canary]) == []


@pytest.mark.asyncio
async def test_our_own_file_opens_from_the_cache_or_the_hub(desk: Desk) -> None:
    data = _photo(b"mine")
    message = await desk.session.reply_media(ALICE, "a.png", "image/png", data)
    desk.hub.down = True  # the cache serves it
    media, opened = await desk.session.open_media(message.event_id)
    assert (media, opened) == (message.content, data)
    for cached in files_under(desk.cache):
        cached.unlink()
    desk.hub.down = False
    assert (await desk.session.open_media(message.event_id))[1] == data  # fetched again


@pytest.mark.asyncio
async def test_sealing_runs_in_a_worker_thread(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    real = sending_media.seal_stream

    def recording(plaintext: bytes, rng: Callable[[int], bytes]) -> tuple[bytes, bytes]:
        threads.append(threading.get_ident())
        return real(plaintext, rng)

    monkeypatch.setattr(sending_media, "seal_stream", recording)
    await desk.session.reply_media(ALICE, "a.pdf", "application/pdf", b"%PDF-1.7 tiny")
    assert threads
    assert threads != [threading.get_ident()]


@pytest.mark.asyncio
async def test_refused_files_store_and_queue_nothing(desk: Desk) -> None:
    with pytest.raises(FileTooLarge):
        await desk.session.reply_media(ALICE, "big.png", "image/png", b"x" * 5_000_001)
    with pytest.raises(FileTypeNotAllowed):
        await desk.session.reply_media(ALICE, "a.gif", "image/gif", b"GIF89a")
    with pytest.raises(CaptionNotAllowed):
        await desk.session.reply_media(ALICE, "a.mp3", "audio/mpeg", b"ID3", caption="hi")
    await desk.nothing_queued()


@pytest.mark.asyncio
async def test_a_closed_window_refuses_the_file(desk: Desk) -> None:
    late = _session(
        desk.replica,
        desk.hub,
        desk.cache,
        desk.outbox,
        ChangeBus(),
        clock=lambda: float(NOW + 25 * 3600),
    )
    with pytest.raises(WindowClosed):
        await late.reply_media(ALICE, "a.png", "image/png", _photo(b"late"))
    await desk.nothing_queued()


@pytest.mark.asyncio
async def test_hub_down_queues_nothing(desk: Desk) -> None:
    desk.hub.down = True
    with pytest.raises(FileHubUnreachable) as failed:
        await desk.session.reply_media(ALICE, "a.png", "image/png", _photo(b"offline"), "x")
    assert isinstance(failed.value, HubUnreachable)  # the environment's fault, coded apart
    assert failed.value.code == "file-hub-unreachable"
    desk.hub.down = False
    await desk.nothing_queued()


@pytest.mark.asyncio
async def test_a_desk_without_media_store_cannot_send_files(desk: Desk, tmp_path: Path) -> None:
    bare = _session(desk.replica, None, desk.cache, desk.outbox, ChangeBus(), lambda: float(NOW))
    with pytest.raises(FileHubUnreachable):
        await bare.reply_media(ALICE, "a.png", "image/png", _photo(b"none"))
    await desk.nothing_queued()


@pytest.mark.asyncio
async def test_a_full_hub_refuses_the_file(desk: Desk) -> None:
    desk.hub.refuse = True
    with pytest.raises(FileNotStored):
        await desk.session.reply_media(ALICE, "a.png", "image/png", _photo(b"full"))
    await desk.nothing_queued()


@pytest.mark.asyncio
async def test_a_failed_enqueue_removes_the_stored_copy(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_full(*args: object, **kwargs: object) -> None:
        await asyncio.sleep(0)
        raise StoreUnavailable("disk full")

    monkeypatch.setattr(desk.replica, "enqueue_content", disk_full)
    with pytest.raises(StoreUnavailable):
        await desk.session.reply_media(ALICE, "a.png", "image/png", _photo(b"disk"))
    assert desk.hub.objects == {}
    assert files_under(desk.cache) == []
