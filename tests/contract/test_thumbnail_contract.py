"""The thumbnail cache of `DeskApi` (`cached_thumbnail`, `keep_thumbnail`), on the fake desk the
UI tests use and on the real `DeskSession` over a real SQLCipher replica, a memory hub and an
attachment folder. The same assertions run on both, so the UI's thumbnail tests cannot pass
against a cache the product does not have."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import pytest_asyncio

from app.demo.report import files_under, scan_for_canaries
from app.domain.ids import ConversationId, EventId
from app.services.api import ChangeBus, DeskApi
from app.services.desk import DeskSession
from app.services.media import MediaAccess
from app.services.sending_media import MediaSender
from app.store.replica import Replica
from tests.helpers.fake_desk import FakeTeam
from tests.helpers.media_store import MemoryMediaStore
from tests.unit.store.builders import ANNA, KEY, LogBuilder, conversation_of

pytestmark = pytest.mark.asyncio

NOW = 1_000_000
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@dataclass
class Side:
    api: DeskApi
    conversation: ConversationId
    customer_text: EventId
    """The customer's first message: a text, with no file."""
    cache: Path | None
    """The real desk's attachment folder (None on the fake)."""


class _Reader:
    def conversation_subject(self, conversation_id: ConversationId) -> str:
        return "sb.team.c"


class _Engine:
    reader = _Reader()


class _Outbox:
    def wake(self) -> None:
        pass

    async def settled(self, conversation_id: object) -> None:
        """Nothing is ever queued here long enough to wait for."""


async def _fake() -> AsyncIterator[Side]:
    team = FakeTeam(now=NOW)
    anna = team.desk("Anna")
    cid = team.customer_writes("Maria", "hi", at=NOW - 100)
    team.assign(cid, anna.me)
    first = team.conversations[cid].messages[0].event_id
    yield Side(anna, cid, first, None)


async def _real(tmp_path: Path) -> AsyncIterator[Side]:
    replica = await Replica.open(tmp_path / "replica.db", KEY)
    log = LogBuilder()
    records = [log.customer("hi", at=NOW - 100), log.claim("CC.alice", ANNA)]
    await replica.apply_batch(records, cursor=records[-1].seq)
    hub, cache = MemoryMediaStore(), tmp_path / "attachments"
    session = DeskSession(
        me=ANNA,
        names=lambda device: "Anna",
        replica=replica,
        engine=cast(Any, _Engine()),
        publisher=cast(Any, None),
        outbox=cast(Any, _Outbox()),
        bus=ChangeBus(),
        clock=lambda: float(NOW),
        media=MediaAccess(replica, hub, cache),
        sender=MediaSender(hub, cache),
    )
    alice = conversation_of("CC.alice")
    [first] = await replica.messages_page(alice, None, 10)
    try:
        yield Side(session, alice, first.event_id, cache)
    finally:
        await replica.close()


@pytest_asyncio.fixture(params=["fake", "real"])
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    sides = _fake() if request.param == "fake" else _real(tmp_path)
    async for made in sides:
        yield made


async def test_a_kept_thumbnail_comes_back(side: Side) -> None:
    photo = await side.api.reply_media(side.conversation, "shelf.png", "image/png", PNG)
    assert await side.api.cached_thumbnail(photo.event_id) is None
    await side.api.keep_thumbnail(photo.event_id, b"small picture")
    assert await side.api.cached_thumbnail(photo.event_id) == b"small picture"
    await side.api.keep_thumbnail(photo.event_id, b"made again")
    assert await side.api.cached_thumbnail(photo.event_id) == b"made again"


async def test_a_message_without_a_file_keeps_no_thumbnail(side: Side) -> None:
    await side.api.keep_thumbnail(side.customer_text, b"small picture")
    assert await side.api.cached_thumbnail(side.customer_text) is None


async def test_the_real_cache_holds_the_thumbnail_only_sealed(tmp_path: Path) -> None:
    async for side in _real(tmp_path):
        canary = os.urandom(12).hex()
        photo = await side.api.reply_media(side.conversation, "a.png", "image/png", PNG)
        await side.api.keep_thumbnail(photo.event_id, canary.encode())
        assert side.cache is not None
        kept = [p for p in files_under(side.cache) if p.parent.name == "thumbnails"]
        assert len(kept) == 1
        assert scan_for_canaries(files_under(side.cache), [canary]) == []
        sealed = kept[0].read_bytes()
        # Damaged on disk: the last byte flipped (setting it to 0 did nothing 1 time in 256).
        kept[0].write_bytes(sealed[:-1] + bytes([sealed[-1] ^ 0x01]))
        assert await side.api.cached_thumbnail(photo.event_id) is None
        assert not kept[0].exists()  # dropped, to be made again
