"""Desks of one team on a real authenticated hub, enrolled the way people do it.

`enroll` drives the admin's side through `TeamAdmin` and the newcomer's through the factory;
`add_gateway` adds a gateway the root's way (`SasStatus.SKIPPED`, team-setup.md §2), whose
`customer_writes` seals inbound events exactly as the real gateway does.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.crypto.chain import ChainState, add_device
from app.crypto.chain.links import SasStatus
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.desk.launcher import DeskLauncher
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.domain.model import Role
from app.gateway.sealing import GatewayLog
from app.hub import Hub
from app.log.events import CustomerMessage
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied, inbound_subject
from app.system.keychain import SecretStore
from app.system.profile import Profile
from tests.helpers.wait import until


def cheap_stretch(secret: bytes, salt: bytes) -> bytes:
    from app.crypto.primitives import hkdf

    return hkdf(secret + salt, b"test-stretch")


async def hub_follows(hub: Hub, desk: TeamDesk) -> None:
    """Wait until the hub's logins reflect the chain the desk has (it reloads after each link).

    Until then the hub refuses a new invite's or device's login: a person takes longer than
    that, and waiting here keeps tests off nats-py's refused-login paths, which leak sockets.
    """
    service = hub.service
    assert service is not None
    await until(lambda: service.users_at == desk.writer.chain.head_seqno, timeout=15)


async def enroll(
    hub: Hub,
    admin: TeamDesk,
    factory: TeamDeskFactory,
    name: str,
    role: Role,
    profile: str | None = None,
) -> TeamDesk:
    """A newcomer called `name` joins by code and SAS, the admin side driven through
    `TeamAdmin`; `profile` names its profile folder (default: the name)."""
    invite = await admin.admin.create_invite(role)
    assert invite.qr_payload.startswith(f"switchboard:join?hub={factory.hub_url}&code=")
    assert invite.qr_payload.endswith("&fp=" + admin.writer.chain.pinned_fingerprint.hex())
    await hub_follows(hub, admin)
    joining = await factory.start_join(invite.code, name)
    pending, sas = await asyncio.wait_for(
        asyncio.gather(admin.admin.next_join_request(invite), joining.wait_sas(within=20)), 30
    )
    assert (pending.newcomer_name, pending.sas) == (name, sas)
    await joining.confirm()
    await asyncio.wait_for(admin.admin.confirm_join(pending), 30)
    await hub_follows(hub, admin)
    desk = await factory.open_joined(joining, profile or name)
    await desk.desk.caught_up()
    return desk


@dataclass
class Gateway:
    """A gateway enrolled the root's way, sealing inbound events as the real one does."""

    keys: DeviceKeys
    transport: NatsTransport
    log: GatewayLog

    async def customer_writes(self, chain: ChainState, customer: str, text: str) -> None:
        self.log.chain = chain  # validated by the admin's desk; the gateway would follow it
        now = int(time.time())
        event = CustomerMessage(
            Wamid(f"wamid.{os.urandom(6).hex()}"),
            CustomerId(customer),
            "4915112345678",
            customer,
            now,
            Text(text),
        )
        subject = inbound_subject(chain.team_id.hex())
        if self.log.needs_sender_key(now):  # as the gateway does (security.md 2.12)
            await self._publish(subject, self.log.seal_sender_key(now))
        await self._publish(subject, self.log.seal(event, now))

    async def _publish(self, subject: str, data: bytes) -> None:
        await self.transport.publish(subject, data, msg_id=os.urandom(16).hex())
        self.log.published(data)


async def add_gateway(anna: TeamDesk, hub: Hub) -> Gateway:
    keys = generate_device_keys()
    seed = await anna.writer.current_seed()

    def build(chain: ChainState) -> tuple[bytes, None]:
        link = add_device(
            chain,
            anna.keys,
            device=keys.public(),
            hub_key=keys.hub_public,
            role=Role.GATEWAY,
            seed=seed,
            display_name="Gateway",
            created_at=int(time.time()),
            sas_status=SasStatus.SKIPPED,
        )
        return link, None

    await anna.writer.append(build)
    await hub_follows(hub, anna)
    chain = anna.writer.chain
    transport = await admitted(hub, keys, chain.team_id.hex())
    return Gateway(keys, transport, GatewayLog(keys, chain))


async def admitted(hub: Hub, keys: DeviceKeys, team_hex: str) -> NatsTransport:
    """A login with the device's hub key, once the hub's reload lists it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        try:
            return await NatsTransport.connect(
                hub.url,
                team_id_hex=team_hex,
                name=f"dev-{keys.device_id.hex()[:8]}",
                nkey_seed=keys.hub_seed(),
                tls_fingerprint=hub.tls_fingerprint,
                connect_timeout=5,
            )
        except HubAccessDenied:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


def local_launcher(root: Path, keychain: SecretStore | None, **options: Any) -> DeskLauncher:
    """The desk app's launcher for a profile at `root`: a hub it starts itself listens on
    loopback at a free port, keys stretch cheaply, and `keychain` (None: none, so a passphrase)
    holds the device key."""
    return DeskLauncher(
        Profile(root),
        clock=time.time,
        stretch=cheap_stretch,
        keychain=keychain,
        candidates=[],
        local_hub_port=-1,
        local_hub_host="127.0.0.1",
        **options,
    )
