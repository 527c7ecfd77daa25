"""Issue 7, item 11: a frozen hub (SIGSTOP: socket open, nothing answers) is not "Online".

Real nats-server, frozen and thawed with signals; the test waits for states, never sleeps.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.model import HubState
from app.hub import Hub
from app.services.session import HubStateRelay
from app.sync.nats_transport import NatsTransport
from app.sync.transport import ConnectionState, TransportUnavailable, event_subject
from tests.helpers.hub import new_team, running_hub
from tests.helpers.wait import until


@contextlib.contextmanager
def frozen(hub: Hub) -> Iterator[None]:
    """Stop the hub's process in its tracks; it always resumes, even if the test fails."""
    assert hub.pid is not None
    os.kill(hub.pid, signal.SIGSTOP)
    try:
        # The signal is delivered asynchronously: on a loaded machine a thread of the hub may
        # still answer a request sent right after kill() (seen once: a publish acknowledged).
        wait_until_stopped(hub.pid)
        yield
    finally:
        os.kill(hub.pid, signal.SIGCONT)


def wait_until_stopped(pid: int, within: float = 10.0) -> None:
    """Return once every thread of `pid` is in the stopped state ('T' in /proc)."""
    deadline = time.monotonic() + within
    while not all(_state(stat) == "T" for stat in Path(f"/proc/{pid}/task").glob("*/stat")):
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} did not stop within {within} s")
        os.sched_yield()


def _state(stat: Path) -> str:
    """A thread's state letter; 'T' for one that ended meanwhile (it answers nothing)."""
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return "T"


@pytest.mark.asyncio
async def test_a_frozen_hub_reads_as_not_responding_and_online_again_when_it_thaws(
    tmp_path: Path,
) -> None:
    team = new_team()
    states: list[HubState] = []
    relay = HubStateRelay()
    relay.attach(states.append)
    async with running_hub(tmp_path) as hub:
        transport = await NatsTransport.connect(
            hub.url,
            team_id_hex=team,
            name="frozen-test",
            on_state=relay,
            probe_interval=0.1,
            probe_patience=0.5,
        )
        try:
            await transport.ensure_stream()
            subject = event_subject(team, "a" * 32)
            await transport.publish(subject, b"before", msg_id="before")
            assert states[-1] is HubState.ONLINE
            with frozen(hub):
                await until(lambda: states[-1] is HubState.NOT_RESPONDING, timeout=5)
                assert transport._nc.is_connected  # the socket is still open: only silence tells
            await until(lambda: states[-1] is HubState.ONLINE, timeout=5)
            ack = await transport.publish(subject, b"after", msg_id="after")
            assert ack.seq == 2
        finally:
            await transport.close()
    assert HubState.OFFLINE not in states[: states.index(HubState.NOT_RESPONDING)]


@pytest.mark.asyncio
async def test_a_publish_the_frozen_hub_never_answers_counts_as_not_responding(
    tmp_path: Path,
) -> None:
    team = new_team()
    states: list[ConnectionState] = []
    async with running_hub(tmp_path) as hub:
        # A watchdog too slow to notice first: the timed-out publish has to tell.
        transport = await NatsTransport.connect(
            hub.url,
            team_id_hex=team,
            name="frozen-publish",
            on_state=states.append,
            probe_interval=0.1,
            probe_patience=3600,
        )
        try:
            await transport.ensure_stream()
            transport._js._timeout = 0.5  # the publish ack wait, short for the test
            with frozen(hub):
                with pytest.raises(TransportUnavailable):
                    await transport.publish(event_subject(team, "b" * 32), b"x", msg_id="x")
                assert states[-1] is ConnectionState.NOT_RESPONDING
            await until(lambda: states[-1] is ConnectionState.CONNECTED, timeout=5)
        finally:
            await transport.close()
