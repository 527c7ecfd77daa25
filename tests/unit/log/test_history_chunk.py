"""HistoryChunk: the phone's past chats land as the past (cloud-api.md §15.3).

Original times, sides, statuses and wamids kept; filed before anything live; no unread work,
no waiting time, no 24-hour window, no notification (the change set names nothing new).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.crypto.errors import DecodeError
from app.domain.content import ContentKind, Media, StoredMedia, Text, Unsupported
from app.domain.handling import ConversationState
from app.domain.history import HistoryStage
from app.domain.ids import Wamid
from app.domain.model import DeliveryStatus, Direction, QueueView
from app.domain.outreach import number_customer_id
from app.log.events import HistoryChunk, HistoryMessage, MediaStored
from app.log.values import ChangeSet
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import counts, detail, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

LENA = "4915112345678"
JONAS = "4915199999999"
PLACEHOLDER = Unsupported(0, "media_placeholder")


def said(wamid: str, at: int, *, business: bool = False, wa_id: str = LENA) -> HistoryMessage:
    status = DeliveryStatus.DELIVERED if business else DeliveryStatus.READ
    return HistoryMessage(Wamid(wamid), wa_id, business, at, status, Text(f"text of {wamid}"))


def chunk(
    log: LogBuilder, *messages: HistoryMessage, progress: int = 40, phase: int = 1
) -> AppliedRecord:
    """A chunk record, with each number's conversation derived as the sync layer does."""
    event = HistoryChunk(phase, 3, progress, messages)
    record = log.record(event)
    threads = tuple((n, conversation_of(number_customer_id(n))) for n in sorted(event.numbers))
    return replace(record, thread_conversations=threads)


async def applied(replica: Replica, record: AppliedRecord) -> ChangeSet:
    return await replica.apply_batch([record], record.seq)


def test_a_chunk_survives_the_wire() -> None:
    event = HistoryChunk(
        2,
        7,
        100,
        (
            said("wamid.H1", 1_000),
            HistoryMessage(Wamid("wamid.H2"), LENA, True, 1_060, DeliveryStatus.SENT, PLACEHOLDER),
        ),
    )
    assert codec.decode(codec.encode(event, conversation_of("x"), 3)).event == event


def test_a_percent_over_100_is_not_canonical() -> None:
    encoded = codec.encode(HistoryChunk(1, 0, 100, ()), conversation_of("x"), 3)
    at = encoded.index(bytes([1, 0, 0, 0, 0, 100]))  # phase, chunk_order, progress
    broken = encoded[: at + 5] + bytes([101]) + encoded[at + 6 :]
    with pytest.raises(DecodeError):
        codec.decode(broken)


@pytest.mark.asyncio
async def test_past_chats_are_filed_as_the_past(replica: Replica, log: LogBuilder) -> None:
    changes = await applied(
        replica,
        chunk(
            log,
            said("wamid.H1", 1_000),
            said("wamid.H2", 1_300, business=True),
            said("wamid.H3", 900, wa_id=JONAS),
        ),
    )
    assert not changes.new_messages  # what a desk notifies of: nothing
    assert changes.queue_changed
    assert changes.number_status_changed
    lena = await detail(replica, number_customer_id(LENA))
    assert (lena.unread, lena.last_inbound_at, lena.state) == (
        0,
        None,
        ConversationState.RESOLVED,
    )
    assert lena.customer_wa_id == LENA
    messages = await thread(replica, number_customer_id(LENA))
    assert [(m.wamid, m.at, m.direction, m.from_phone, m.status) for m in messages] == [
        ("wamid.H1", 1_000, Direction.INBOUND, False, DeliveryStatus.READ),
        ("wamid.H2", 1_300, Direction.OUTBOUND, True, DeliveryStatus.DELIVERED),
    ]
    assert (await counts(replica, ANNA))[QueueView.ALL_OPEN] == 0  # no work in the queue
    assert (await counts(replica, ANNA))[QueueView.RESOLVED] == 2
    assert (await replica.history_import()) is not None


@pytest.mark.asyncio
async def test_history_goes_before_a_live_chat_and_leaves_it_as_it_was(
    replica: Replica, log: LogBuilder
) -> None:
    live = log.customer("Is my parcel here?", wamid="wamid.LIVE", at=50_000, wa_id=LENA)
    await applied(replica, live)
    before = await detail(replica)
    await applied(
        replica, chunk(log, said("wamid.OLD", 1_000), said("wamid.LIVE", 50_000))
    )  # the live message again: Meta's history overlaps
    after = await detail(replica)
    assert [m.wamid for m in await thread(replica)] == ["wamid.OLD", "wamid.LIVE"]
    assert (after.unread, after.last_inbound_at, after.state) == (
        before.unread,
        before.last_inbound_at,
        before.state,
    )
    assert after.message_count == 2
    summary = (await replica.conversation_page(QueueView.ALL_OPEN, 0, 10, me=ANNA))[0]
    assert (summary.waiting_since, summary.last_text) == (50_000, "Is my parcel here?")


@pytest.mark.asyncio
async def test_a_chunk_sent_twice_is_kept_once(replica: Replica, log: LogBuilder) -> None:
    await applied(replica, chunk(log, said("wamid.H1", 1_000), said("wamid.H2", 1_100)))
    await applied(replica, chunk(log, said("wamid.H1", 1_000), said("wamid.H2", 1_100)))
    found = await detail(replica, number_customer_id(LENA))
    assert found.message_count == 2
    kept = await replica.history_import()
    assert kept is not None
    assert kept.messages == 2


@pytest.mark.asyncio
async def test_the_customer_writing_live_after_the_import_reopens_the_same_chat(
    replica: Replica, log: LogBuilder
) -> None:
    await applied(replica, chunk(log, said("wamid.H1", 1_000)))
    await applied(replica, log.customer("Hello again", customer="DE.lena", wa_id=LENA, at=9_000))
    found = await detail(replica, number_customer_id(LENA))
    assert (found.state, found.unread, found.last_inbound_at) == (
        ConversationState.OPEN,
        1,
        9_000,
    )
    assert [m.wamid for m in await thread(replica, number_customer_id(LENA))][0] == "wamid.H1"


@pytest.mark.asyncio
async def test_progress_reaches_finished_at_100(replica: Replica, log: LogBuilder) -> None:
    await applied(replica, chunk(log, said("wamid.H1", 1_000), progress=40, phase=0))
    receiving = await replica.history_import()
    assert receiving is not None
    assert (receiving.stage, receiving.progress, receiving.messages) == (
        HistoryStage.RECEIVING,
        40,
        1,
    )
    await applied(replica, chunk(log, said("wamid.H2", 500), progress=100, phase=2))
    done = await replica.history_import()
    assert done is not None
    assert (done.stage, done.progress, done.phase, done.messages) == (
        HistoryStage.FINISHED,
        100,
        2,
        2,
    )


@pytest.mark.asyncio
async def test_a_live_message_and_a_chunk_in_one_batch_share_the_chat(
    replica: Replica, log: LogBuilder
) -> None:
    live = log.customer("Is my parcel here?", wamid="wamid.LIVE", at=50_000, wa_id=LENA)
    past = chunk(log, said("wamid.OLD", 1_000))
    await replica.apply_batch([live, past], past.seq)  # a catching-up desk sees both at once
    assert [m.wamid for m in await thread(replica)] == ["wamid.OLD", "wamid.LIVE"]
    assert await replica.conversation(conversation_of(number_customer_id(LENA))) is None


@pytest.mark.asyncio
async def test_a_live_copy_after_the_import_is_news_all_the_same(
    replica: Replica, log: LogBuilder
) -> None:
    # Meta's live webhook of a message came only after the history that held it (a retry).
    await applied(replica, chunk(log, said("wamid.OLD", 1_000), said("wamid.LATE", 40_000)))
    live = log.customer("late", customer="DE.lena", wamid="wamid.LATE", at=40_000, wa_id=LENA)
    await applied(replica, live)
    found = await detail(replica, number_customer_id(LENA))
    assert (found.unread, found.last_inbound_at, found.state, found.message_count) == (
        1,
        40_000,
        ConversationState.OPEN,
        2,
    )
    messages = await thread(replica, number_customer_id(LENA))
    assert [m.wamid for m in messages] == ["wamid.OLD", "wamid.LATE"]
    assert messages[-1].position == live.seq  # filed where live messages sit
    again = log.customer("late", customer="DE.lena", wamid="wamid.LATE", at=40_000, wa_id=LENA)
    await applied(replica, again)  # a plain duplicate after that changes nothing
    assert (await detail(replica, number_customer_id(LENA))).unread == 1


@pytest.mark.asyncio
async def test_metas_follow_up_gives_a_placeholder_its_media(
    replica: Replica, log: LogBuilder
) -> None:
    photo = HistoryMessage(Wamid("wamid.P"), LENA, True, 1_000, DeliveryStatus.READ, PLACEHOLDER)
    await applied(replica, chunk(log, photo, progress=100))
    image = Media(ContentKind.IMAGE, "image/jpeg", meta_sha256="abc")
    follow_up = replace(photo, status=DeliveryStatus.SENT, content=image)
    await applied(replica, chunk(log, follow_up, progress=0, phase=0))
    [message] = await thread(replica, number_customer_id(LENA))
    assert (message.content, message.status) == (image, DeliveryStatus.READ)
    kept = await replica.history_import()
    assert kept is not None
    assert (kept.stage, kept.phase, kept.messages) == (HistoryStage.FINISHED, 1, 1)
    stored = StoredMedia("obj-1", b"k" * 32, b"h" * 32, 10)
    await applied(replica, log.record(MediaStored(Wamid("wamid.P"), stored)))
    [attached] = await thread(replica, number_customer_id(LENA))
    assert isinstance(attached.content, Media)
    assert attached.content.stored == stored
