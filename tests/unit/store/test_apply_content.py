"""apply_batch with every message type: contents, contexts, quotes, previews and reactions."""

from __future__ import annotations

import pytest

from app.domain.content import (
    ContentKind,
    Location,
    Media,
    MessageContext,
    Referral,
    StoredMedia,
)
from app.domain.ids import EventId, Wamid
from app.domain.model import Direction, Message, QuotedMessage
from app.log.events import MediaStored
from app.store.records import AppliedRecord, QueueView
from app.store.replica import Replica
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of, raw
from tests.unit.store.test_apply import snapshot
from tests.unit.store.test_content_rows import EVERY_KIND

ALICE = conversation_of("CC.alice")
PHOTO = Media(
    ContentKind.IMAGE,
    "image/jpeg",
    caption="receipt",
    stored=StoredMedia("obj-1", b"k" * 32, b"h" * 32, 48_213),
)


async def apply(replica: Replica, *records: AppliedRecord) -> None:
    await replica.apply_batch(records, cursor=records[-1].seq)


async def message(replica: Replica, event_id: EventId) -> Message:
    found = await replica.message_by_event_id(event_id)
    assert found is not None
    return found


async def newest(replica: Replica) -> Message:
    return (await replica.messages_page(ALICE, None, 1))[0]


@pytest.mark.asyncio
async def test_every_kind_but_reactions_is_a_bubble_with_its_content(
    replica: Replica, log: LogBuilder
) -> None:
    bubbles = [c for c in EVERY_KIND if c.kind is not ContentKind.REACTION]
    records = [log.customer("", content=c, at=1_000 + i) for i, c in enumerate(bubbles)]
    await apply(replica, *records)
    page = await replica.messages_page(ALICE, None, 100)
    assert [m.content for m in page] == bubbles
    assert [m.kind for m in page] == [c.kind for c in bubbles]
    assert page[1].text == "receipt"  # searchable text: the preview and the search index
    await replica.index_search()
    hits = await raw(
        replica, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'Alexanderplatz'"
    )
    assert len(hits) == 1


@pytest.mark.asyncio
async def test_queue_row_knows_the_kind_of_the_newest_message(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("", content=PHOTO))
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.last_kind, row.last_text) == (ContentKind.IMAGE, "receipt")
    await apply(replica, log.reply("CC.alice", "thanks, got it", ANNA))
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert (row.last_kind, row.last_text) == (ContentKind.TEXT, "thanks, got it")
    await apply(replica, log.customer("", content=Location("52.52", "13.40", "Shop")))
    await replica.enqueue_reply(ALICE, log.event_id(), "see you", ANNA, now=2_000)
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert row.last_kind is ContentKind.TEXT  # our pending reply previews at once, as text


@pytest.mark.asyncio
async def test_context_is_kept_and_the_quoted_message_joined(
    replica: Replica, log: LogBuilder
) -> None:
    referral = Referral("ad", "120", headline="Spring sale")
    first = log.customer("hi", context=MessageContext(referral=referral))
    reply = log.reply("CC.alice", "Which size?", ANNA)
    await apply(
        replica,
        first,
        reply,
        log.outcome(reply.event_id, "wamid.OUT1"),
        log.customer("M please", context=MessageContext(quoted=Wamid("wamid.OUT1"))),
        log.customer("?", context=MessageContext(quoted=Wamid("wamid.GONE"), forwarded=True)),
    )
    first, _, quoting, dangling = await replica.messages_page(ALICE, None, 10)
    assert first.context.referral == referral
    assert quoting.quoted == QuotedMessage(
        Direction.OUTBOUND, "Which size?", ContentKind.TEXT, ANNA
    )
    assert quoting.context.quoted == "wamid.OUT1"
    assert dangling.quoted is None  # the quote names a message this replica never had
    assert dangling.context.forwarded


@pytest.mark.asyncio
async def test_quote_shows_once_the_quoted_message_arrives(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("this one", context=MessageContext(quoted=Wamid("wamid.A"))))
    assert (await newest(replica)).quoted is None
    await apply(replica, log.customer("", content=PHOTO, wamid="wamid.A", at=900))
    [quoting] = [m for m in await replica.messages_page(ALICE, None, 10) if m.context.quoted]
    assert quoting.quoted == QuotedMessage(Direction.INBOUND, "receipt", ContentKind.IMAGE, None)


# Reactions -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reaction_marks_the_target_and_bumps_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    reply = log.reply("CC.alice", "Your order shipped", ANNA)
    await apply(replica, log.customer("hi"), reply, log.outcome(reply.event_id, "wamid.OUT1"))
    [before] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    reaction = log.reaction("wamid.OUT1", "👍", at=1_600)
    changes = await replica.apply_batch([reaction], cursor=reaction.seq)
    assert (await message(replica, reply.event_id)).reaction == "👍"
    assert not changes.new_messages
    assert changes.updated_messages == {reply.event_id}
    assert changes.conversations == {ALICE}
    assert not changes.queue_changed
    [after] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    assert after == before  # no preview, unread, count or waiting time moved
    assert len(await replica.messages_page(ALICE, None, 10)) == 2


@pytest.mark.asyncio
async def test_reaction_is_replaced_and_removed(replica: Replica, log: LogBuilder) -> None:
    first = log.customer("look", wamid="wamid.IN1")
    await apply(replica, first, log.reaction("wamid.IN1", "👍", at=1_100))
    await apply(replica, log.reaction("wamid.IN1", "❤", at=1_200))
    assert (await message(replica, first.event_id)).reaction == "❤"
    removal = log.reaction("wamid.IN1", "", at=1_300)
    changes = await replica.apply_batch([removal], cursor=removal.seq)
    assert changes.updated_messages == {first.event_id}
    assert (await message(replica, first.event_id)).reaction == ""


@pytest.mark.asyncio
async def test_a_late_copy_of_an_older_reaction_changes_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    first = log.customer("look", wamid="wamid.IN1")
    await apply(replica, first, log.reaction("wamid.IN1", "👍", at=1_100))
    await apply(replica, log.reaction("wamid.IN1", "", at=1_200))
    late = log.reaction("wamid.IN1", "👍", at=1_100)  # a second gateway sealed it again
    changes = await replica.apply_batch([late], cursor=late.seq)
    assert not changes.updated_messages
    assert (await message(replica, first.event_id)).reaction == ""


@pytest.mark.asyncio
async def test_reaction_before_its_target_waits_for_it(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi"))
    reply = log.reply("CC.alice", "Here you go", ANNA)
    await apply(replica, reply, log.reaction("wamid.OUT9", "🙏", at=1_700))
    assert (await message(replica, reply.event_id)).reaction == ""
    assert await raw(replica, "SELECT target_wamid, emoji FROM reactions") == [("wamid.OUT9", "🙏")]
    # Meta's acceptance gives our reply the wamid the customer reacted to.
    await apply(replica, log.outcome(reply.event_id, "wamid.OUT9"))
    assert (await message(replica, reply.event_id)).reaction == "🙏"


@pytest.mark.asyncio
async def test_reaction_to_an_unknown_inbound_applies_when_it_arrives(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.reaction("wamid.LATE", "😂", at=1_100))
    assert await replica.conversation_count(QueueView.ALL_OPEN) == 0  # no bubble, no row
    late = log.customer("joke", wamid="wamid.LATE", at=1_000)
    await apply(replica, late)
    assert (await message(replica, late.event_id)).reaction == "😂"


@pytest.mark.asyncio
async def test_reaction_from_another_conversation_is_not_shown(
    replica: Replica, log: LogBuilder
) -> None:
    first = log.customer("mine", wamid="wamid.IN1")
    await apply(replica, first, log.customer("hi", customer="CC.bob", name="Bob"))
    stray = log.reaction("wamid.IN1", "👎", customer="CC.bob")
    changes = await replica.apply_batch([stray], cursor=stray.seq)
    assert not changes.updated_messages
    assert (await message(replica, first.event_id)).reaction == ""


@pytest.mark.asyncio
async def test_reapplying_reactions_changes_nothing(replica: Replica, log: LogBuilder) -> None:
    records = [
        log.reaction("wamid.IN2", "👍", at=1_000),
        log.customer("a", wamid="wamid.IN1"),
        log.customer("b", wamid="wamid.IN2"),
        log.reaction("wamid.IN1", "❤", at=1_100),
        log.reaction("wamid.IN1", "", at=1_200),
    ]
    await apply(replica, *records)
    before = await snapshot(replica)
    assert not await replica.apply_batch(records, cursor=records[-1].seq)
    assert await snapshot(replica) == before


@pytest.mark.asyncio
async def test_a_file_fetched_later_attaches_to_its_message_once(
    replica: Replica, log: LogBuilder
) -> None:
    photo = Media(ContentKind.IMAGE, "image/png", caption="receipt")
    inbound = log.customer("", wamid="wamid.IMG1", content=photo)
    await apply(replica, inbound)
    assert (await message(replica, inbound.event_id)).content == photo
    stored = StoredMedia("ab" * 16, b"k" * 32, b"h" * 32, 1234)
    attached = log.record(MediaStored(Wamid("wamid.IMG1"), stored))
    await apply(replica, attached)
    shown = (await message(replica, inbound.event_id)).content
    assert isinstance(shown, Media)
    assert shown.stored == stored
    assert shown.caption == "receipt"
    # A second announcement (a retried fetch) changes nothing; re-applying neither.
    other = StoredMedia("cd" * 16, b"x" * 32, b"y" * 32, 99)
    await apply(replica, log.record(MediaStored(Wamid("wamid.IMG1"), other)), attached)
    again = (await message(replica, inbound.event_id)).content
    assert isinstance(again, Media)
    assert again.stored == stored
    # A file for a message this replica does not have is stored, not applied.
    await apply(replica, log.record(MediaStored(Wamid("wamid.NOPE"), stored)))
