"""Builders for the links an admin device signs. Their output still goes through `apply`.

Seed boxes use pyca's HPKE, which draws its own ephemeral key, so a built link is deterministic
under an injected `rng` except for the box ciphertexts (and the signature that covers them).

- `create_team`: link 1 (the root also names its hub key).
- `invite_create`, `invite_revoke`: open and burn an invite (`enroll.InviteKeys.public()`).
- `add_device`: a device that came through an invite, or the root's `skipped` gateway.
- `remove_devices`, `rotate`: a new epoch boxed to the remaining seed readers.
"""

from __future__ import annotations

import os

from app.crypto.chain.boxes import SeedBox, seal_seed_box
from app.crypto.chain.links import (
    ZERO_ID,
    AddDevice,
    CreateTeam,
    InviteCreate,
    InviteRevoke,
    Payload,
    RemoveDevice,
    RemoveReason,
    RevokeReason,
    Rotate,
    Rotation,
    SasStatus,
    encode_link,
)
from app.crypto.chain.state import SEED_READERS, ChainState
from app.crypto.chain.unwind import seal_prev_wrap
from app.crypto.enroll.derive import InvitePublic
from app.crypto.epoch import SEED_LEN, EpochSecrets
from app.crypto.keys import DeviceKeys, DevicePublic
from app.crypto.names import NameKind, seal_name
from app.crypto.primitives import HASH_LEN, NONCE_LEN, Rng
from app.domain.ids import DeviceId, TeamId
from app.domain.model import Role

ZERO_HASH = bytes(HASH_LEN)


def create_team(
    *,
    team_id: TeamId,
    root: DeviceKeys,
    team_name: str,
    root_name: str,
    created_at: int,
    rng: Rng = os.urandom,
) -> tuple[bytes, bytes]:
    """Builds link 1: the root device, epoch 1 with the root's box, and the sealed names.

    Args:
        team_id: 16 random bytes naming the team.
        root: The creating device's keys; its fingerprint is what every device pins.
        team_name: Shown to members; sealed under epoch 1.
        root_name: The root device's display name; sealed under epoch 1.
        created_at: Advisory Unix seconds.
        rng: Random source for `seed[1]` and the name nonces.

    Returns:
        `(link_bytes, seed[1])`; store the seed wrapped (`keys.wrap_private`).
    """
    seed = rng(SEED_LEN)
    secrets = EpochSecrets.derive(seed, team_id, 1)
    public = root.public()
    box = seal_seed_box(
        seed, public.kem, team_id=team_id, n=1, device_id=root.device_id, prev_link_hash=ZERO_HASH
    )
    payload = CreateTeam(
        root=public,
        root_hub_key=root.hub_public,
        epoch=1,
        inbound_public=secrets.inbound_public,
        seed_commit=secrets.seed_commit,
        boxes=(box,),
        team_name=seal_name(secrets, NameKind.TEAM, team_id, team_name, rng).blob,
        root_name=seal_name(secrets, NameKind.DEVICE, root.device_id, root_name, rng).blob,
    )
    link = encode_link(
        team_id=team_id,
        seqno=1,
        prev_link_hash=ZERO_HASH,
        signer=root,
        created_at=created_at,
        payload=payload,
    )
    return link, seed


def add_device(
    state: ChainState,
    signer: DeviceKeys,
    *,
    device: DevicePublic,
    hub_key: bytes,
    role: Role,
    seed: bytes,
    display_name: str,
    created_at: int,
    sas_status: SasStatus = SasStatus.VERIFIED,
    invite_id: bytes = ZERO_ID,
    join_request: bytes = b"",
    sas_transcript: bytes = ZERO_HASH,
    rng: Rng = os.urandom,
) -> bytes:
    """Builds the next link adding `device`, boxing the current seed to it unless a gateway.

    Args:
        state: The validated state the link extends.
        signer: An active admin's keys.
        device: The new device's public keys.
        hub_key: Its public hub login key.
        role: Its role (the invite's).
        seed: The current epoch's seed (checked against the chain).
        display_name: Sealed under the current epoch.
        created_at: Advisory Unix seconds.
        sas_status: `SKIPPED` only for a gateway added by the root without an invite
            (crypto.md §7.3); `VERIFIED` with an invite.
        invite_id: The consumed invite; zeros only for the root's skipped gateway.
        join_request: The joiner's exact signed request bytes.
        sas_transcript: `enroll.transcript_hash` of the handshake.
        rng: Random source for the name nonce.

    Raises:
        ValueError: No team yet, or `seed` is not the current epoch's seed.
    """
    secrets = _current_epoch(state, seed)
    new_id = device.device_id
    payload = AddDevice(
        device_id=new_id,
        keys=device,
        hub_key=hub_key,
        role=role,
        invite_id=invite_id,
        join_request=join_request,
        sas_transcript=sas_transcript,
        sas_status=sas_status,
        # The gateway never holds a seed (crypto.md §3.1).
        boxes=_box_to(state, device, seed) if role in SEED_READERS else (),
        display_name=seal_name(secrets, NameKind.DEVICE, new_id, display_name, rng).blob,
    )
    return _next_link(state, signer, created_at, payload)


def invite_create(
    state: ChainState,
    signer: DeviceKeys,
    *,
    invite: InvitePublic,
    role: Role,
    expires_at: int,
    created_at: int,
) -> bytes:
    """Builds the link opening an invite.

    Args:
        state: The validated state the link extends.
        signer: An active admin's keys.
        invite: `InviteKeys.from_code(...).public()`.
        role: The role the joiner will get.
        expires_at: Unix seconds, at most 24 h after `created_at`.
        created_at: Advisory Unix seconds.
    """
    payload = InviteCreate(
        invite_id=invite.invite_id,
        invite_public=invite.invite_public,
        invite_hub_key=invite.hub_key,
        nonce=invite.nonce,
        role=role,
        expires_at=expires_at,
    )
    return _next_link(state, signer, created_at, payload)


def invite_revoke(
    state: ChainState,
    signer: DeviceKeys,
    *,
    invite_id: bytes,
    reason: RevokeReason,
    created_at: int,
) -> bytes:
    """Builds the link burning an open invite (cancelled, or the SAS did not match)."""
    return _next_link(state, signer, created_at, InviteRevoke(invite_id, reason))


def rotate(
    state: ChainState,
    signer: DeviceKeys,
    *,
    seed: bytes,
    created_at: int,
    rng: Rng = os.urandom,
) -> tuple[bytes, bytes]:
    """Builds a rotation: a fresh `seed[n+1]` boxed to every active seed reader.

    Args:
        state: The validated state the link extends.
        signer: An active admin's keys.
        seed: The current `seed[n]` (checked against the chain), wrapped into the link.
        created_at: Advisory Unix seconds.
        rng: Random source for the new seed and the `prev_wrap` nonce.

    Returns:
        `(link_bytes, seed[n+1])`; store the new seed wrapped before publishing.

    Raises:
        ValueError: `seed` is not the current epoch's seed.
    """
    rotation, new_seed = _rotation(state, seed, frozenset(), rng)
    return _next_link(state, signer, created_at, Rotate(rotation)), new_seed


def remove_devices(
    state: ChainState,
    signer: DeviceKeys,
    *,
    removed: frozenset[DeviceId] | set[DeviceId],
    reason: RemoveReason,
    seed: bytes,
    created_at: int,
    rng: Rng = os.urandom,
) -> tuple[bytes, bytes]:
    """Builds `remove_device` + `rotate`: the removed get no box of `seed[n+1]`.

    Raises:
        ValueError: Nothing to remove, a device that is not active, the last active admin, or
            `seed` is not the current epoch's seed.
    """
    gone = frozenset(removed)
    if not gone or any(not state.is_active(d, state.head_seqno) for d in gone):
        raise ValueError("remove one or more active devices")
    if not any(e.role == Role.ADMIN and e.device_id not in gone for e in state.active_devices()):
        raise ValueError("the last active admin cannot be removed")
    rotation, new_seed = _rotation(state, seed, gone, rng)
    payload = RemoveDevice(tuple(sorted(gone)), reason, rotation)
    return _next_link(state, signer, created_at, payload), new_seed


def _rotation(
    state: ChainState, seed: bytes, removed: frozenset[DeviceId], rng: Rng
) -> tuple[Rotation, bytes]:
    """Epoch n+1's public values, boxes for the remaining readers and the wrapped `seed[n]`."""
    _current_epoch(state, seed)
    m = state.epoch + 1
    new_seed = rng(SEED_LEN)
    secrets = EpochSecrets.derive(new_seed, state.team_id, m)
    boxes = tuple(
        seal_seed_box(
            new_seed,
            state.devices[reader].keys.kem,
            team_id=state.team_id,
            n=m,
            device_id=reader,
            prev_link_hash=state.head_hash,
        )
        for reader in state.seed_readers()
        if reader not in removed
    )
    rotation = Rotation(
        epoch=m,
        inbound_public=secrets.inbound_public,
        seed_commit=secrets.seed_commit,
        boxes=boxes,
        prev_wrap=seal_prev_wrap(secrets, seed, rng(NONCE_LEN)),
    )
    return rotation, new_seed


def _current_epoch(state: ChainState, seed: bytes) -> EpochSecrets:
    """The current epoch's secrets, refusing a seed the chain does not commit to."""
    n = state.epoch
    if n == 0 or len(seed) != SEED_LEN:
        raise ValueError("the chain has no epoch yet, or the seed is malformed")
    secrets = EpochSecrets.derive(seed, state.team_id, n)
    if (secrets.inbound_public, secrets.seed_commit) != state.epoch_public(n):
        raise ValueError("seed does not match the current epoch")
    return secrets


def _box_to(state: ChainState, device: DevicePublic, seed: bytes) -> tuple[SeedBox]:
    """The current seed boxed to `device`, bound to the link that will follow the head."""
    box = seal_seed_box(
        seed,
        device.kem,
        team_id=state.team_id,
        n=state.epoch,
        device_id=device.device_id,
        prev_link_hash=state.head_hash,
    )
    return (box,)


def _next_link(state: ChainState, signer: DeviceKeys, created_at: int, payload: Payload) -> bytes:
    """Encodes and signs `payload` as the link after the state's head."""
    return encode_link(
        team_id=state.team_id,
        seqno=state.head_seqno + 1,
        prev_link_hash=state.head_hash,
        signer=signer,
        created_at=created_at,
        payload=payload,
    )
