"""Who may log in to the hub and what each may do: nkey users from the validated chain (§4).

``users_from_chain`` is pure: it reads a validated ``ChainState`` (active devices with their
``hub_key``, open invites with their ``invite_hub_key``) and returns one :class:`HubUser` per
login, with the publish and subscribe permissions of its role. ``render_users`` turns the list
into the ``authorization`` block nats-server includes; every value is checked against a strict
pattern before it is quoted, so nothing in the chain can add configuration lines.

Permissions are worked out against nats-server 2.15.1 and nats-py 2.16 (the JetStream API
subjects the transport, the gateway's KV log and the media store use); the service user of the
hub has no limits. Reading is granted per stream: a consumer created with several filters does
not show them in its API subject, so only a single-filter consumer (the invite's chain reader)
can be restricted to one subject.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.model import Role
from app.hub.layout import FOUND_SUBJECT, INFO_SUBJECT, TeamLayout
from app.hub.nkey import user_public

__all__ = [
    "ChainView",
    "DeviceView",
    "HubUser",
    "InviteView",
    "Permissions",
    "device_permissions",
    "invite_permissions",
    "render_users",
    "service_user",
    "setup_user",
    "users_from_chain",
]

_NKEY = re.compile(r"^U[A-Z2-7]{55}$")
# Subjects and wildcards as nats-server accepts them; no quotes, spaces or line breaks.
_SUBJECT = re.compile(r"^[A-Za-z0-9_$-]+(?:\.(?:[A-Za-z0-9_$-]+|\*))*(?:\.>)?$")
_INBOX = "_INBOX.>"


class DeviceView(Protocol):
    """What ``users_from_chain`` reads of a ``DeviceEntry``."""

    @property
    def role(self) -> Role: ...
    @property
    def hub_key(self) -> bytes: ...
    @property
    def active(self) -> bool: ...


class InviteView(Protocol):
    """What ``users_from_chain`` reads of an ``InviteEntry``."""

    @property
    def invite_id(self) -> bytes: ...
    @property
    def hub_key(self) -> bytes:
        """``invite_hub_key``: the joiner's login while the invite is open."""
        ...

    def is_open(self, now: int) -> bool:
        """Neither consumed nor revoked, and not expired (with the chain's slack) at ``now``."""
        ...


class ChainView(Protocol):
    """What ``users_from_chain`` reads of a validated ``ChainState``."""

    @property
    def devices(self) -> Mapping[Any, DeviceView]: ...
    @property
    def invites(self) -> Mapping[Any, InviteView]: ...


@dataclass(frozen=True)
class Permissions:
    """Subjects a user may publish to and subscribe to (allow lists; all else is denied)."""

    publish: tuple[str, ...]
    subscribe: tuple[str, ...] = (_INBOX,)


@dataclass(frozen=True)
class HubUser:
    """One nkey login of the hub."""

    nkey: str
    """The ``U…`` public nkey."""
    permissions: Permissions | None
    """None: unrestricted (only the hub's own service)."""
    label: str
    """What the login is, for the config's comments and logs: a role, never a name."""


def _api(*parts: str) -> str:
    return "$JS.API." + ".".join(parts)


def _reader(stream: str) -> list[str]:
    """Follow a stream (any filter) and read its state and single messages."""
    return [
        _api("STREAM.INFO", stream),
        _api("STREAM.MSG.GET", stream),
        _api("CONSUMER.CREATE", stream, ">"),
        _api("CONSUMER.MSG.NEXT", stream, "*"),
        _api("CONSUMER.DELETE", stream, "*"),
    ]


def _kv(bucket: str) -> list[str]:
    """Open, create keys in, read and write a KV bucket (the gateway's send log)."""
    stream = f"KV_{bucket}"
    return [
        _api("STREAM.INFO", stream),
        _api("STREAM.MSG.GET", stream),
        _api("DIRECT.GET", stream),
        _api("DIRECT.GET", stream, ">"),
        f"$KV.{bucket}.>",
    ]


def _objects(bucket: str) -> list[str]:
    """Open, read, write and delete objects of an object store (media)."""
    stream = f"OBJ_{bucket}"
    return [
        _api("STREAM.INFO", stream),
        _api("STREAM.MSG.GET", stream),
        _api("STREAM.PURGE", stream),
        _api("DIRECT.GET", stream),
        _api("DIRECT.GET", stream, ">"),
        f"$O.{bucket}.>",
    ]


def device_permissions(role: Role, layout: TeamLayout) -> Permissions:
    """What an active device of ``role`` may do.

    Admins publish to the chain, conversations, outbound and join subjects; members the same
    without chain and joins; the gateway only inbound, plus its send log. Every device reads the
    team stream and the media store and may ask ``sbhub.info``. Admins and members also send
    and hear presence notes; the gateway has no part in them. Only the gateway announces that
    it runs on the beat subject, and only admins and members hear it.
    """
    publish = [INFO_SUBJECT, *_reader(layout.stream), *_objects(layout.media_bucket)]
    subscribe = [_INBOX]
    if role == Role.ADMIN:
        publish += [layout.chain, layout.events, layout.outbound, layout.joins]
        publish += _reader(layout.join_stream)
    elif role == Role.MEMBER:
        publish += [layout.events, layout.outbound]
    elif role == Role.GATEWAY:
        publish += [layout.inbound, layout.gateway_beats, *_kv(layout.sent_bucket)]
    else:  # pragma: no cover - Role has three members
        raise ValueError(f"unknown role {role!r}")
    if role in (Role.ADMIN, Role.MEMBER):
        publish.append(layout.presence)
        subscribe += [layout.presence, layout.gateway_beats]
    return Permissions(publish=tuple(publish), subscribe=tuple(subscribe))


def invite_permissions(invite_id: bytes, layout: TeamLayout) -> Permissions:
    """A joiner before it is a member: its own join subject, the chain, and ``sbhub.info``."""
    join = layout.join(invite_id)
    return Permissions(
        publish=(
            INFO_SUBJECT,
            join,
            _api("STREAM.INFO", layout.stream),
            _api("CONSUMER.CREATE", layout.stream, "*", layout.chain),
            _api("CONSUMER.MSG.NEXT", layout.stream, "*"),
            _api("CONSUMER.DELETE", layout.stream, "*"),
            _api("STREAM.INFO", layout.join_stream),
            _api("CONSUMER.CREATE", layout.join_stream, "*", join),
            _api("CONSUMER.MSG.NEXT", layout.join_stream, "*"),
            _api("CONSUMER.DELETE", layout.join_stream, "*"),
        )
    )


def setup_user(public: bytes) -> HubUser:
    """The login of the one-time setup code: it may only ask to found the team."""
    return HubUser(user_public(public), Permissions(publish=(FOUND_SUBJECT,)), "setup")


def service_user(public: bytes) -> HubUser:
    """The hub's own service: unrestricted."""
    return HubUser(user_public(public), None, "hub service")


def users_from_chain(state: ChainView, team: str, *, now: int) -> list[HubUser]:
    """The logins a validated chain admits: active devices by role, then open invites.

    Args:
        state: A validated ``ChainState`` (or anything of its shape).
        team: The team id in hex.
        now: Unix seconds: an invite past its expiry (plus the chain's slack) is left out, so
            the caller re-runs this as invites expire.

    Returns:
        The users, sorted by nkey within devices and within invites. A key listed twice keeps
        its first (device) entry, since nats-server refuses duplicate nkeys.
    """
    layout = TeamLayout(team)
    devices = [
        HubUser(user_public(d.hub_key), device_permissions(d.role, layout), d.role.name.lower())
        for d in state.devices.values()
        if d.active
    ]
    invites = [
        HubUser(user_public(i.hub_key), invite_permissions(i.invite_id, layout), "invite")
        for i in state.invites.values()
        if i.is_open(now)
    ]
    seen: set[str] = set()
    users: list[HubUser] = []
    for user in [*sorted(devices, key=_by_nkey), *sorted(invites, key=_by_nkey)]:
        if user.nkey not in seen:
            seen.add(user.nkey)
            users.append(user)
    return users


def _by_nkey(user: HubUser) -> str:
    return user.nkey


def _quoted_subjects(subjects: Iterable[str]) -> str:
    items = []
    for subject in subjects:
        if not _SUBJECT.match(subject):
            raise ValueError(f"not a subject: {subject!r}")
        items.append(json.dumps(subject))
    return "[" + ", ".join(items) + "]"


def _render_user(user: HubUser) -> str:
    if not _NKEY.match(user.nkey):
        raise ValueError("not a user nkey")
    if not re.fullmatch(r"[a-z ]{1,20}", user.label):
        raise ValueError("a user label is a few lowercase words")
    entry = f"nkey: {json.dumps(user.nkey)}"
    if user.permissions is not None:
        pub = _quoted_subjects(user.permissions.publish)
        sub = _quoted_subjects(user.permissions.subscribe)
        entry += f", permissions: {{publish: {{allow: {pub}}}, subscribe: {{allow: {sub}}}}}"
    return f"    # {user.label}\n    {{{entry}}}\n"


def render_users(users: Iterable[HubUser]) -> str:
    """The ``authorization`` block for nats-server (included by ``hub.conf``).

    Raises:
        ValueError: A malformed nkey or subject, or no user at all (an empty list would let
            anonymous clients in).
    """
    body = "".join(_render_user(user) for user in users)
    if not body:
        raise ValueError("a hub with authentication needs at least one user")
    return f"authorization {{\n  users = [\n{body}  ]\n}}\n"
