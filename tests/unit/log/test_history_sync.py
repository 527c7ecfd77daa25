"""HistorySync and PhoneSyncRequest: the request for the phone's data and what came of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.crypto.errors import DecodeError
from app.domain.content import Text
from app.domain.history import DECLINED_CODE, HistoryStage
from app.domain.ids import Wamid
from app.domain.model import DeliveryStatus
from app.domain.outreach import number_customer_id
from app.log.events import HistoryChunk, HistoryMessage, HistorySync, PhoneSyncRequest
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply
from tests.unit.store.builders import LogBuilder, conversation_of

WA_ID = "4915112345678"


def chunk(log: LogBuilder, progress: int) -> AppliedRecord:
    message = HistoryMessage(
        Wamid(f"wamid.{progress}"), WA_ID, False, 1_000, DeliveryStatus.READ, Text("hi")
    )
    record = log.record(HistoryChunk(1, 0, progress, (message,)))
    return replace(
        record, thread_conversations=((WA_ID, conversation_of(number_customer_id(WA_ID))),)
    )


def test_both_survive_the_wire() -> None:
    for event in (
        HistorySync(HistoryStage.DECLINED, "History sharing is off", DECLINED_CODE, 1_767_300_000),
        PhoneSyncRequest(contacts=True, history=False),
    ):
        assert codec.decode(codec.encode(event, conversation_of("x"), 3)).event == event


def test_a_desks_own_stage_never_travels() -> None:
    encoded = codec.encode(HistorySync(HistoryStage.REQUESTED), conversation_of("x"), 3)
    at = encoded.rindex(bytes([HistoryStage.REQUESTED, 0, 0, 0, 0]))  # stage, then reason ""
    forged = encoded[:at] + bytes([HistoryStage.FINISHED]) + encoded[at + 1 :]
    with pytest.raises(DecodeError):
        codec.decode(forged)


@pytest.mark.asyncio
async def test_requested_then_declined(replica: Replica, log: LogBuilder) -> None:
    assert await replica.history_import() is None
    await apply(replica, log.record(HistorySync(HistoryStage.REQUESTED, at=10)))
    kept = await replica.history_import()
    assert kept is not None
    assert kept.stage is HistoryStage.REQUESTED
    await apply(replica, log.record(HistorySync(HistoryStage.DECLINED, "off", DECLINED_CODE, 20)))
    declined = await replica.history_import()
    assert declined is not None
    assert (declined.stage, declined.reason, declined.code) == (
        HistoryStage.DECLINED,
        "off",
        DECLINED_CODE,
    )


@pytest.mark.asyncio
async def test_a_late_requested_does_not_undo_the_chunks(replica: Replica, log: LogBuilder) -> None:
    # Meta's first chunks can reach the team before the gateway reports Meta's answer.
    await apply(replica, chunk(log, 40))
    await apply(replica, log.record(HistorySync(HistoryStage.REQUESTED, at=10)))
    kept = await replica.history_import()
    assert kept is not None
    assert (kept.stage, kept.progress) == (HistoryStage.RECEIVING, 40)
    await apply(replica, chunk(log, 100))
    await apply(replica, log.record(HistorySync(HistoryStage.ALREADY_DONE, at=30)))
    done = await replica.history_import()
    assert done is not None
    assert done.stage is HistoryStage.FINISHED


@pytest.mark.asyncio
async def test_a_refusal_says_why(replica: Replica, log: LogBuilder) -> None:
    reason = "the sync window of 24 hours after onboarding closed"
    await apply(replica, log.record(HistorySync(HistoryStage.REFUSED, reason, 100, 5)))
    kept = await replica.history_import()
    assert kept is not None
    assert (kept.stage, kept.reason, kept.code) == (
        HistoryStage.REFUSED,
        reason,
        100,
    )
