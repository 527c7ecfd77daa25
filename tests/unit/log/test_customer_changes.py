"""CustomerEdit and CustomerRevoke: a customer's edit keeps every version; a deletion drops
the words everywhere in the replica (messages, versions, preview, search) and leaves a
tombstone; either may overtake the message it names."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.content import ContentKind, Deleted, Media, StoredMedia, Text
from app.domain.ids import CustomerId, Wamid
from app.log.events import CustomerEdit, CustomerRevoke, ForeignWebhooks, MediaStored
from app.log.values import Outcome
from app.store.records import AppliedRecord, QueueView
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, outcome_of, thread
from tests.unit.store.builders import LogBuilder, conversation_of, raw

CID = conversation_of("CC.alice")
ORIGINAL = "wamid.IN-original"
CANARY = "canary-7f3a9 my card number"


def edit(
    log: LogBuilder, text: str, *, at: int = 1_100, customer: str = "CC.alice", n: int = 1
) -> AppliedRecord:
    event = CustomerEdit(
        Wamid(f"wamid.EDIT{n}"), CustomerId(customer), Wamid(ORIGINAL), at, Text(text)
    )
    return log.record(event)


def revoke(log: LogBuilder, *, at: int = 1_200, customer: str = "CC.alice") -> AppliedRecord:
    return log.record(
        CustomerRevoke(Wamid("wamid.DEL1"), CustomerId(customer), Wamid(ORIGINAL), at)
    )


def original(log: LogBuilder, text: str = "Is my order shipped?") -> AppliedRecord:
    return log.customer(text, wamid=ORIGINAL, at=1_000)


async def versions(replica: Replica) -> list[str]:
    return [
        c.body if isinstance(c, Text) else c.kind.name
        for _, c in await replica.message_versions(Wamid(ORIGINAL))
    ]


async def search(replica: Replica, word: str) -> list[tuple[object, ...]]:
    await replica.index_search()
    return await raw(replica, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?", (word,))


async def preview(replica: Replica) -> str:
    [row] = await replica.conversation_page(QueueView.ALL_OPEN, 0, 1)
    return row.last_text


def test_both_kinds_survive_the_wire_and_a_cut_body_does_not() -> None:
    change = CustomerEdit(Wamid("wamid.E"), CustomerId("CC.a"), Wamid("wamid.O"), 5, Text("new"))
    gone = CustomerRevoke(Wamid("wamid.D"), CustomerId("CC.a"), Wamid("wamid.O"), 6)
    for event in (change, gone):
        encoded = codec.encode(event, CID, 7)
        assert codec.decode(encoded).event == event
        with pytest.raises(DecodeError):
            codec.decode(encoded[:-1])


@pytest.mark.asyncio
async def test_an_edit_shows_the_new_words_and_keeps_the_earlier_ones(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, original(log, "Is my order shipped?"))
    await apply(replica, edit(log, "Is my parcel shipped yet?"))
    [shown] = await thread(replica)
    assert (shown.text, shown.edited) == ("Is my parcel shipped yet?", True)
    assert await versions(replica) == ["Is my order shipped?", "Is my parcel shipped yet?"]
    assert await preview(replica) == "Is my parcel shipped yet?"
    assert await search(replica, "parcel")
    assert not await search(replica, "order")


@pytest.mark.asyncio
async def test_a_deletion_drops_the_words_from_the_whole_replica(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, original(log, CANARY))
    assert await search(replica, "canary")  # indexed before the deletion
    await apply(replica, edit(log, CANARY + " edited"), revoke(log))
    [shown] = await thread(replica)
    assert (shown.content, shown.text, shown.kind, shown.edited) == (
        Deleted(),
        "",
        ContentKind.DELETED,
        False,
    )
    assert await versions(replica) == []
    assert await preview(replica) == ""
    assert not await search(replica, "canary")
    for sql in ("SELECT text FROM messages", "SELECT CAST(content AS TEXT) FROM messages"):
        assert not any(CANARY in str(row[0]) for row in await raw(replica, sql))
    assert await raw(replica, "SELECT content FROM customer_edits WHERE content IS NOT NULL") == []


@pytest.mark.asyncio
async def test_changes_that_overtake_their_message_wait_for_it(
    replica: Replica, log: LogBuilder
) -> None:
    first_edit = edit(log, "I meant Tuesday", n=1)
    await apply(replica, first_edit)
    assert await thread(replica) == []
    assert await outcome_of(replica, first_edit) == Outcome.APPLIED
    await apply(replica, original(log, "Monday works"))
    [shown] = await thread(replica)
    assert (shown.text, shown.edited) == ("I meant Tuesday", True)
    assert await versions(replica) == ["Monday works", "I meant Tuesday"]


@pytest.mark.asyncio
async def test_a_deletion_before_its_message_means_the_words_are_never_stored(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, revoke(log), edit(log, "late edit"), original(log, CANARY))
    [shown] = await thread(replica)
    assert shown.content == Deleted()
    assert await preview(replica) == ""
    assert not await search(replica, "canary")
    assert await versions(replica) == []


@pytest.mark.asyncio
async def test_repeats_and_strangers_change_nothing(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, original(log), log.customer("hello", customer="CC.bob"))
    once, twice = edit(log, "fixed"), edit(log, "fixed", n=2)
    stranger = edit(log, "hijacked", customer="CC.bob", n=3)
    await apply(replica, once, twice, stranger)
    assert await outcome_of(replica, twice) == Outcome.DUPLICATE
    assert await outcome_of(replica, stranger) == Outcome.SKIPPED
    assert await versions(replica) == ["Is my order shipped?", "fixed"]
    gone, again = revoke(log), revoke(log)
    await apply(replica, gone, again)
    assert await outcome_of(replica, again) == Outcome.DUPLICATE


@pytest.mark.asyncio
async def test_a_deleted_photo_loses_its_file_and_a_late_file_is_not_attached(
    replica: Replica, log: LogBuilder
) -> None:
    stored = StoredMedia("obj-1", bytes(32), bytes(32), 10)
    photo = Media(ContentKind.IMAGE, "image/jpeg", caption=CANARY, stored=stored)
    late = log.record(MediaStored(Wamid(ORIGINAL), stored))
    await apply(replica, log.customer("", wamid=ORIGINAL, content=photo), revoke(log), late)
    [shown] = await thread(replica)
    assert shown.content == Deleted()
    assert await outcome_of(replica, late) == Outcome.SKIPPED
    assert not await raw(replica, "SELECT 1 FROM messages WHERE instr(content, 'obj-1') > 0")


@pytest.mark.asyncio
async def test_an_edited_caption_keeps_the_photo(replica: Replica, log: LogBuilder) -> None:
    stored = StoredMedia("obj-1", bytes(32), bytes(32), 10)
    photo = Media(ContentKind.IMAGE, "image/jpeg", caption="receipt", stored=stored)
    new_caption = CustomerEdit(
        Wamid("wamid.EDIT1"),
        CustomerId("CC.alice"),
        Wamid(ORIGINAL),
        1_100,
        Media(ContentKind.IMAGE, "", caption="receipt for May"),
    )
    await apply(replica, log.customer("", wamid=ORIGINAL, content=photo), log.record(new_caption))
    [shown] = await thread(replica)
    assert isinstance(shown.content, Media)
    assert (shown.content.caption, shown.content.stored, shown.text) == (
        "receipt for May",
        stored,
        "receipt for May",
    )


@pytest.mark.asyncio
async def test_reports_of_another_numbers_webhooks_add_up_once_each(
    replica: Replica, log: LogBuilder
) -> None:
    report = ForeignWebhooks("#1a2b3c4d", 2, 1_000)
    assert codec.decode(codec.encode(report, CID, 7)).event == report
    assert await replica.foreign_webhooks() == (0, None)
    first = log.record(report)
    changes = await replica.apply_batch([first], first.seq)
    assert changes.number_status_changed  # the admin's number panel looks again
    again, later = log.record(report), log.record(ForeignWebhooks("#1a2b3c4d", 1, 1_060))
    await apply(replica, again, later)  # a second copy of the first report counts once
    assert await replica.foreign_webhooks() == (3, 1_060)
