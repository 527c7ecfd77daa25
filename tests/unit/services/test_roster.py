"""The roster from a real validated chain: people grouped by name, gateways apart, removals."""

from __future__ import annotations

import os
from typing import Any, cast

import pytest

from app.crypto.chain import (
    ChainState,
    DeviceEntry,
    RemoveReason,
    add_device,
    create_team,
    display_name,
    remove_devices,
)
from app.crypto.chain.links import SasStatus
from app.crypto.chain.local import enroll_locally
from app.crypto.epoch import EpochSecrets
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.domain.errors import NotPermitted
from app.domain.ids import TeamId
from app.domain.model import Role
from app.services.api import ChangeBus, Changes
from app.services.roster import build_roster, leaves_an_admin, people_devices, person_id
from app.services.team_admin import TeamAdminService
from app.services.team_api import TeamChange

NOW = 1_700_000_000


class Team:
    """A chain built with the real builders, and the names its devices sealed."""

    def __init__(self) -> None:
        self.team_id = TeamId(os.urandom(16))
        self.root = generate_device_keys()
        link, self.seed = create_team(
            team_id=self.team_id,
            root=self.root,
            team_name="Nordlicht",
            root_name="Anna",
            created_at=NOW,
        )
        fingerprint = team_fingerprint(self.team_id, self.root.public().sig)
        self.chain = ChainState.genesis(self.team_id, fingerprint).apply(link)
        self.secrets = {1: EpochSecrets.derive(self.seed, self.team_id, 1)}

    def enroll(self, name: str, role: Role) -> DeviceKeys:
        keys = generate_device_keys()
        if role is Role.GATEWAY:
            links: tuple[bytes, ...] = (
                add_device(
                    self.chain,
                    self.root,
                    device=keys.public(),
                    hub_key=keys.hub_public,
                    role=role,
                    seed=self.seed,
                    display_name=name,
                    created_at=NOW,
                    sas_status=SasStatus.SKIPPED,
                ),
            )
        else:
            links = enroll_locally(
                self.chain,
                self.root,
                joiner=keys,
                role=role,
                seed=self.seed,
                display_name=name,
                created_at=NOW,
            )
        for link in links:
            self.chain = self.chain.apply(link)
        return keys

    def remove(self, *devices: DeviceKeys) -> None:
        link, self.seed = remove_devices(
            self.chain,
            self.root,
            removed={d.device_id for d in devices},
            reason=RemoveReason.DEVICE,
            seed=self.seed,
            created_at=NOW,
        )
        self.chain = self.chain.apply(link)
        n = self.chain.epoch
        self.secrets[n] = EpochSecrets.derive(self.seed, self.team_id, n)

    def name_of(self, entry: DeviceEntry) -> str:
        return display_name(entry, self.secrets[entry.name.epoch])


def test_people_are_devices_grouped_by_name_and_gateways_stand_apart() -> None:
    team = Team()
    laptop = team.enroll("  anna ", Role.ADMIN)  # the same person: case and spaces differ
    ben = team.enroll("Ben", Role.MEMBER)
    gateway = team.enroll("Gateway", Role.GATEWAY)
    seen = {ben.device_id: NOW + 5, gateway.device_id: NOW + 9}

    roster = build_roster(
        team.chain, ben.device_id, team.name_of, seen, frozenset({laptop.device_id})
    )

    assert [p.name for p in roster.people] == ["Anna", "Ben"]  # founder first, her first name
    anna, ben_person = roster.people
    assert [d.device_id for d in anna.devices] == [team.root.device_id, laptop.device_id]
    assert anna.role is Role.ADMIN
    assert anna.person_id == person_id("ANNA")
    assert not anna.is_me
    assert ben_person.is_me
    assert ben_person.role is Role.MEMBER
    assert ben_person.devices[0].last_seen == NOW + 5
    assert anna.devices[0].last_seen is None
    assert [d.away for d in anna.devices] == [False, True]  # her laptop's agent said so
    assert [(g.device_id, g.role, g.last_seen) for g in roster.gateways] == [
        (gateway.device_id, Role.GATEWAY, NOW + 9)
    ]
    assert roster.my_role is Role.MEMBER
    assert roster.key_epoch == 1


def test_a_person_is_an_admin_if_any_device_is() -> None:
    team = Team()
    team.enroll("Carl", Role.MEMBER)
    team.enroll("Carl", Role.ADMIN)
    roster = build_roster(team.chain, team.root.device_id, team.name_of, {})
    carl = roster.people[1]
    assert (carl.name, carl.role, len(carl.devices)) == ("Carl", Role.ADMIN, 2)
    assert roster.people[0].is_me
    assert roster.my_role is Role.ADMIN


def test_removed_devices_leave_the_roster_and_the_epoch_moves() -> None:
    team = Team()
    ben = team.enroll("Ben", Role.MEMBER)
    carl = team.enroll("Carl", Role.MEMBER)
    team.remove(carl)
    roster = build_roster(team.chain, team.root.device_id, team.name_of, {})
    assert [p.name for p in roster.people] == ["Anna", "Ben"]
    assert roster.key_epoch == 2
    with pytest.raises(NotPermitted):  # Carl's desk no longer belongs to the team
        build_roster(team.chain, carl.device_id, team.name_of, {})
    grouped = people_devices(team.chain, team.name_of)
    assert [e.device_id for e in grouped[person_id("Ben")]] == [ben.device_id]


def test_the_last_admin_is_recognised() -> None:
    team = Team()
    second = team.enroll("Dora", Role.ADMIN)
    ben = team.enroll("Ben", Role.MEMBER)
    root = team.root.device_id
    assert leaves_an_admin(team.chain, frozenset({root}))
    assert leaves_an_admin(team.chain, frozenset({root, ben.device_id}))
    assert not leaves_an_admin(team.chain, frozenset({root, second.device_id}))


def test_chain_and_number_changes_notify_the_team_window() -> None:
    bus = ChangeBus()
    unused = cast(Any, None)  # notifications touch neither the chain nor the hub
    service = TeamAdminService(
        writer=unused,
        invites=unused,
        engine=unused,
        replica=unused,
        subscribe=bus.subscribe,
        hub_url="tls://hub.example:4222",
        clock=lambda: 0.0,
    )
    heard: list[TeamChange] = []
    stop = service.subscribe(heard.append)
    bus.publish(Changes(queue_changed=True))
    bus.publish(Changes(chain_changed=True))
    bus.publish(Changes(number_status_changed=True, chain_changed=True))
    stop()
    bus.publish(Changes(chain_changed=True))
    assert heard == [TeamChange.ROSTER, TeamChange.ROSTER | TeamChange.NUMBER]
    service.close()
    assert not bus._listeners
