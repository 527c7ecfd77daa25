"""StateChange: resolve, park, snooze, reopen; the customer's message reopens; tabs follow."""

from __future__ import annotations

import pytest

from app.crypto.errors import DecodeError
from app.domain.content import Activity, ActivityKind
from app.domain.handling import ConversationState
from app.domain.model import Direction, QueueView
from app.log.events import StateCause, StateChange
from app.log.values import AppliedRecord, Outcome
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, counts, detail, outcome_of, recounted, thread
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

CID = conversation_of("CC.alice")


def test_a_state_change_survives_the_wire_and_a_bad_state_does_not() -> None:
    event = StateChange(CID, ConversationState.SNOOZED, 5_000, StateCause.AGENT)
    assert codec.decode(codec.encode(event, CID, 7)).event == event
    data = bytearray(codec.encode(event, CID, 7))
    state_at = data.index(bytes(CID), 30) + 16  # the body's conversation id, then the state
    data[state_at] = 9
    with pytest.raises(DecodeError):
        codec.decode(bytes(data))


@pytest.mark.asyncio
async def test_resolving_moves_the_conversation_to_its_tab_and_writes_a_line(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), log.claim("CC.alice", ANNA))
    resolve = log.member(StateChange(CID, ConversationState.RESOLVED), "CC.alice", ANNA)
    await apply(replica, resolve)
    found = await detail(replica)
    assert found.state == ConversationState.RESOLVED
    assert found.assignee == ANNA
    assert found.last_subject_seq == resolve.seq
    tabs = await counts(replica, ANNA)
    assert tabs[QueueView.RESOLVED] == 1
    assert tabs[QueueView.MINE] == tabs[QueueView.ALL_OPEN] == 0
    assert tabs == await recounted(replica, ANNA)
    line = (await thread(replica))[-1]
    assert line.direction == Direction.ACTIVITY
    assert line.author == ANNA
    assert line.content == Activity(ActivityKind.RESOLVED)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "parked", [ConversationState.RESOLVED, ConversationState.PENDING, ConversationState.SNOOZED]
)
async def test_the_customers_next_message_opens_it_again_for_the_same_agent(
    replica: Replica, log: LogBuilder, parked: ConversationState
) -> None:
    await apply(replica, log.customer("hi"), log.claim("CC.alice", BORIS))
    until = 9_000 if parked == ConversationState.SNOOZED else 0
    await apply(replica, log.member(StateChange(CID, parked, until), "CC.alice", BORIS))
    await apply(replica, log.customer("are you there?", at=2_000))
    found = await detail(replica)
    assert (found.state, found.snooze_until, found.assignee) == (
        ConversationState.OPEN,
        0,
        BORIS,
    )
    assert (await counts(replica, BORIS))[QueueView.MINE] == 1
    assert await counts(replica, BORIS) == await recounted(replica, BORIS)


@pytest.mark.asyncio
async def test_a_snooze_keeps_its_time_and_its_end_is_a_line_of_its_own(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"))
    snooze = StateChange(CID, ConversationState.SNOOZED, 5_000)
    await apply(replica, log.member(snooze, "CC.alice", ANNA))
    assert (await detail(replica)).snooze_until == 5_000
    assert await replica.next_wake() == 5_000
    assert await replica.snoozes_due(4_999) == []
    assert await replica.snoozes_due(5_000) == [CID]
    wake = StateChange(CID, ConversationState.OPEN, cause=StateCause.SNOOZE_ENDED)
    await apply(replica, log.member(wake, "CC.alice", BORIS))
    assert (await detail(replica)).state == ConversationState.OPEN
    assert await replica.next_wake() is None
    assert (await thread(replica))[-1].content == Activity(ActivityKind.REOPENED)


@pytest.mark.asyncio
async def test_a_snooze_end_after_the_customer_woke_it_changes_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"))
    await apply(
        replica, log.member(StateChange(CID, ConversationState.SNOOZED, 5_000), "CC.alice", ANNA)
    )
    await apply(replica, log.customer("me again", at=3_000))
    late = log.member(
        StateChange(CID, ConversationState.OPEN, cause=StateCause.SNOOZE_ENDED), "CC.alice", BORIS
    )
    await apply(replica, late)
    assert await outcome_of(replica, late) == Outcome.SKIPPED
    assert (await thread(replica))[-1].direction == Direction.INBOUND


@pytest.mark.asyncio
async def test_a_state_change_for_an_unknown_conversation_is_kept_but_not_applied(
    replica: Replica, log: LogBuilder
) -> None:
    stray = log.member(StateChange(CID, ConversationState.RESOLVED), "CC.alice", ANNA)
    await apply(replica, stray)
    assert await outcome_of(replica, stray) == Outcome.SKIPPED
    assert await counts(replica, ANNA) == dict.fromkeys(QueueView, 0)


@pytest.mark.asyncio
@pytest.mark.parametrize("parked", [ConversationState.RESOLVED, ConversationState.SNOOZED])
async def test_parking_does_not_bury_a_message_the_agent_had_not_seen(
    replica: Replica, log: LogBuilder, parked: ConversationState
) -> None:
    await apply(replica, log.customer("hi", at=1_000), log.claim("CC.alice", ANNA))
    unseen = log.customer("one more thing", at=1_700)
    until = 9_000 if parked == ConversationState.SNOOZED else 0
    decided = log.member(StateChange(CID, parked, until), "CC.alice", ANNA, author_time=1_600)
    await apply(replica, unseen, decided)  # the log has the message first
    found = await detail(replica)
    assert found.state == ConversationState.OPEN
    assert found.snooze_until == 0
    tabs = await counts(replica, ANNA)
    assert tabs[QueueView.MINE] == 1
    assert tabs == await recounted(replica, ANNA)


@pytest.mark.asyncio
async def test_only_batches_that_snooze_wake_or_touch_a_snoozed_conversation_say_so(
    replica: Replica, log: LogBuilder
) -> None:
    """The snooze waker queries the replica again only on these (ChangeSet.snoozes_changed)."""

    async def snoozes_changed(record: AppliedRecord) -> bool:
        return (await replica.apply_batch([record], record.seq)).snoozes_changed

    assert not await snoozes_changed(log.customer("hi"))
    assert not await snoozes_changed(log.claim("CC.alice", ANNA))
    snooze = StateChange(CID, ConversationState.SNOOZED, 5_000)
    assert await snoozes_changed(log.member(snooze, "CC.alice", ANNA))
    assert await snoozes_changed(log.customer("awake?", at=3_000))  # the customer woke it
    assert not await snoozes_changed(log.customer("still there", at=3_001))
