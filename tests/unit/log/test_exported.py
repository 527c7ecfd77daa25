"""Exported (kind 35): the fact of an export travels, no content does, and it guards nothing."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.export import ExportFormat, ExportScope
from app.domain.ids import NO_CONVERSATION
from app.log.events import Exported
from app.log.registry import guard_neutral
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, detail, outcome_of, thread
from tests.unit.store.builders import ANNA, LogBuilder, conversation_of

CID = conversation_of("CC.alice")


def test_an_export_survives_the_wire_and_an_unknown_format_does_not() -> None:
    one = Exported(ExportScope.CONVERSATION, ExportFormat.HTML, CID, 1, 42)
    whole = Exported(ExportScope.HISTORY, ExportFormat.JSON, NO_CONVERSATION, 900, 120_000)
    for event in (one, whole):
        assert codec.decode(codec.encode(event, event.conversation_id, 7)).event == event
    data = bytearray(codec.encode(one, CID, 7))
    data[data.index(bytes([ExportScope.CONVERSATION, ExportFormat.HTML]), 0) + 1] = 9
    with pytest.raises(DecodeError):
        codec.decode(bytes(data))


@pytest.mark.asyncio
async def test_an_export_changes_no_conversation_and_guards_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), log.claim("CC.alice", ANNA))
    before, lines = await detail(replica), await thread(replica)
    record = log.member(
        Exported(ExportScope.CONVERSATION, ExportFormat.JSON, CID, 1, 2), "CC.alice", ANNA
    )
    await apply(replica, record)
    assert await outcome_of(replica, record) == 1  # applied: the trail lists it
    assert (await detail(replica), await thread(replica)) == (before, lines)
    assert guard_neutral(record.event)
    assert await replica.subject_seq("sb.team.c") < record.seq


def test_a_backup_travels_as_an_export_of_its_own_scope() -> None:
    backup = Exported(ExportScope.BACKUP, ExportFormat.ENCRYPTED_REPLICA, NO_CONVERSATION, 3, 40)
    assert codec.decode(codec.encode(backup, NO_CONVERSATION, 7)).event == backup
