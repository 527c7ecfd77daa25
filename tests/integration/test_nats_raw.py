"""RawRoute on a real connection: routed subscriptions get raw messages, the rest nats-py's."""

from __future__ import annotations

from pathlib import Path

import nats
import pytest
from nats.aio.msg import Msg

from app.sync.nats_raw import RawRoute
from tests.helpers.hub import running_hub
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio


async def test_a_routed_subscription_gets_raw_messages_and_others_parsed_ones(
    tmp_path: Path,
) -> None:
    async with running_hub(tmp_path) as hub:
        nc = await nats.connect(hub.url)
        try:
            raw: list[tuple[str, str, bytes, str | None]] = []
            usual: list[Msg] = []

            async def keep(msg: Msg) -> None:
                usual.append(msg)

            routed = await nc.subscribe("raw.here")
            await nc.subscribe("usual.here", cb=keep)
            RawRoute.of(nc).add(routed._id, lambda *message: raw.append(message))
            headers = {"Nats-Msg-Id": "m1"}
            await nc.publish("raw.here", b"one", reply="back.1", headers=headers)
            await nc.publish("usual.here", b"two", headers=headers)
            await until(lambda: raw and usual)

            assert raw == [("raw.here", "back.1", b"one", None)]
            assert (usual[0].data, usual[0].headers) == (b"two", headers)
            RawRoute.of(nc).discard(routed._id)
            await nc.publish("raw.here", b"three")
            assert await routed.next_msg(timeout=2) is not None  # the usual way again
            assert len(raw) == 1
        finally:
            await nc.close()
