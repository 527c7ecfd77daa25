"""More than one gateway for one team: a second enrolled gateway and a round-robin front.

A second gateway is a second device with its own identity, author chain and state folder. The
desks seal send requests and number settings to the team's first gateway only, so the second
takes its Cloud API settings as a gateway run from a config file does; it only takes webhooks.
`RoundRobin` stands where Meta's one callback URL points: each POST goes to the next gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
from aiohttp import web

from app.crypto.chain.state import ChainState
from app.demo.stack import DemoStack
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied


@contextlib.asynccontextmanager
async def second_gateway(stack: DemoStack, state_dir: Path) -> AsyncIterator[Gateway]:
    """Enroll another gateway on the demo team (scripted SAS) and run it beside the first."""
    assert stack.factory is not None
    assert stack.team is not None
    assert stack.hub is not None
    assert stack.simulator is not None
    first_keys = stack.factory.gateway_keys
    founder = stack.team_desks[stack.agents[0]]
    await stack.factory.enroll_gateway(founder, "Gateway 2")
    keys = stack.factory.gateway_keys
    assert keys is not None
    stack.factory.gateway_keys = first_keys
    transport = await _admitted(stack, keys.hub_seed())
    sim = stack.simulator
    graph = GraphConfig(
        base_url=sim.base_url,
        phone_number_id=sim.config.phone_number_id,
        access_token=sim.config.access_token,
        media_origins=(sim.base_url,),
    )
    config = GatewayConfig(
        state_dir=state_dir,
        app_secret=stack.app_secret.encode(),
        verify_token=stack.verify_token,
        graph=graph,
    )
    chain = ChainState.genesis(stack.team.team_id, stack.team.fingerprint)
    media = await NatsMediaStore.open(transport)
    gateway = Gateway(config, GatewayLog(keys, chain), transport, time.time, media_store=media)
    try:
        await gateway.start()
        await gateway.wait_enrolled()
        yield gateway
    finally:
        await gateway.stop()
        await transport.close()


async def _admitted(stack: DemoStack, seed: bytes) -> NatsTransport:
    """Log in as the new gateway once the hub has reloaded its users."""
    assert stack.hub is not None
    assert stack.team is not None
    for _ in range(100):
        try:
            return await NatsTransport.connect(
                stack.hub.url,
                team_id_hex=stack.team.team_id.hex(),
                name="gateway-2",
                nkey_seed=seed,
            )
        except HubAccessDenied:
            await asyncio.sleep(0.1)  # the hub service reloads its users after the chain link
    raise AssertionError("the hub never admitted the second gateway")


class RoundRobin:
    """One webhook URL in front of several gateways: each POST goes to the next one."""

    def __init__(self, targets: list[str]) -> None:
        self._targets = targets
        self._turn = itertools.cycle(range(len(targets)))
        self.posts = [0] * len(targets)
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/webhook", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._session = aiohttp.ClientSession()
        return f"http://127.0.0.1:{self._runner.addresses[0][1]}/webhook"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        index = next(self._turn)
        self.posts[index] += 1
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with self._session.request(
            request.method,
            self._targets[index],
            params=request.query,
            data=await request.read(),
            headers=headers,
        ) as answer:
            return web.Response(status=answer.status, body=await answer.read())
