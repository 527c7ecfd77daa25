"""Handover: assign, transfer with a note, release, take over; what the rules refuse."""

from __future__ import annotations

import pytest

from app.domain.content import Activity, ActivityKind
from app.domain.handling import HandoverAction
from app.domain.ids import DeviceId
from app.domain.model import Direction, QueueView
from app.log.events import Handover
from app.log.values import Outcome
from app.store.replica import Replica
from app.sync import codec
from tests.unit.log.helpers import apply, counts, detail, outcome_of, recounted, thread
from tests.unit.store.builders import ANNA, BORIS, LogBuilder, conversation_of

CID = conversation_of("CC.alice")
CARL = DeviceId(b"C" * 16)


def test_a_handover_survives_the_wire() -> None:
    for event in (
        Handover(CID, HandoverAction.TRANSFER, BORIS, "VIP — handle with care"),
        Handover(CID, HandoverAction.RELEASE),
    ):
        assert codec.decode(codec.encode(event, CID, 7)).event == event


@pytest.mark.asyncio
async def test_assign_then_transfer_with_a_note_then_release(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"))
    await apply(replica, log.member(Handover(CID, HandoverAction.ASSIGN, BORIS), "CC.alice", ANNA))
    assert (await detail(replica)).assignee == BORIS
    assert (await counts(replica, BORIS))[QueueView.MINE] == 1
    transfer = Handover(CID, HandoverAction.TRANSFER, CARL, "knows the order")
    await apply(replica, log.member(transfer, "CC.alice", BORIS))
    assert (await detail(replica)).assignee == CARL
    line = (await thread(replica))[-1]
    assert (line.direction, line.author) == (Direction.ACTIVITY, BORIS)
    assert line.content == Activity(ActivityKind.TRANSFERRED, target=CARL, note="knows the order")
    assert line.text == "knows the order"  # the note is searchable
    await apply(replica, log.member(Handover(CID, HandoverAction.RELEASE), "CC.alice", CARL))
    assert (await detail(replica)).assignee is None
    tabs = await counts(replica, CARL)
    assert (tabs[QueueView.UNASSIGNED], tabs[QueueView.MINE]) == (1, 0)
    assert tabs == await recounted(replica, CARL)


@pytest.mark.asyncio
async def test_take_over_names_whom_it_was_taken_from(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi"), log.claim("CC.alice", BORIS))
    take = log.member(Handover(CID, HandoverAction.TAKE_OVER), "CC.alice", ANNA)
    await apply(replica, take)
    found = await detail(replica)
    assert (found.assignee, found.last_subject_seq) == (ANNA, take.seq)
    assert (await thread(replica))[-1].content == Activity(ActivityKind.TOOK_OVER, target=BORIS)


@pytest.mark.asyncio
async def test_what_the_rules_refuse_is_kept_but_changes_nothing(
    replica: Replica, log: LogBuilder
) -> None:
    await apply(replica, log.customer("hi"), log.claim("CC.alice", BORIS))
    before = await detail(replica)
    refused = [
        # Anna transfers or releases what Boris holds (she must take it over first) …
        log.member(Handover(CID, HandoverAction.TRANSFER, CARL), "CC.alice", ANNA),
        log.member(Handover(CID, HandoverAction.RELEASE), "CC.alice", ANNA),
        # … Boris takes over his own, or assigns it to himself again.
        log.member(Handover(CID, HandoverAction.TAKE_OVER), "CC.alice", BORIS),
        log.member(Handover(CID, HandoverAction.ASSIGN, BORIS), "CC.alice", ANNA),
    ]
    await apply(replica, *refused)
    for record in refused:
        assert await outcome_of(replica, record) == Outcome.SKIPPED
    assert await detail(replica) == before
    assert all(m.direction != Direction.ACTIVITY for m in await thread(replica))


@pytest.mark.asyncio
async def test_the_system_assigns_only_what_nobody_holds(replica: Replica, log: LogBuilder) -> None:
    await apply(replica, log.customer("hi"))
    auto = log.member(Handover(CID, HandoverAction.AUTO_ASSIGN, BORIS), "CC.alice", ANNA)
    await apply(replica, auto)
    found = await detail(replica)
    assert found.assignee == BORIS
    assert (await thread(replica))[-1].content == Activity(ActivityKind.AUTO_ASSIGNED, target=BORIS)
    view = await replica.assignment_view(10)
    assert (view.last, view.open_counts, view.waiting) == (BORIS, {BORIS: 1}, [])
    # A second desk's decision, made on the view before: refused by the rules, alike everywhere.
    again = log.member(Handover(CID, HandoverAction.AUTO_ASSIGN, CARL), "CC.alice", ANNA)
    await apply(replica, again)
    assert await outcome_of(replica, again) == Outcome.SKIPPED
    assert (await detail(replica)).assignee == BORIS
    assert (await replica.assignment_view(10)).last == BORIS
