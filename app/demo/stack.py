"""Start and stop the whole embedded team: hub → team chain → simulator → gateway → desks."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.crypto.chain.state import ChainState
from app.crypto.keys import DeviceKeys
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.ids import TeamId
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.hub.config import HubConfig
from app.hub.local_cluster import LocalCluster
from app.hub.nkey import decode_user_seed
from app.hub.supervisor import Hub
from app.services.number_settings import SimulatedAccount
from app.services.session import OpenDesk
from app.services.team_api import Simulator as SimulatorChoice
from app.simulator.behaviour import Behaviour
from app.simulator.config import SimulatorConfig
from app.simulator.simulator import Simulator
from app.sync.admission import once_admitted
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
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
    team: DemoTeam | None = None
    factory: TeamDeskFactory | None = None
    team_desks: dict[str, TeamDesk] = field(default_factory=dict)
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
    cluster_size: int = 1
    """Hub nodes: 1, or a cluster of this many on loopback (`hub` is then its first node)."""
    cluster: LocalCluster | None = None
    hub_url: str = ""
    """Where desks and the gateway connect: the hub's URL, or every node's."""
    throughput_level: str = "STANDARD"
    """The simulated number's throughput: "HIGH" (1,000 messages a second) for big sends."""

    async def start(self, status_delays: tuple[float, float, float] = (0.05, 0.1, 0.2)) -> None:
        """Hub with logins → the first agent founds the team with the hub's set-up code →
        colleagues and the gateway join by invite with a scripted SAS comparison → simulator,
        gateway, desks: what a real team does, on one machine."""
        desks = self.data_dir / "desks"
        if desks.exists() and any(desks.iterdir()):
            # Each start founds a new team; desks of an earlier team could not read its log.
            # (An empty folder is welcome: a disk of their own for the desks, say.)
            raise DemoError(f"{self.data_dir} holds an earlier demo: choose an empty --data-dir")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.keychain == "system":
            self.key_store = await open_keychain()
        url = self.hub_url = await self._start_hub()
        assert self.hub is not None
        assert self.hub.setup_code is not None
        account = await self._start_simulator(status_delays)
        self.factory = TeamDeskFactory(
            hub_url=url,
            tls_fingerprint=None,
            root=self.data_dir / "desks",
            clock=time.time,
            master_key=self._master_key,
            simulator=account,
        )
        founder = await self.factory.found(
            TEAM_NAME, self.agents[0], setup_code=self.hub.setup_code
        )
        self.team_desks[self.agents[0]] = founder
        for name in self.agents[1:]:
            self.team_desks[name] = await self.factory.enroll(founder, name)
        joined = await self.factory.enroll_gateway(founder)
        assert self.factory.gateway_keys is not None
        self.team = DemoTeam(joined.team_id, joined.fingerprint, self.factory.gateway_keys)
        await self._start_gateway_and_connect(url, founder)
        for name, team_desk in self.team_desks.items():
            await team_desk.desk.caught_up()  # the scripts start from synced desks
            self.desks[name] = team_desk.desk

    async def _start_hub(self) -> str:
        if self.cluster_size > 1:
            self.cluster = LocalCluster(self.data_dir / "hub", self.cluster_size)
            self.hub = self.cluster.hubs[0]
            return await self.cluster.start()
        self.hub = Hub(HubConfig(data_dir=self.data_dir / "hub", auth=True))
        return await self.hub.start()

    async def _start_simulator(self, status_delays: tuple[float, float, float]) -> SimulatedAccount:
        """The Cloud API simulator: the outside world of the demo."""
        token, app_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.app_secret = app_secret
        sent, delivered, read = status_delays
        self.simulator = Simulator(
            SimulatorConfig(
                access_token=token,
                app_secret=app_secret,
                verified_name=TEAM_NAME,
                sent_delay=sent,
                delivered_delay=delivered,
                read_delay=read,
                throughput_level=self.throughput_level,
                **(FAULTY_DELIVERY if self.faults else {}),
            )
        )
        sim_url = await self.simulator.start()
        config = self.simulator.config
        return SimulatedAccount(
            graph_url=sim_url,
            phone_number_id=config.phone_number_id,
            business_account_id=config.waba_id,
            access_token=token,
            app_secret=app_secret,
        )

    async def _start_gateway_and_connect(self, url: str, founder: TeamDesk) -> None:
        """Start the gateway without settings; the founder connects the number from the desk
        (sealed to the gateway), as an owner does; then Meta (the simulator) is pointed at the
        webhook with the verify token the desk made."""
        assert self.team is not None
        assert self.simulator is not None
        # This run's team only: a restarted gateway finds its settings, what it sent and where
        # its chain stands here, whatever the hub holds.
        self._gateway_config = GatewayConfig(
            state_dir=self.data_dir / "gateway" / self.team.team_id.hex()
        )
        await self._start_gateway(url)
        await founder.admin.connect_number(SimulatorChoice())
        connection = await founder.admin.number_connection()
        if connection is None:
            raise DemoError("the gateway did not report its webhook")
        self.verify_token = connection.verify_token
        await self.simulator.set_callback(self.callback_url, connection.verify_token)

    async def _start_gateway(self, url: str, port: int = 0) -> None:
        assert self.team is not None
        assert self._gateway_config is not None
        gateway_log = GatewayLog(
            self.team.gateway, ChainState.genesis(self.team.team_id, self.team.fingerprint)
        )
        transport = await self._connect(url, "gateway", self.team.gateway)
        media = await NatsMediaStore.open(transport)
        config = replace(self._gateway_config, port=port)
        self.gateway = Gateway(
            config, gateway_log, transport, time.time, media_store=media, beats=transport
        )
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
        await self._start_gateway(self.hub_url, port)

    async def _master_key(self, profile: Profile) -> bytes:
        return await device_master_key(profile, _no_passphrase, keychain=self.key_store)

    async def _connect(self, url: str, name: str, keys: DeviceKeys) -> NatsTransport:
        """Log in as a device of the team; one enrolled a moment ago (the gateway) waits
        until the hub has reloaded its users."""
        team = self.team
        assert team is not None
        transport = await once_admitted(
            lambda: NatsTransport.connect(
                url, team_id_hex=team.team_id.hex(), name=name, nkey_seed=keys.hub_seed()
            )
        )
        self.transports.append(transport)
        return transport

    async def hub_transport(self) -> NatsTransport:
        """A connection with the hub service's own login, for tests that play a hostile hub
        (writing, deleting and replaying records as only the hub's operator could)."""
        assert self.hub is not None
        assert self.team is not None
        service = HubConfig(data_dir=self.data_dir / "hub").service_seed_path
        seed = decode_user_seed(service.read_text().strip())
        transport = await NatsTransport.connect(
            self.hub.url, team_id_hex=self.team.team_id.hex(), name="operator", nkey_seed=seed
        )
        self.transports.append(transport)
        return transport

    async def restart_desk(self, name: str) -> OpenDesk:
        """Close a desk (outbox, sync, replica) and open it again from its profile."""
        assert self.factory is not None
        old = self.team_desks[name]
        await old.close()
        self.factory.desks.remove(old)
        dmk = await self._master_key(old.profile)
        reopened = await self.factory.reopen(old.profile, dmk)
        await reopened.desk.caught_up()
        self.team_desks[name] = reopened
        self.desks[name] = reopened.desk
        return reopened.desk

    def replica_files(self) -> list[Path]:
        """Every file of every desk profile (db, -wal, -shm …), for the plaintext scan."""
        return sorted(p for p in (self.data_dir / "desks").rglob("*") if p.is_file())

    async def stop(self) -> None:
        """Desks first (outbox, sync, DB), then connections, gateway, simulator, hub."""
        if self.factory is not None:
            await self.factory.close()
        if self.gateway is not None:
            await self.gateway.stop()
        for transport in self.transports:
            await transport.close()
        if self.simulator is not None:
            await self.simulator.stop()
        if self.cluster is not None:
            await self.cluster.stop()
        elif self.hub is not None:
            await self.hub.stop()


@dataclass(frozen=True, slots=True)
class DemoTeam:
    """What tests and the gateway need to know of the demo's team."""

    team_id: TeamId
    fingerprint: bytes
    gateway: DeviceKeys


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    """The demo keeps keys in memory or the OS keychain, never in a passphrase file."""
    raise DemoError("the demo keeps its keys in memory or the keychain, not a passphrase file")
