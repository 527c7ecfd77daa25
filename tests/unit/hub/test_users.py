"""Hub users from the validated chain, their permissions, and the rendered users file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from app.crypto.chain import (
    ChainState,
    RemoveReason,
    SasStatus,
    add_device,
    create_team,
    invite_create,
    remove_devices,
)
from app.crypto.chain.local import enroll_locally
from app.crypto.enroll import InviteKeys
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import generate_device_keys
from app.domain.ids import TeamId
from app.domain.model import Role
from app.hub.layout import FOUND_SUBJECT, INFO_SUBJECT, TeamLayout
from app.hub.nkey import user_public
from app.hub.users import (
    HubUser,
    Permissions,
    device_permissions,
    render_users,
    service_user,
    setup_user,
    users_from_chain,
)

TEAM = "0123456789abcdef0123456789abcdef"
NOW = 1_800_000_000


@dataclass(frozen=True)
class Device:
    """Stand-in of `DeviceEntry`: the fields users_from_chain reads."""

    role: Role
    hub_key: bytes = field(default_factory=lambda: os.urandom(32))
    removed_at_seqno: int | None = None

    @property
    def active(self) -> bool:
        return self.removed_at_seqno is None


@dataclass(frozen=True)
class Invite:
    """Stand-in of `InviteEntry`."""

    invite_id: bytes = field(default_factory=lambda: os.urandom(16))
    hub_key: bytes = field(default_factory=lambda: os.urandom(32))
    expires_at: int = NOW + 3600
    closed: bool = False

    def is_open(self, now: int) -> bool:
        return not self.closed and now <= self.expires_at + 300


@dataclass(frozen=True)
class Chain:
    """Stand-in of `ChainState`."""

    devices: Mapping[Any, Device]
    invites: Mapping[Any, Invite] = field(default_factory=dict)


def _by_key(users: list[HubUser]) -> dict[str, HubUser]:
    return {user.nkey: user for user in users}


def test_active_devices_get_their_role_and_removed_ones_nothing() -> None:
    admin, member, gateway = Device(Role.ADMIN), Device(Role.MEMBER), Device(Role.GATEWAY)
    gone = Device(Role.MEMBER, removed_at_seqno=7)
    chain = Chain({b"a": admin, b"m": member, b"g": gateway, b"x": gone})

    users = _by_key(users_from_chain(chain, TEAM, now=NOW))

    assert set(users) == {user_public(d.hub_key) for d in (admin, member, gateway)}
    assert users[user_public(admin.hub_key)].label == "admin"
    layout = TeamLayout(TEAM)
    for device in (admin, member, gateway):
        assert users[user_public(device.hub_key)].permissions == device_permissions(
            device.role, layout
        )


def test_only_open_unexpired_invites_get_a_login() -> None:
    open_, expired, closed = Invite(), Invite(expires_at=NOW - 301), Invite(closed=True)
    late = Invite(expires_at=NOW - 300)  # within the slack
    chain = Chain(
        {b"a": Device(Role.ADMIN)}, {i.invite_id: i for i in (open_, expired, closed, late)}
    )

    users = _by_key(users_from_chain(chain, TEAM, now=NOW))

    invites = {nkey for nkey, user in users.items() if user.label == "invite"}
    assert invites == {user_public(open_.hub_key), user_public(late.hub_key)}


def test_an_invite_may_publish_only_its_join_subject_and_read_the_chain() -> None:
    invite = Invite()
    chain = Chain({}, {invite.invite_id: invite})

    (user,) = users_from_chain(chain, TEAM, now=NOW)

    assert user.permissions is not None
    join = f"sb.{TEAM}.join.{invite.invite_id.hex()}"
    plain = [s for s in user.permissions.publish if not s.startswith("$JS.API.")]
    assert sorted(plain) == sorted([INFO_SUBJECT, join])
    creates = [s for s in user.permissions.publish if ".CONSUMER.CREATE." in s]
    assert creates == [
        f"$JS.API.CONSUMER.CREATE.SB_{TEAM}.*.sb.{TEAM}.chain",
        f"$JS.API.CONSUMER.CREATE.SB_{TEAM}_join.*.{join}",
    ]
    assert not any(".MSG.GET." in s or "DIRECT" in s for s in user.permissions.publish)
    assert user.permissions.subscribe == ("_INBOX.>",)


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        (Role.ADMIN, {"chain", "ev.*", "out", "join.*", "presence"}, {"in", "gateway"}),
        (Role.MEMBER, {"ev.*", "out", "presence"}, {"chain", "in", "join.*", "gateway"}),
        (Role.GATEWAY, {"in", "gateway"}, {"chain", "ev.*", "out", "join.*", "presence"}),
    ],
)
def test_roles_publish_to_their_subjects_only(
    role: Role, allowed: set[str], denied: set[str]
) -> None:
    publish = set(device_permissions(role, TeamLayout(TEAM)).publish)

    team_subjects = {s.removeprefix(f"sb.{TEAM}.") for s in publish if s.startswith("sb.")}
    assert team_subjects == allowed
    assert not team_subjects & denied
    assert INFO_SUBJECT in publish
    assert FOUND_SUBJECT not in publish
    kv = any(s.startswith(f"$KV.SB_{TEAM}_sent.") for s in publish)
    assert kv == (role == Role.GATEWAY)
    assert f"$O.SB_{TEAM}_media.>" in publish
    assert not any("STREAM.CREATE" in s or "STREAM.DELETE" in s for s in publish)


@pytest.mark.parametrize(
    ("role", "hears_presence"), [(Role.ADMIN, True), (Role.MEMBER, True), (Role.GATEWAY, False)]
)
def test_only_staff_devices_listen_to_presence_and_gateway_beats(
    role: Role, hears_presence: bool
) -> None:
    subscribe = device_permissions(role, TeamLayout(TEAM)).subscribe

    assert ("_INBOX.>" in subscribe, f"sb.{TEAM}.presence" in subscribe) == (True, hears_presence)
    assert (f"sb.{TEAM}.gateway" in subscribe) == hears_presence
    assert len(subscribe) == 1 + 2 * hears_presence


def test_a_hub_key_listed_twice_keeps_its_device_entry() -> None:
    key = os.urandom(32)
    chain = Chain({b"a": Device(Role.ADMIN, hub_key=key)}, {b"i": Invite(hub_key=key)})

    (user,) = users_from_chain(chain, TEAM, now=NOW)

    assert user.label == "admin"


def test_rendered_users_quote_every_value() -> None:
    service, setup = service_user(os.urandom(32)), setup_user(os.urandom(32))

    text = render_users([service, setup])

    assert text.startswith("authorization {\n  users = [\n")
    assert f'{{nkey: "{service.nkey}"}}' in text
    assert (
        f'{{nkey: "{setup.nkey}", permissions: {{publish: {{allow: ["sbhub.found"]}}, '
        'subscribe: {allow: ["_INBOX.>"]}}}'
    ) in text


@pytest.mark.parametrize(
    "user",
    [
        HubUser('U" }\nlisten: 0.0.0.0:1', None, "admin"),
        HubUser(user_public(bytes(32)), Permissions(('a"b',)), "admin"),
        HubUser(user_public(bytes(32)), Permissions(("a b",)), "admin"),
        HubUser(user_public(bytes(32)), Permissions(("a\n}",)), "admin"),
        HubUser(user_public(bytes(32)), Permissions(("a",), ("x]",)), "admin"),
        HubUser(user_public(bytes(32)), None, "admin\n}"),
    ],
)
def test_nothing_outside_the_patterns_reaches_the_file(user: HubUser) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - one of several checks
        render_users([user])


def test_an_empty_user_list_is_refused_since_it_would_open_the_hub() -> None:
    with pytest.raises(ValueError, match="at least one user"):
        render_users([])


def test_users_from_a_real_validated_chain() -> None:
    tid = TeamId(os.urandom(16))
    root, ben, gateway = generate_device_keys(), generate_device_keys(), generate_device_keys()
    link, seed = create_team(team_id=tid, root=root, team_name="T", root_name="A", created_at=NOW)
    state = ChainState.genesis(tid, team_fingerprint(tid, root.public().sig)).apply(link)
    for link in enroll_locally(
        state, root, joiner=ben, role=Role.MEMBER, seed=seed, display_name="B", created_at=NOW
    ):
        state = state.apply(link)
    state = state.apply(
        add_device(
            state,
            root,
            device=gateway.public(),
            hub_key=gateway.hub_public,
            role=Role.GATEWAY,
            seed=seed,
            display_name="G",
            created_at=NOW,
            sas_status=SasStatus.SKIPPED,
        )
    )
    invite = InviteKeys.unshared()
    state = state.apply(
        invite_create(
            state,
            root,
            invite=invite.public(),
            role=Role.MEMBER,
            expires_at=NOW + 600,
            created_at=NOW,
        )
    )
    team = tid.hex()
    before = {u.nkey: u.label for u in users_from_chain(state, team, now=NOW)}
    removal, _seed = remove_devices(
        state, root, removed={ben.device_id}, reason=RemoveReason.DEVICE, seed=seed, created_at=NOW
    )
    after = {u.nkey: u.label for u in users_from_chain(state.apply(removal), team, now=NOW)}
    expired = users_from_chain(state, team, now=NOW + 600 + 301)

    invite_key = user_public(invite.public().hub_key)
    assert before == {
        user_public(root.hub_public): "admin",
        user_public(ben.hub_public): "member",
        user_public(gateway.hub_public): "gateway",
        invite_key: "invite",  # the invite enroll_locally consumed is closed: not listed
    }
    assert user_public(ben.hub_public) not in after
    assert len(after) == 3
    assert invite_key not in {u.nkey for u in expired}
