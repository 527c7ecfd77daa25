"""Issue 9, fault 1: a desk whose disk fills up pauses and carries on once space is freed.

The desks' profiles live on a small tmpfs of their own (hub and gateway elsewhere), which is
filled while the team works.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.model import DeliveryStatus, LocalStoreState
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
