"""The hub's copy of the send log forgets entries after their time-to-live (a real nats-server).

Each entry carries its own TTL (`claim_once`/`kv_put` with `ttl`), so the gateway's head hints
in the same bucket, written without one, stay. A bucket made without per-message TTLs (by an
older hub) still takes the entries, kept until deleted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from nats.js import api

from app.hub import Hub
from app.sync.nats_transport import NatsTransport
from tests.helpers.hub import connected, new_team, running_hub
from tests.helpers.wait import until_async


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    async with running_hub(tmp_path) as running:
        yield running


@pytest_asyncio.fixture
async def transport(hub: Hub) -> AsyncIterator[NatsTransport]:
    async with connected(hub.url, new_team()) as opened:
        yield opened


@pytest.mark.asyncio
async def test_a_claim_with_a_ttl_is_forgotten_and_an_entry_without_one_stays(
    transport: NatsTransport,
) -> None:
    bucket = "SB_ttl_sent"
    assert await transport.claim_once(bucket, "reply1", b"token-1", ttl=1)
    assert not await transport.claim_once(bucket, "reply1", b"token-2", ttl=1)
    await transport.kv_put(bucket, "reply2", b"reported", ttl=1)
    await transport.kv_put(bucket, "head.gw", b"42")

    async def forgotten() -> bool:
        gone = [await transport.kv_get(bucket, key) for key in ("reply1", "reply2")]
        return gone == [None, None]

    await until_async(forgotten, within=10)
    assert await transport.kv_get(bucket, "head.gw") == b"42"
    assert await transport.claim_once(bucket, "reply1", b"token-2", ttl=1)  # may be made again


@pytest.mark.asyncio
async def test_a_bucket_without_per_message_ttls_keeps_the_entries(
    hub: Hub, transport: NatsTransport
) -> None:
    bucket = "SB_old_sent"
    await transport._js.add_stream(  # noqa: SLF001 - the bucket an older hub made
        api.StreamConfig(
            name=f"KV_{bucket}",
            subjects=[f"$KV.{bucket}.>"],
            allow_rollup_hdrs=True,
            deny_delete=True,
            discard=api.DiscardPolicy.NEW,
            max_msgs_per_subject=1,
            storage=api.StorageType.FILE,
        )
    )

    # A gateway on an authenticated hub uses the bucket the hub service made, as it is.
    gateway = await NatsTransport.connect(
        hub.url, team_id_hex=new_team(), name="gateway", create_streams=False
    )
    try:
        assert await gateway.claim_once(bucket, "reply1", b"token-1", ttl=1)
        await gateway.kv_put(bucket, "reply1", b"reported", ttl=1)

        assert await gateway.kv_get(bucket, "reply1") == b"reported"
        assert not await gateway.claim_once(bucket, "reply1", b"token-2", ttl=1)
    finally:
        await gateway.close()
