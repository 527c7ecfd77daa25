"""The pull inbox on a real hub: no pull request stays open while the desk works on a batch, so
what arrives meanwhile comes as one burst with the next request (one delivery on the hub)."""

from __future__ import annotations

from pathlib import Path

import nats
import pytest
from nats.js import api

from app.sync.nats_pull import PullInbox
from tests.helpers.hub import running_hub

pytestmark = pytest.mark.asyncio

STREAM, CONSUMER = "PULLS", "desk"


async def test_live_no_request_stays_open_between_takes_and_a_burst_comes_whole(
    tmp_path: Path,
) -> None:
    async with running_hub(tmp_path) as hub:
        nc = await nats.connect(hub.url)
        js = nc.jetstream()
        try:
            await js.add_stream(name=STREAM, subjects=["pulls.>"])
            config = api.ConsumerConfig(
                name=CONSUMER, ack_policy=api.AckPolicy.NONE, mem_storage=True
            )
            await js.add_consumer(STREAM, config=config)
            inbox = PullInbox(nc, STREAM, CONSUMER, batch=256, expires=5.0)
            await inbox.start()
            await js.publish("pulls.a", b"first")  # an idle desk's request waits for it
            assert [a.data for a in await inbox.take()] == [b"first"]
            await nc.flush()

            # The desk is busy with that batch: the hub holds no request of it meanwhile...
            info = await js.consumer_info(STREAM, CONSUMER)
            assert info.num_waiting == 0
            for n in range(5):
                await js.publish("pulls.a", b"m%d" % n)
            # ...so the five come together with the next request, in order.
            taken = await inbox.take()
            assert [a.data for a in taken] == [b"m0", b"m1", b"m2", b"m3", b"m4"]
            assert [a.seq for a in taken] == [2, 3, 4, 5, 6]
            await inbox.stop()
        finally:
            await nc.close()
