"""A whole team founded in one process, for unit tests that need a valid chain and keys.

Products found teams through `app.desk.team.TeamDeskFactory` (hub set-up code, invites, SAS).

Here a team is founded on one machine, where the founder's process makes every device's keys
itself, so each public key is authentic by construction: members are enrolled through an invite
with both sides of the handshake in this process (`enroll_locally`, recorded as
`SasStatus.VERIFIED`), and the gateway is recorded as `SKIPPED`, as §7.3 allows for the root.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from app.crypto.chain.build import add_device, create_team
from app.crypto.chain.links import SasStatus
from app.crypto.chain.local import enroll_locally
from app.crypto.chain.state import ChainState
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.crypto.primitives import Rng
from app.domain.ids import TeamId
from app.domain.model import Role
from app.services.identity import DeskIdentity


@dataclass(frozen=True, eq=False, slots=True)
class FoundedTeam:
    """A new team's chain links and the identities of its first devices."""

    team_id: TeamId
    fingerprint: bytes
    links: tuple[bytes, ...]
    desks: dict[str, DeskIdentity]
    """Agent name → identity; the first name is the root admin."""
    gateway: DeviceKeys


def found_team(
    team_name: str, agents: Sequence[str], now: int, rng: Rng = os.urandom
) -> FoundedTeam:
    """Build the chain for a team with `agents` (first one is the root admin) and a gateway."""
    team_id = TeamId(rng(16))
    keys = {name: generate_device_keys(rng) for name in agents}
    root = keys[agents[0]]
    fingerprint = team_fingerprint(team_id, root.public().sig)
    first, seed = create_team(
        team_id=team_id,
        root=root,
        team_name=team_name,
        root_name=agents[0],
        created_at=now,
        rng=rng,
    )
    links = [first]
    state = ChainState.genesis(team_id, fingerprint).apply(first)
    for name in agents[1:]:
        for link in enroll_locally(
            state,
            root,
            joiner=keys[name],
            role=Role.MEMBER,
            seed=seed,
            display_name=name,
            created_at=now,
            rng=rng,
        ):
            state = state.apply(link)
            links.append(link)
    gateway = generate_device_keys(rng)
    link = add_device(
        state,
        root,
        device=gateway.public(),
        hub_key=gateway.hub_public,
        role=Role.GATEWAY,
        seed=seed,
        display_name="Gateway",
        created_at=now,
        sas_status=SasStatus.SKIPPED,
        rng=rng,
    )
    state = state.apply(link)
    links.append(link)
    desks = {name: DeskIdentity(team_id, fingerprint, keys[name]) for name in agents}
    return FoundedTeam(team_id, fingerprint, tuple(links), desks, gateway)
