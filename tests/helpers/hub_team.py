"""A team on a hub with authentication: founding with the setup code, chain links, logins.

The chain is built with the real builders and validated by the hub service, so these helpers
drive exactly what a founding desk and its admins do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from nats.aio.client import Client

from app.crypto.chain import ChainState, create_team, remove_devices
from app.crypto.chain.build import add_device
from app.crypto.chain.local import enroll_locally
from app.crypto.chain.payloads import RemoveReason, SasStatus
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.domain.ids import TeamId
from app.domain.model import Role
from app.hub import Hub
from app.hub.nkey import user_seed
from app.hub.setup_code import parse_setup_code, setup_seed
from app.sync.nats_transport import NatsTransport
from app.sync.transport import chain_subject
from tests.helpers.wait import until


async def raw_client(hub: Hub, seed: bytes | None, errors: list[str] | None = None) -> Client:
    """A plain nats-py client (no reconnects), for probing permissions; seed None: anonymous."""

    async def on_error(err: Exception) -> None:
        if errors is not None:
            errors.append(str(err))

    nc = Client()
    options: dict[str, Any] = {"allow_reconnect": False, "connect_timeout": 5, "error_cb": on_error}
    if seed is not None:
        options["nkeys_seed_str"] = user_seed(seed)
    tls = hub.client_tls()
    if tls is not None:
        options["tls"] = tls
    try:
        await nc.connect(hub.url, **options)
    except BaseException:
        await nc.close()  # nats-py leaves a refused connection's socket open
        raise
    return nc


def setup_login(hub: Hub) -> bytes:
    """The setup user's raw seed, from the code the hub printed."""
    code = hub.setup_code
    assert code is not None
    return setup_seed(parse_setup_code(code))


@dataclass
class Team:
    """A founded team: its root admin, the epoch seed and the chain as the admins know it."""

    hub: Hub
    root: DeviceKeys
    state: ChainState
    seed: bytes
    devices: dict[str, DeviceKeys] = field(default_factory=dict)

    @property
    def hex(self) -> str:
        return bytes(self.state.team_id).hex()

    @property
    def fingerprint(self) -> bytes:
        return self.state.pinned_fingerprint

    async def connect(self, keys: DeviceKeys, name: str = "device") -> NatsTransport:
        """A transport logged in with ``keys``' hub key (pinning the hub's certificate)."""
        return await NatsTransport.connect(
            self.hub.url,
            team_id_hex=self.hex,
            name=name,
            nkey_seed=keys.hub_seed(),
            tls_fingerprint=self.hub.tls_fingerprint,
            connect_timeout=5,
            fetch_timeout=0.5,
        )

    async def append(self, *links: bytes) -> None:
        """Publish links as the root admin and wait until the hub's users reflect them."""
        root = await self.connect(self.root, "root")
        try:
            for link in links:
                last = await root.last_on_subject(chain_subject(self.hex))
                await root.publish(
                    chain_subject(self.hex),
                    link,
                    msg_id=secrets.token_hex(16),
                    expected_last_subject_seq=last.seq if last else 0,
                )
                self.state = self.state.apply(link)
        finally:
            await root.close()
        service = self.hub.service
        assert service is not None
        await until(lambda: service.users_at == self.state.head_seqno, timeout=10)

    async def enroll(self, role: Role, name: str) -> DeviceKeys:
        """Enroll a new device with ``role`` (the gateway the root's way, others by invite)."""
        keys = generate_device_keys()
        now = int(time.time())
        if role == Role.GATEWAY:
            links: tuple[bytes, ...] = (
                add_device(
                    self.state,
                    self.root,
                    device=keys.public(),
                    hub_key=keys.hub_public,
                    role=role,
                    seed=self.seed,
                    display_name=name,
                    created_at=now,
                    sas_status=SasStatus.SKIPPED,
                ),
            )
        else:
            links = enroll_locally(
                self.state,
                self.root,
                joiner=keys,
                role=role,
                seed=self.seed,
                display_name=name,
                created_at=now,
            )
        await self.append(*links)
        self.devices[name] = keys
        return keys

    async def remove(self, keys: DeviceKeys) -> None:
        """Remove a device (with the rotation the chain requires)."""
        link, self.seed = remove_devices(
            self.state,
            self.root,
            removed={keys.device_id},
            reason=RemoveReason.DEVICE,
            seed=self.seed,
            created_at=int(time.time()),
        )
        await self.append(link)


def link_one(root: DeviceKeys, team_id: bytes | None = None) -> tuple[bytes, bytes, ChainState]:
    """``(link 1, seed[1], state after it)`` of a new team rooted at ``root``."""
    tid = TeamId(team_id or os.urandom(16))
    link, seed = create_team(
        team_id=tid, root=root, team_name="Shop", root_name="Anna", created_at=int(time.time())
    )
    state = ChainState.genesis(tid, team_fingerprint(tid, root.public().sig)).apply(link)
    return link, seed, state


async def found(hub: Hub) -> Team:
    """Found a team on an unbound hub as its operator and first desk would."""
    root = generate_device_keys()
    link, seed, state = link_one(root)
    nc = await raw_client(hub, setup_login(hub))
    try:
        reply = await nc.request("sbhub.found", link, timeout=10)
    finally:
        with contextlib.suppress(Exception):
            await nc.close()
    assert reply.data == b"ok", reply.data
    service = hub.service
    assert service is not None
    await until(lambda: service.setup_closed, timeout=10)  # the last reload of founding
    return Team(hub, root, state, seed)
