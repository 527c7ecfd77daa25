"""Invites and join requests for chain and enrollment tests, with a cheap stand-in stretch."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto.chain import ChainState, add_device, invite_create
from app.crypto.enroll import (
    InviteCode,
    InviteKeys,
    JoinRequest,
    commit_j,
    encode_join,
    party_publics,
    seal_join_name,
)
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import sha256, x25519_public
from app.domain.model import Role
from tests.unit.crypto.helpers import DetRng


def fast_stretch(secret: bytes, salt: bytes) -> bytes:
    """Stands in for Argon2id so tests stay fast; the vectors run the real parameters."""
    return sha256(b"test-stretch", secret, salt)


def code(label: str) -> InviteCode:
    """A fixed invite code."""
    return InviteCode(DetRng(b"code/" + label.encode())(12))


def invite_keys(state: ChainState, label: str) -> InviteKeys:
    """The keys of invite `label`, derived from its code as joiner and admin both do."""
    nonce = DetRng(b"nonce/" + label.encode())(16)
    return InviteKeys.from_code(code(label), state.team_id, nonce, fast_stretch)


def open_invite(
    state: ChainState,
    signer: DeviceKeys,
    label: str,
    *,
    role: Role = Role.MEMBER,
    created_at: int = 2000,
    lifetime: int = 3600,
) -> tuple[InviteKeys, bytes]:
    """An invite and the link opening it."""
    keys = invite_keys(state, label)
    link = invite_create(
        state,
        signer,
        invite=keys.public(),
        role=role,
        expires_at=created_at + lifetime,
        created_at=created_at,
    )
    return keys, link


def ephemeral(label: str) -> X25519PrivateKey:
    """A fixed ephemeral X25519 key."""
    return X25519PrivateKey.from_private_bytes(DetRng(b"eph/" + label.encode())(32))


def join_request(
    state: ChainState,
    invite: InviteKeys,
    joiner: DeviceKeys,
    *,
    name: str = "Newcomer",
    invite_signer: Ed25519PrivateKey | None = None,
    device_signer: Ed25519PrivateKey | None = None,
    hub_key: bytes | None = None,
    e_j: X25519PrivateKey | None = None,
) -> bytes:
    """The joiner's request, signed by the invite key and its device key unless overridden."""
    n = state.epoch
    hub = joiner.hub_public if hub_key is None else hub_key
    eph = e_j or ephemeral("joiner")
    body = JoinRequest(
        device=joiner.public(),
        hub_key=hub,
        commit=commit_j(x25519_public(eph), party_publics(joiner.public(), hub), invite.invite_id),
        name_epoch=n,
        sealed_name=seal_join_name(
            name,
            state.epoch_public(n)[0],
            team_id=state.team_id,
            n=n,
            invite_id=invite.invite_id,
            device_id=joiner.device_id,
        ),
    )
    return encode_join(
        state.team_id,
        invite.invite_id,
        body,
        invite_signer or invite.signing,
        device_signer or joiner.sig,
    )


def add_via_invite(
    state: ChainState,
    signer: DeviceKeys,
    invite: InviteKeys,
    joiner: DeviceKeys,
    seed: bytes,
    *,
    role: Role = Role.MEMBER,
    created_at: int = 2100,
    request: bytes | None = None,
    **overrides: object,
) -> bytes:
    """The `add_device` consuming `invite` for `joiner`."""
    kwargs: dict[str, object] = {
        "device": joiner.public(),
        "hub_key": joiner.hub_public,
        "role": role,
        "seed": seed,
        "display_name": "Newcomer",
        "created_at": created_at,
        "invite_id": invite.invite_id,
        "join_request": join_request(state, invite, joiner) if request is None else request,
        "sas_transcript": sha256(b"transcript"),
        "rng": DetRng(b"add/" + joiner.device_id),
    }
    kwargs |= overrides
    return add_device(state, signer, **kwargs)  # type: ignore[arg-type]
