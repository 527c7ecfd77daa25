"""Start and stop the whole embedded team: hub → team chain → simulator → gateway → desks."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.crypto.chain.state import ChainState
from app.crypto.keys import db_key
from app.gateway.graph import GraphConfig
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.hub.config import HubConfig
from app.hub.supervisor import Hub
from app.services.session import HubStateRelay, OpenDesk, open_desk
from app.services.team import FoundedTeam, found_team, publish_chain
from app.simulator.behaviour import Behaviour
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator
from app.store.replica import Replica
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import OnState
from app.system.keychain import MemorySecretStore, SecretStore, open_keychain
from app.system.profile import PassphraseRequest, Profile, device_master_key

log = logging.getLogger(__name__)

TEAM_NAME = "Acme Support"


FAULTY_DELIVERY: dict[str, Any] = {
    "batch_webhooks": True,
    "webhook_timeout": 0.5,
    "webhook_concurrency": 16,
    "behaviour": Behaviour(
        duplicate_webhooks=0.2,
        out_of_order=0.3,
        skip_delivered=0.2,
        failed_deliveries=0.1,
        transient_errors=0.1,
    ),
}
"""`--faults`: batched envelopes, duplicate deliveries, retried deliveries (a first attempt
that times out), statuses out of order or without `delivered`, transient send errors."""


class DemoError(Exception):
    """The demo cannot start as asked; the message says why."""


@dataclass(eq=False)
class DemoStack:
    """Everything the demo runs, in start order; `stop()` undoes it in reverse."""

    data_dir: Path
    agents: list[str]
    hub: Hub | None = None
    team: FoundedTeam | None = None
    simulator: Simulator | None = None
    gateway: Gateway | None = None
    desks: dict[str, OpenDesk] = field(default_factory=dict)
    transports: list[NatsTransport] = field(default_factory=list)
    key_store: SecretStore = field(default_factory=MemorySecretStore)
    """Where the desks' device master keys live: memory by default (demo data is throw-away),
    or the OS keychain (`switchboard demo --keychain system`)."""

    callback_url: str = ""
    _gateway_config: GatewayConfig | None = None
    """The gateway's webhook URL, as registered with the simulator."""
    app_secret: str = ""
    verify_token: str = ""
    faults: bool = False
    """Have the simulator misbehave as Meta may: see FAULTY_DELIVERY."""
    keychain: str = "memory"
    """"memory" or "system": the OS keychain, chosen explicitly (never a plaintext backend)."""

    async def start(self, status_delays: tuple[float, float, float] = (0.05, 0.1, 0.2)) -> None:
        if (self.data_dir / "desks").exists():
            # Each start founds a new team; desks of an earlier team could not read its log.
            raise DemoError(f"{self.data_dir} holds an earlier demo: choose an empty --data-dir")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.keychain == "system":
            self.key_store = await open_keychain()
        self.hub = Hub(HubConfig(data_dir=self.data_dir / "hub"))
        url = await self.hub.start()
        self.team = found_team(TEAM_NAME, self.agents, int(time.time()))
        admin = await self._connect(url, "founder")
        await admin.ensure_stream()
        await publish_chain(admin, self.team)
        await self._start_simulator_and_gateway(url, status_delays)
        for name in self.agents:
            self.desks[name] = await self._open_desk(url, name)

    async def _start_simulator_and_gateway(
        self, url: str, status_delays: tuple[float, float, float]
    ) -> None:
        assert self.team is not None
        token, app_secret, verify = (secrets.token_urlsafe(24) for _ in range(3))
        self.app_secret, self.verify_token = app_secret, verify
        sent, delivered, read = status_delays
        self.simulator = Simulator(
            SimulatorConfig(
                access_token=token,
                app_secret=app_secret,
                verified_name=TEAM_NAME,
                sent_delay=sent,
                delivered_delay=delivered,
                read_delay=read,
                **(FAULTY_DELIVERY if self.faults else {}),
            )
        )
        sim_url = await self.simulator.start()
        self._gateway_config = GatewayConfig(
            app_secret=app_secret.encode(),
            verify_token=verify,
            graph=GraphConfig(
                base_url=sim_url,
                phone_number_id=self.simulator.config.phone_number_id,
                access_token=token,
                media_origins=(sim_url,),  # the simulator serves files where Meta would not
            ),
            # This run's team only: a restarted gateway finds what it sent and where its chain
            # stands here, whatever the hub holds.
            state_dir=self.data_dir / "gateway" / self.team.team_id.hex(),
        )
        await self._start_gateway(url)
        await self.simulator.set_callback(self.callback_url, verify)

    async def _start_gateway(self, url: str, port: int = 0) -> None:
        assert self.team is not None
        assert self._gateway_config is not None
        gateway_log = GatewayLog(
            self.team.gateway, ChainState.genesis(self.team.team_id, self.team.fingerprint)
        )
        transport = await self._connect(url, "gateway")
        media = await NatsMediaStore.open(transport)
        config = replace(self._gateway_config, port=port)
        self.gateway = Gateway(config, gateway_log, transport, time.time, media_store=media)
        self.callback_url = await self.gateway.start()
        await self.gateway.wait_enrolled()

    async def restart_gateway(self) -> None:
        """Stop the gateway and start it again on the same port, as after a crash or update."""
        await self.stop_gateway()
        await self.start_gateway()

    async def stop_gateway(self) -> None:
        """Stop the gateway (webhooks then fail and Meta retries them)."""
        assert self.gateway is not None
        await self.gateway.stop()

    async def start_gateway(self) -> None:
        """Start the gateway again on the port the simulator calls back."""
        assert self.hub is not None
        port = int(self.callback_url.rsplit(":", 1)[1].split("/", 1)[0])
        await self._start_gateway(self.hub.url, port)

    async def _open_desk(self, url: str, name: str) -> OpenDesk:
        assert self.team is not None
        profile = Profile(self.data_dir / "desks" / name.lower()).create()
        dmk = await device_master_key(profile, _no_passphrase, keychain=self.key_store)
        replica = await Replica.open(profile.replica, db_key(dmk))
        if await replica.load_identity() is None:
            await replica.save_identity(self.team.desks[name].seal(dmk))
        states = HubStateRelay()
        transport = await self._connect(url, name, states)
        desk = await open_desk(
            replica,
            transport,
            dmk,
            time.time,
            media_store=await NatsMediaStore.open(transport),
            media_cache=profile.attachments,
        )
        states.attach(desk.session.set_hub_state)
        await desk.caught_up()  # the demo's log is short; its scripts start from a synced desk
        return desk

    async def _connect(self, url: str, name: str, on_state: OnState | None = None) -> NatsTransport:
        assert self.team is not None
        transport = await NatsTransport.connect(
            url, team_id_hex=self.team.team_id.hex(), name=name, on_state=on_state
        )
        self.transports.append(transport)
        return transport

    async def restart_desk(self, name: str) -> OpenDesk:
        """Close a desk (outbox, sync, replica) and open it again from its profile."""
        assert self.hub is not None
        await self.desks[name].close()
        self.desks[name] = await self._open_desk(self.hub.url, name)
        return self.desks[name]

    def replica_files(self) -> list[Path]:
        """Every file of every desk profile (db, -wal, -shm …), for the plaintext scan."""
        return sorted(p for p in (self.data_dir / "desks").rglob("*") if p.is_file())

    async def stop(self) -> None:
        """Desks first (outbox, sync, DB), then connections, gateway, simulator, hub."""
        for desk in self.desks.values():
            await desk.close()
        if self.gateway is not None:
            await self.gateway.stop()
        for transport in self.transports:
            await transport.close()
        if self.simulator is not None:
            await self.simulator.stop()
        if self.hub is not None:
            await self.hub.stop()


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    """The demo keeps keys in memory or the OS keychain, never in a passphrase file."""
    raise DemoError("the demo keeps its keys in memory or the keychain, not a passphrase file")
