"""The team of `switchboard bench faults` on one hub or on a cluster of hub nodes.

One node is `bench_team` as every bench uses it. A cluster (`--hub-nodes 3`) is founded the
same way, through the product's own code, on a `LocalCluster` on loopback: desks and the gateway
then take every node's URL and fail over among them, as a team with a clustered hub does.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.bench.team import TEAM_NAME, BenchTeam, bench_team
from app.desk.team import TeamDeskFactory
from app.hub.config import HubConfig
from app.hub.local_cluster import LocalCluster
from app.hub.supervisor import Hub
from app.system.keychain import MemorySecretStore
from app.system.profile import PassphraseRequest, Profile, device_master_key

FOUNDER = "Owner"


@dataclass(frozen=True, slots=True)
class TeamOnHub:
    """The team, the hub's nodes (one or more) and the address desks and gateway are given."""

    team: BenchTeam
    hubs: tuple[Hub, ...]
    url: str


@contextlib.asynccontextmanager
async def team_on_hub(folder: Path, desks: Sequence[str], nodes: int) -> AsyncIterator[TeamOnHub]:
    """Found a team with `FOUNDER` and enroll `desks` and a gateway, on `nodes` hub nodes."""
    if nodes == 1:
        async with bench_team(folder, desks, max_file_store="1GB") as team:
            yield TeamOnHub(team, (team.hub,), team.hub.url)
        return
    async with LocalCluster(folder / "hub", nodes) as cluster:
        keychain = MemorySecretStore()

        async def master_key(profile: Profile) -> bytes:
            return await device_master_key(profile, _no_passphrase, keychain=keychain)

        factory = TeamDeskFactory(
            hub_url=cluster.url,
            tls_fingerprint=cluster.tls_fingerprint,
            root=folder / "desks",
            clock=time.time,
            master_key=master_key,
        )
        try:
            assert cluster.setup_code is not None  # a hub with logins shows one until founded
            founder = await factory.found(TEAM_NAME, FOUNDER, setup_code=cluster.setup_code)
            joined = await factory.enroll_gateway(founder)
            assert factory.gateway_keys is not None
            first = HubConfig(data_dir=folder / "hub" / "node1")
            gateway = factory.gateway_keys
            team = BenchTeam(
                cluster.hubs[0], first, factory, founder, gateway, joined, keychain=keychain
            )
            for name in desks:
                team.desks[name] = await factory.enroll(founder, name)
            yield TeamOnHub(team, tuple(cluster.hubs), cluster.url)
        finally:
            await factory.close()


async def _no_passphrase(request: PassphraseRequest) -> str | None:
    return None  # keys live in the bench's memory keychain, never in a passphrase file
