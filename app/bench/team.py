"""A real team on a hub of its own, for the benches: founded, joined and logged in as people do.

The bench stands beside the demo in the layers, so it cannot borrow `app.demo.stack`; it uses
the same parts underneath: a hub with logins (`app.hub`), `TeamDeskFactory` for founding and
enrolling by invite with the SAS compared in-process, and the gateway's own `GatewayLog` to
seal customer messages exactly as a gateway does.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nats
from nats.aio.client import Client

from app.crypto.keys import DeviceKeys
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.domain.model import Role
from app.gateway.sealing import GatewayLog
from app.hub.config import HubConfig
from app.hub.supervisor import Hub
from app.log.events import CustomerMessage
from app.sync.hub_login import login_options
from app.sync.joining import Joined
from app.sync.transport import inbound_subject
from app.system.keychain import MemorySecretStore
from app.system.profile import PassphraseRequest, Profile, device_master_key

__all__ = ["BenchTeam", "bench_team", "customer_message", "seal_messages"]

TEAM_NAME = "Bench Support"
EPOCH = 1_767_225_600
"""A fixed "now" for made-up traffic (1 January 2026), so runs build the same events."""
ADMITTED_WITHIN = 30.0


@dataclass(eq=False)
class BenchTeam:
    """A hub, the team's founder desk, its other desks and an enrolled gateway's keys."""

    hub: Hub
    hub_config: HubConfig
    factory: TeamDeskFactory
    founder: TeamDesk
    gateway_keys: DeviceKeys
    joined: Joined
    """The gateway's view of the team after its enrollment: id, fingerprint, chain."""
    desks: dict[str, TeamDesk] = field(default_factory=dict)
    keys: dict[str, DeviceKeys] = field(default_factory=dict)
    """Each enrolled desk's device keys, by name (they outlive a closed desk)."""
    keychain: MemorySecretStore = field(default_factory=MemorySecretStore)

    @property
    def team_hex(self) -> str:
        return self.joined.team_id.hex()

    @property
    def inbound(self) -> str:
        """The subject the gateway publishes customer messages on."""
        return inbound_subject(self.team_hex)

    async def client(self, keys: DeviceKeys, name: str) -> Client:
        """A plain nats-py connection with `keys`' hub login: the floors measure through it.

        A device just added may wait for the hub's reload that lists its login.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ADMITTED_WITHIN
        options = login_options(keys.hub_seed(), self.hub.tls_fingerprint)
        while True:
            try:
                return await nats.connect(
                    self.hub.url, name=name, allow_reconnect=False, connect_timeout=5, **options
                )
            except nats.errors.Error:
                if loop.time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    def service_login(self) -> dict[str, Any]:
        """nats-py options for the hub service's own login: unrestricted, so the floors may use
        a subject of their own that no desk listens to."""
        return login_options(*self.service_credentials())

    def service_credentials(self) -> tuple[str, bytes | None]:
        """That login as a child process is given it: the nkey seed's text and the hub's TLS
        fingerprint (None: no TLS)."""
        return self.hub_config.service_seed_path.read_text().strip(), self.hub.tls_fingerprint

    async def reopen(self, name: str) -> TeamDesk:
        """Open a desk closed earlier from its profile, as a desk starts the next morning."""
        profile = Profile(self.factory.root / name.lower())  # TeamDeskFactory's default place
        desk = await self.factory.reopen(profile, await self.master_key(profile))
        self.desks[name] = desk
        return desk

    async def close_desks(self) -> None:
        """Close every desk (founder included); the hub keeps running."""
        await self.factory.close()
        self.desks.clear()

    async def master_key(self, profile: Profile) -> bytes:
        return await device_master_key(profile, _no_passphrase, keychain=self.keychain)


@contextlib.asynccontextmanager
async def bench_team(
    folder: Path,
    desks: Sequence[str] = (),
    *,
    max_file_store: str = "8GB",
    role: Role = Role.MEMBER,
) -> AsyncIterator[BenchTeam]:
    """Start a hub with logins in `folder`, found a team, enroll `desks` (as `role`) and a
    gateway."""
    hub_config = HubConfig(data_dir=folder / "hub", auth=True, max_file_store=max_file_store)
    hub = Hub(hub_config)
    url = await hub.start()
    keychain = MemorySecretStore()
    factory: TeamDeskFactory | None = None
    try:
        assert hub.setup_code is not None

        async def master_key(profile: Profile) -> bytes:
            return await device_master_key(profile, _no_passphrase, keychain=keychain)

        factory = TeamDeskFactory(
            hub_url=url,
            tls_fingerprint=hub.tls_fingerprint,
            root=folder / "desks",
            clock=time.time,
            master_key=master_key,
        )
        founder = await factory.found(TEAM_NAME, "Owner", setup_code=hub.setup_code)
        joined = await factory.enroll_gateway(founder)
        assert factory.gateway_keys is not None
        team = BenchTeam(
            hub, hub_config, factory, founder, factory.gateway_keys, joined, keychain=keychain
        )
        for name in desks:
            team.desks[name] = await factory.enroll(founder, name, role)
            team.keys[name] = team.desks[name].keys
        yield team
    finally:
        if factory is not None:
            await factory.close()
        await hub.stop()


def customer_message(n: int, customers: int, at: int) -> CustomerMessage:
    """The `n`-th made-up customer message, from one of `customers` customers."""
    customer = n % customers
    return CustomerMessage(
        Wamid(f"wamid.BENCH{n:09d}"),
        CustomerId(f"BE.{customer:017d}"),
        f"49151{customer:07d}",
        f"Customer {customer}",
        at,
        Text(f"message {n}"),
    )


def seal_messages(
    gateway: GatewayLog, count: int, customers: int, done: Callable[[int], None]
) -> list[bytes]:
    """`count` customer messages sealed in the gateway's author-chain order (each header names
    the hash of the envelope before it, so this is sequential), with the sender keys the
    gateway's inbound pump puts before them when one is due; calls `done(n)` as it goes."""
    sealed = []
    for n in range(count):
        if gateway.needs_sender_key(EPOCH + n):
            key = gateway.seal_sender_key(EPOCH + n)
            gateway.published(key)
            sealed.append(key)
        data = gateway.seal(customer_message(n, customers, EPOCH + n), EPOCH + n)
        gateway.published(data)
        sealed.append(data)
        if n % 1000 == 999:
            done(n + 1)
    done(count)
    return sealed


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    return None  # keys live in the bench's memory keychain, never in a passphrase file
