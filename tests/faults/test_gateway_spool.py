"""Issue 9, fault 6: the gateway answers Meta from its durable spool, whatever the hub does.

While the hub was down the gateway answered Meta's webhooks with errors and relied on Meta's
retries, which the simulator gave up after about 10 s. Now a signed body is on the gateway's
disk before 200 goes back, and is published once the hub can take it: nothing is lost, Meta
never retries, and a gateway killed with its spool full publishes it all after its restart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import aiohttp
import pytest

from app.demo.stack import DemoStack
from app.domain.ids import TeamId
from app.gateway.identity import GatewayIdentity, save_identity
from app.gateway.spool import Spool, SpoolFull
from app.simulator.state import Customer
from tests.helpers.small_disk import fill, small_disk
from tests.helpers.stack import running_stack
from tests.helpers.wait import until, until_async

KEY = bytes(range(32))

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults]

CUSTOMERS = 4
ROUNDS = 5


async def test_a_hub_outage_costs_no_meta_retry_and_no_message(tmp_path: Path) -> None:
    async with running_stack(tmp_path) as stack:
        sim, hub = stack.simulator, stack.hub
        assert sim is not None
        assert hub is not None
        customers = _customers(stack)
        before = sim.stats

        await hub.stop()
        await _write_all(stack, customers)

        # Every POST was answered 200 at its first attempt, with the hub still down.
        await until(
            lambda: (
                sim.stats.webhook_posts_delivered - before.webhook_posts_delivered
                >= CUSTOMERS * ROUNDS
            ),
            timeout=15,
        )
        after = sim.stats
        assert after.webhook_attempts - before.webhook_attempts == CUSTOMERS * ROUNDS
        assert after.webhook_posts_failed == before.webhook_posts_failed
        assert _spooled(stack) == CUSTOMERS * ROUNDS

        await hub.start()
        await _every_desk_has(stack, CUSTOMERS * ROUNDS)


async def test_a_gateway_killed_with_a_full_spool_publishes_it_after_its_restart(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path / "team") as stack:
        sim, hub = stack.simulator, stack.hub
        assert sim is not None
        assert hub is not None
        customers = _customers(stack)
        before = sim.stats
        process = await _gateway_process(stack, tmp_path / "gateway.log")
        try:
            await hub.stop()
            await _write_all(stack, customers)
            await until(
                lambda: (
                    sim.stats.webhook_posts_delivered - before.webhook_posts_delivered
                    >= CUSTOMERS * ROUNDS
                ),
                timeout=15,
            )
            assert sim.stats.webhook_attempts - before.webhook_attempts == CUSTOMERS * ROUNDS
        finally:
            process.send_signal(signal.SIGKILL)  # between the spool's flush and the publish
            await process.wait()
        assert process.returncode == -signal.SIGKILL

        await hub.start()
        await stack.start_gateway()  # the same state folder, its spool as the kill left it
        await _every_desk_has(stack, CUSTOMERS * ROUNDS)


async def test_a_gateway_killed_under_traffic_loses_and_repeats_nothing(tmp_path: Path) -> None:
    async with running_stack(tmp_path / "team") as stack:
        sim = stack.simulator
        assert sim is not None
        customers = _customers(stack)
        before = sim.stats.webhook_posts_delivered
        process = await _gateway_process(stack, tmp_path / "gateway.log")
        writing = asyncio.create_task(_write_all(stack, customers, pause=0.02))
        try:
            # Killed wherever it is: spooling, sealing, publishing or removing.
            await until(lambda: sim.stats.webhook_posts_delivered - before >= 6, timeout=15)
        finally:
            process.send_signal(signal.SIGKILL)
            await process.wait()
        await stack.start_gateway()
        await writing
        await _every_desk_has(stack, CUSTOMERS * ROUNDS)  # Meta's retries reach the new one


async def test_a_full_disk_refuses_to_spool_and_room_brings_it_back(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=4) as disk:
        spool = Spool(disk / "gateway", KEY, keep_free=0)
        await spool.open()
        try:
            await spool.append(b"before")
            filler = fill(disk)
            with pytest.raises(SpoolFull):  # so the webhook is answered 503: Meta retries
                await _append_until_refused(spool)
            stored = await spool.count()

            filler.unlink()

            await spool.append(b"after")
            assert await spool.count() == stored + 1
            assert (await spool.take(0, 1))[0].raw == b"before"
        finally:
            await spool.close()


async def _append_until_refused(spool: Spool) -> None:
    for n in range(1000):  # the first few may fit into pages SQLite already has
        await spool.append(os.urandom(4096) + b"%d" % n)


def _customers(stack: DemoStack) -> list[Customer]:
    assert stack.simulator is not None
    return [
        stack.simulator.add_customer(f"Customer {n}", wa_id=f"4915122{n:06d}")
        for n in range(CUSTOMERS)
    ]


async def _write_all(stack: DemoStack, customers: list[Customer], pause: float = 0.0) -> None:
    assert stack.simulator is not None
    for round_ in range(ROUNDS):
        for customer in customers:
            await stack.simulator.customer_sends_text(customer.user_id, f"message {round_}")
            await asyncio.sleep(pause)  # customers write one after the other, not all at once


def _spooled(stack: DemoStack) -> int:
    """Bodies in the gateway's spool, read from its file as another process would."""
    assert stack.gateway is not None
    assert stack.team is not None
    path = tmp_spool_path(stack)
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM body").fetchone()[0])


def tmp_spool_path(stack: DemoStack) -> Path:
    assert stack.team is not None
    return stack.data_dir / "gateway" / stack.team.team_id.hex() / "gateway-spool.sqlite3"


async def _every_desk_has(stack: DemoStack, count: int) -> None:
    """Every desk holds `count` customer messages: each one once, none lost."""

    async def arrived() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return all(s.inbound_messages >= count for s in stats)

    await until_async(arrived, within=30)
    await until(lambda: _spooled(stack) == 0, timeout=10)  # nothing left to publish again
    for desk in stack.desks.values():
        await desk.engine.caught_up()
        assert (await desk.replica.stats()).inbound_messages == count


async def _gateway_process(stack: DemoStack, log: Path) -> asyncio.subprocess.Process:
    """Hand the demo's gateway over to `switchboard gateway run` in a process of its own, on
    the same state folder and port, so that it can be killed for real."""
    assert stack.team is not None
    assert stack.hub is not None
    state_dir = tmp_spool_path(stack).parent
    save_identity(
        state_dir,
        GatewayIdentity(
            team_id=TeamId(stack.team.team_id),
            fingerprint=stack.team.fingerprint,
            hub_url=stack.hub_url,
            tls_fingerprint=stack.hub.tls_fingerprint,
            public_url="",
            keys=stack.team.gateway,
        ),
    )
    port = int(stack.callback_url.rsplit(":", 1)[1].split("/", 1)[0])
    await stack.stop_gateway()
    argv = [sys.executable, "-m", "app", "gateway", "run", "--state-dir", str(state_dir)]
    argv += ["--port", str(port)]
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(*argv, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}/webhook"

    async def serving() -> bool:
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as answer:
                return answer.status in {200, 403}
        except aiohttp.ClientError:
            return process.returncode is not None

    await until_async(serving, within=30)
    assert process.returncode is None, f"the gateway process ended: see {log}"
    return process
