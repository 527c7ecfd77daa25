"""The team panel's roster from a validated chain: people grouped by name, gateways apart.

Pure: the chain, this device's id, the display names (opened by the caller with the epoch
secrets it holds) and the last-seen times go in, a `Roster` comes out. The chain knows devices,
not people; a person is the active devices enrolled under one display name (compared without
case and runs of spaces), which is what the join form asks for. `PersonId` is derived from
that name, so it stays the same while the person's devices come and go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

from app.crypto.chain import ChainState, DeviceEntry
from app.domain.errors import NotPermitted
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.services.team_api import PersonId, Roster, TeamDevice, TeamPerson

NameOf = Callable[[DeviceEntry], str]
"""A device's display name as sealed in the chain."""


def person_key(name: str) -> str:
    """What makes two display names one person: case and runs of whitespace do not count."""
    return " ".join(name.split()).casefold()


def person_id(name: str) -> PersonId:
    """A stable id for the person called `name` (a digest: ids carry no names into logs)."""
    digest = hashlib.sha256(person_key(name).encode("utf-8")).hexdigest()
    return PersonId(f"p-{digest[:16]}")


def people_devices(chain: ChainState, name_of: NameOf) -> dict[PersonId, list[DeviceEntry]]:
    """Active admin and member devices by person, each list in enrollment order; people in
    order of their first device (the founder first)."""
    grouped: dict[PersonId, list[DeviceEntry]] = {}
    for entry in sorted(chain.active_devices(), key=lambda e: e.added_at_seqno):
        if entry.role is not Role.GATEWAY:
            grouped.setdefault(person_id(name_of(entry)), []).append(entry)
    return grouped


def build_roster(
    chain: ChainState,
    me: DeviceId,
    name_of: NameOf,
    last_seen: Mapping[DeviceId, int],
    away: frozenset[DeviceId] = frozenset(),
) -> Roster:
    """Everyone active on `chain`, as the device `me` sees them (`away`: devices whose agent
    said she is away).

    Raises:
        NotPermitted: `me` is not an active device of the chain (it was removed).
    """
    mine = chain.devices.get(me)
    if mine is None or not mine.active:
        raise NotPermitted("this device is no longer on the team")

    def device(entry: DeviceEntry) -> TeamDevice:
        return TeamDevice(
            device_id=entry.device_id,
            label=name_of(entry),
            role=entry.role,
            last_seen=last_seen.get(entry.device_id),
            is_me=entry.device_id == me,
            away=entry.device_id in away,
        )

    people = []
    for pid, entries in people_devices(chain, name_of).items():
        role = Role.ADMIN if any(e.role is Role.ADMIN for e in entries) else Role.MEMBER
        devices = tuple(device(e) for e in entries)
        people.append(
            TeamPerson(
                person_id=pid,
                name=name_of(entries[0]),
                role=role,
                devices=devices,
                is_me=any(d.is_me for d in devices),
            )
        )
    gateways = tuple(
        device(e)
        for e in sorted(chain.active_devices(), key=lambda e: e.added_at_seqno)
        if e.role is Role.GATEWAY
    )
    return Roster(tuple(people), gateways, mine.role, chain.epoch)


def leaves_an_admin(chain: ChainState, removed: frozenset[DeviceId]) -> bool:
    """Whether an active admin device remains once `removed` are gone."""
    return any(e.role is Role.ADMIN and e.device_id not in removed for e in chain.active_devices())
