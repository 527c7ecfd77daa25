"""Issue 9, fault 4: a hub whose disk filled up takes writes again once space is freed.

nats-server keeps refusing writes to a stream after a failed store write until it restarts;
the supervisor sees the failure in the server's log and restarts it once the disk has room.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.hub import Hub
from app.hub.config import HubConfig
from app.sync.nats_transport import NatsTransport
from app.sync.transport import TransportUnavailable
from tests.helpers.hub import connected, new_team
from tests.helpers.small_disk import fill, small_disk
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.faults]


async def test_a_full_disk_stops_writes_and_freeing_it_brings_them_back(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=16) as disk:
        hub = Hub(HubConfig(data_dir=disk / "hub"))
        await hub.start()
        try:
            team = new_team()
            async with connected(hub.url, team, "desk") as desk:
                subject = f"sb.{team}.in"
                await desk.publish(subject, b"before", msg_id="before")
                filler = fill(disk)
                assert not await _writes(desk, subject, tries=100)  # buffers take a few first
                assert hub.restarts == 0

                filler.unlink()

                await until_async(lambda: _writes(desk, subject, tries=1), within=30)
                assert hub.restarts == 1
                assert (await desk.fetch(1)) is not None  # what was stored before is kept
        finally:
            await hub.stop()


async def _writes(desk: NatsTransport, subject: str, tries: int) -> bool:
    """Whether one of `tries` publishes is refused (False) or all are stored (True)."""
    for _ in range(tries):
        try:
            await desk.publish(subject, os.urandom(4096), msg_id=os.urandom(8).hex())
        except TransportUnavailable:
            return False
    return True
