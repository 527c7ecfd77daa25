"""Issue 9, fault 1: a desk whose disk fills up pauses and carries on once space is freed.

The desks' profiles live on a small tmpfs of their own (hub and gateway elsewhere), which is
filled while the team works.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import HubUnreachable, StoreUnavailable
from app.domain.handling import HandoverAction
from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, Direction, LocalStoreState
from app.services.session import OpenDesk
from app.simulator.state import Customer
from tests.helpers.small_disk import fill, small_disk
from tests.helpers.stack import customer_claimed_by, running_stack
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults]

_ON_ITS_WAY = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ)


async def test_the_outbox_outlives_a_full_disk_and_sends_once_there_is_room(
    tmp_path: Path,
) -> None:
    data = tmp_path / "team"
    with small_disk(data / "desks", megabytes=96) as disk:
        async with running_stack(data) as stack:
            customer, conversation = await customer_claimed_by(stack)
            sim = stack.simulator
            assert sim is not None
            desk = stack.desks["Anna"]
            hub = stack.hub
            assert hub is not None
            await hub.stop()  # the reply waits in the outbox, retrying
            reply = await desk.session.reply(conversation, "We are on it.")
            filler = fill(disk)
            desk.outbox.wake()  # its retry has to write the next attempt: the disk is full
            await until(lambda: desk.outbox.store_failures > 0, timeout=20)
            assert not desk.outbox_task.done()
            assert desk.session.local_store() is LocalStoreState.FAILING  # the status bar says so

            filler.unlink()
            await hub.start()
            texts = ["We are on it."]
            await until(lambda: [m.text for m in sim.received(customer.user_id)] == texts, 60)

            async def sent() -> bool:
                page = await desk.session.messages_page(conversation, None, 10)
                [mine] = [m for m in page if m.event_id == reply.event_id]
                return mine.status in _ON_ITS_WAY

            await until_async(sent, within=30)
            assert desk.session.local_store() is LocalStoreState.OK


async def test_the_sync_pauses_on_a_full_disk_and_resumes_once_there_is_room(
    tmp_path: Path,
) -> None:
    data = tmp_path / "team"
    with small_disk(data / "desks", megabytes=96) as disk:
        async with running_stack(data) as stack:
            customer, conversation = await customer_claimed_by(stack)
            sim = stack.simulator
            assert sim is not None
            anna, ben = stack.desks["Anna"], stack.desks["Ben"]
            await ben.engine.caught_up()  # Ben's take-over below needs Anna's claim applied
            filler = fill(disk)
            texts = await _written_until_paused(stack, customer, conversation, ben)
            frozen_at = ben.engine.applied_seq
            texts.append("written while the disk is full")
            await sim.customer_sends_text(customer.user_id, texts[-1])
            with pytest.raises(StoreUnavailable) as refused:  # not "the hub is unreachable"
                await ben.session.hand_over(conversation, HandoverAction.TAKE_OVER)
            assert not isinstance(refused.value, HubUnreachable)
            assert ben.engine.applied_seq == frozen_at  # nothing skipped, nothing half applied

            filler.unlink()
            for desk in (anna, ben):
                await until_async(lambda d=desk: _texts_are(d, conversation, texts), within=30)
                await until(lambda d=desk: d.session.local_store() is LocalStoreState.OK, 10)
            await ben.session.hand_over(conversation, HandoverAction.TAKE_OVER)  # works again
            await ben.session.reply(conversation, "Sorted.")
            replies = ["Sorted."]
            await until(lambda: [m.text for m in sim.received(customer.user_id)] == replies, 30)


async def test_a_desk_paused_on_a_full_disk_closes_promptly(tmp_path: Path) -> None:
    data = tmp_path / "team"
    with small_disk(data / "desks", megabytes=96) as disk:
        async with running_stack(data) as stack:
            customer, conversation = await customer_claimed_by(stack)
            fill(disk)
            ben = stack.desks["Ben"]
            await _written_until_paused(stack, customer, conversation, ben)
            assert stack.factory is not None
            team_desk = stack.team_desks["Ben"]
            stack.factory.desks.remove(team_desk)
            async with asyncio.timeout(10):  # it used to hang until killed
                await team_desk.close()


async def _written_until_paused(
    stack: DemoStack, customer: Customer, conversation: ConversationId, desk: OpenDesk
) -> list[str]:
    """The customer writes until `desk`'s store refuses a write (its disk is full by now);
    small records may still fit in pages the replica's log already holds. Returns the texts
    the conversation holds, the first one included."""
    sim = stack.simulator
    assert sim is not None
    texts = ["Hello?"]
    while desk.session.local_store() is LocalStoreState.OK:
        assert len(texts) < 60, "the full disk never stopped a write"
        texts.append(f"message {len(texts)}")
        await sim.customer_sends_text(customer.user_id, texts[-1])
        await _applied_or_failing(desk, conversation, len(texts))
    return texts


async def _applied_or_failing(desk: OpenDesk, conversation: ConversationId, count: int) -> None:
    async def settled() -> bool:
        if desk.session.local_store() is not LocalStoreState.OK:
            return True
        return len(await desk.session.messages_page(conversation, None, 100)) == count

    await until_async(settled, within=15)


async def _texts_are(desk: OpenDesk, conversation: ConversationId, texts: list[str]) -> bool:
    page = await desk.session.messages_page(conversation, None, 100)
    return [m.text for m in page if m.direction is Direction.INBOUND] == texts
