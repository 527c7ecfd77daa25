"""Note: a private line for colleagues, with mentions; it leaves the queue row and guard be."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain import content
from app.domain.model import Direction
from app.domain.notes import MAX_MENTIONS
from app.log.events import Note
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, detail, thread
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

CID = conversation_of("CC.alice")


def test_a_note_survives_the_wire_and_too_many_mentions_do_not() -> None:
    event = Note(CID, "@Boris can you check the invoice?", (BORIS,))
    assert codec.decode(codec.encode(event, CID, 7)).event == event
    crowded = Note(CID, "everyone", tuple(bytes([i]) * 16 for i in range(MAX_MENTIONS + 1)))  # type: ignore[misc]
    with pytest.raises(DecodeError):
        codec.decode(codec.encode(crowded, CID, 7))


@pytest.mark.asyncio
async def test_a_note_shows_in_the_thread_and_nowhere_else(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("where is my order?"), log.claim("CC.alice", ANNA))
    before = await detail(replica)
    note = log.member(Note(CID, "@Boris the courier lost it", (BORIS,)), "CC.alice", ANNA)
    await apply(replica, note)
    shown = (await thread(replica))[-1]
    assert (shown.direction, shown.author, shown.text) == (
        Direction.NOTE,
        ANNA,
        "@Boris the courier lost it",
    )
    assert shown.content == content.Note("@Boris the courier lost it", (BORIS,))
    after = await detail(replica)
    assert after == before  # no preview, no unread, no guard move
    # The guard a reply is decided on skips the note: a colleague's note never makes it stale.
    assert await replica.subject_seq("sb.team.c") < note.seq
