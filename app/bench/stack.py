"""The outside world of a bench team: the Cloud API simulator and a gateway pointed at it.

The gateway runs from a config (app secret, verify token, Graph URL given directly, as
`switchboard gateway --config` does), so a bench needs no admin round trip to connect the number.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from app.bench.team import TEAM_NAME, BenchTeam
from app.crypto.chain.state import ChainState
from app.crypto.keys import DeviceKeys
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator
from app.sync.admission import once_admitted
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport

__all__ = ["MetaAccount", "Outside", "gateway_for", "running_gateway", "running_simulator"]


@dataclass(frozen=True, slots=True)
class MetaAccount:
    """What a gateway needs to know of Meta: where Graph is, the number and the secrets."""

    url: str
    app_secret: str
    verify_token: str
    phone_number_id: str
    access_token: str


@dataclass(frozen=True, slots=True)
class Outside:
    """The simulator and the secrets the gateway shares with it."""

    simulator: Simulator
    url: str
    app_secret: str
    verify_token: str

    @property
    def account(self) -> MetaAccount:
        config = self.simulator.config
        return MetaAccount(
            self.url,
            self.app_secret,
            self.verify_token,
            config.phone_number_id,
            config.access_token,
        )


@contextlib.asynccontextmanager
async def running_simulator(
    webhook_concurrency: int = 16, clock: Callable[[], float] = time.time
) -> AsyncIterator[Outside]:
    """A simulator with quick statuses and `webhook_concurrency` POSTs in flight, as Meta;
    `clock` is its wall clock (the 24-hour window, timestamps)."""
    app_secret = secrets.token_urlsafe(24)
    simulator = Simulator(
        SimulatorConfig(
            access_token=secrets.token_urlsafe(24),
            app_secret=app_secret,
            verified_name=TEAM_NAME,
            webhook_concurrency=webhook_concurrency,
        ),
        clock=clock,
    )
    url = await simulator.start()
    try:
        yield Outside(simulator, url, app_secret, secrets.token_urlsafe(16))
    finally:
        await simulator.stop()


@contextlib.asynccontextmanager
async def running_gateway(
    team: BenchTeam,
    outside: Outside,
    state_dir: Path,
    *,
    register: bool = True,
    keys: DeviceKeys | None = None,
) -> AsyncIterator[tuple[Gateway, str]]:
    """The team's gateway with its own login, talking to the simulator: (gateway, webhook URL).

    `register`: have the simulator verify and use the webhook (the live bench); the gateway
    bench posts webhooks itself. `keys`: another gateway enrolled on the team (the team's
    first gateway by default).
    """
    async with gateway_for(team, outside.account, state_dir, keys=keys) as (gateway, url):
        if register:
            await outside.simulator.set_callback(url, outside.verify_token)
        yield gateway, url


@contextlib.asynccontextmanager
async def gateway_for(
    team: BenchTeam, meta: MetaAccount, state_dir: Path, *, keys: DeviceKeys | None = None
) -> AsyncIterator[tuple[Gateway, str]]:
    """The team's gateway with its own login, talking to Meta's Graph at `meta.url`, enrolled:
    (gateway, webhook URL). Meta is told of the webhook by the caller."""
    keys = keys or team.gateway_keys
    gateway_config = GatewayConfig(
        state_dir=state_dir,
        app_secret=meta.app_secret.encode(),
        verify_token=meta.verify_token,
        graph=GraphConfig(
            base_url=meta.url,
            phone_number_id=meta.phone_number_id,
            access_token=meta.access_token,
            media_origins=(meta.url,),
        ),
    )
    transport = await _admitted(team, keys)
    gateway: Gateway | None = None
    try:
        # A starting gateway reads the chain from link 1 itself, as after a restart.
        genesis = ChainState.genesis(team.joined.team_id, team.joined.fingerprint)
        log = GatewayLog(keys, genesis)
        media = await NatsMediaStore.open(transport)
        gateway = Gateway(gateway_config, log, transport, time.time, media_store=media)
        url = await gateway.start()
        await gateway.wait_enrolled()
        yield gateway, url
    finally:
        if gateway is not None:
            await gateway.stop()
        await transport.close()


async def _admitted(team: BenchTeam, keys: DeviceKeys) -> NatsTransport:
    """The gateway's connection, once the hub lists its login (it reloads after enrollment)."""
    return await once_admitted(
        lambda: NatsTransport.connect(
            team.hub.url,
            team_id_hex=team.team_hex,
            name="gateway",
            nkey_seed=keys.hub_seed(),
            tls_fingerprint=team.hub.tls_fingerprint,
        )
    )
