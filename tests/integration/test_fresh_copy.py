"""Issue 9, fault 5: a damaged local store is kept aside and synced again from the hub.

A byte flipped deep in Ben's replica is found by the check at open and noted beside the file;
the next start refuses the file until the user chooses. A fresh copy keeps the damaged file
aside, syncs everything again as the same device (no new invite), and works as before. An
emptied file no longer says who the device is: it is kept aside and the profile joins again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.domain.errors import ReplicaFailedCheck
from app.domain.model import LocalStoreState, QueueView
from app.store.damage_mark import mark_damaged
from tests.helpers.stack import customer_claimed_by, running_stack
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults]

MESSAGES = 6


async def _customers_wrote(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    for n in range(MESSAGES):
        customer = sim.add_customer(f"Kunde {n}", wa_id=f"4915100077{n:02d}")
        await sim.customer_sends_text(customer.user_id, f"Frage {n}")

    async def everywhere() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return all(s.inbound_messages == MESSAGES for s in stats)

    await until_async(everywhere, within=20)


def _flip_a_byte_near_the_end(replica: Path) -> None:
    """A page of message rows, written last: far from the identity, written at joining."""
    data = bytearray(replica.read_bytes())
    data[len(data) - 3000] ^= 0x01
    replica.write_bytes(bytes(data))


async def _close_ben(stack: DemoStack) -> Path:
    assert stack.factory is not None
    ben = stack.team_desks["Ben"]
    await ben.close()
    stack.factory.desks.remove(ben)
    return ben.profile.replica


async def test_a_replica_that_failed_its_check_is_kept_aside_and_synced_again(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path / "team") as stack:
        await _customers_wrote(stack)
        assert stack.factory is not None
        ben = stack.team_desks["Ben"]
        replica = await _close_ben(stack)
        _flip_a_byte_near_the_end(replica)
        dmk = await stack._master_key(ben.profile)

        damaged = await stack.factory.reopen(ben.profile, dmk)  # the first start finds it
        states: list[LocalStoreState] = []
        await until(lambda: damaged.desk.session.local_store() is LocalStoreState.DAMAGED, 20)
        states.append(damaged.desk.session.local_store())
        await damaged.close()
        stack.factory.desks.remove(damaged)
        with pytest.raises(ReplicaFailedCheck):  # the next start asks the user first
            await stack.factory.reopen(ben.profile, dmk)

        fresh = await stack.factory.fresh_copy(ben.profile, dmk)
        assert fresh is not None
        stack.team_desks["Ben"], stack.desks["Ben"] = fresh, fresh.desk
        kept = sorted(replica.parent.glob("replica-damaged-*.db"))
        assert len(kept) == 1
        assert fresh.keys.device_id == ben.keys.device_id  # the same device, no new invite

        session = fresh.desk.session

        async def synced_again() -> bool:
            return (await fresh.desk.replica.stats()).inbound_messages == MESSAGES

        await until_async(synced_again, within=20)
        assert await session.queue_count(QueueView.UNASSIGNED) == MESSAGES
        await until(lambda: session.local_store() is LocalStoreState.OK, 20)
        # It works as before: Ben claims and answers, and the customer gets the reply.
        cid = (await session.queue_page(QueueView.UNASSIGNED, 0, 1))[0].conversation_id
        await session.claim(cid)
        await session.reply(cid, "Antwort nach der frischen Kopie")
        sim = stack.simulator
        assert sim is not None
        await until(
            lambda: any(
                m.text == "Antwort nach der frischen Kopie"
                for c in sim.customers()
                for m in sim.received(c.user_id)
            ),
            20,
        )


async def test_an_emptied_replica_is_kept_aside_and_the_profile_joins_again(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path / "team") as stack:
        assert stack.factory is not None
        ben = stack.team_desks["Ben"]
        replica = await _close_ben(stack)
        replica.write_bytes(b"")
        dmk = await stack._master_key(ben.profile)

        assert await stack.factory.fresh_copy(ben.profile, dmk) is None
        assert not replica.exists()  # the profile is new again: the first-run window opens
        assert not ben.profile.exists
        kept = sorted(replica.parent.glob("replica-damaged-*.db"))
        assert [p.stat().st_size for p in kept] == [0]


async def test_replies_the_damaged_replica_had_not_sent_go_out_from_the_fresh_copy(
    tmp_path: Path,
) -> None:
    """A reply still in the damaged file's outbox (the hub was away) is not lost with it."""
    async with running_stack(tmp_path / "team") as stack:
        customer, cid = await customer_claimed_by(stack, "Ben")
        assert stack.factory is not None
        assert stack.hub is not None
        ben = stack.team_desks["Ben"]
        await stack.hub.stop()
        await ben.desk.session.reply(cid, "Written while the hub was away")
        assert await ben.desk.replica.has_pending_outbox(cid)
        replica = await _close_ben(stack)
        mark_damaged(replica, "a page failed its check")  # what the background check writes
        await stack.hub.start()
        dmk = await stack._master_key(ben.profile)

        fresh = await stack.factory.fresh_copy(ben.profile, dmk)
        assert fresh is not None
        stack.team_desks["Ben"], stack.desks["Ben"] = fresh, fresh.desk
        sim = stack.simulator
        assert sim is not None
        texts = ["Written while the hub was away"]
        await until(lambda: [m.text for m in sim.received(customer.user_id)] == texts, 30)
