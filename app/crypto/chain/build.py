"""Builders for the links an admin device signs. Their output still goes through `apply`.

Seed boxes use pyca's HPKE, which draws its own ephemeral key, so a built link is deterministic
under an injected `rng` except for the box ciphertexts (and the signature that covers them).
"""

from __future__ import annotations

import os

from app.crypto.chain.boxes import SeedBox, seal_seed_box
from app.crypto.chain.links import (
    ZERO_ID,
    AddDevice,
    CreateTeam,
    Payload,
    SasStatus,
    encode_link,
)
from app.crypto.chain.state import SEED_READERS, ChainState
from app.crypto.epoch import SEED_LEN, EpochSecrets
from app.crypto.keys import DeviceKeys, DevicePublic
from app.crypto.names import NameKind, seal_name
from app.crypto.primitives import HASH_LEN, Rng
from app.domain.ids import TeamId
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
        role: Its role.
        seed: The current epoch's seed (checked against the chain).
        display_name: Sealed under the current epoch.
        created_at: Advisory Unix seconds.
        sas_status: `SKIPPED` only for a gateway added by the root (crypto.md §7.3).
        invite_id: The consumed invite; zeros until enrollment lands.
        join_request: The joiner's signed request; empty until enrollment lands.
        sas_transcript: The SAS transcript hash; zeros until enrollment lands.
        rng: Random source for the name nonce.

    Raises:
        ValueError: No team yet, or `seed` is not the current epoch's seed.
    """
    secrets = _current_epoch(state, seed)
    new_id = device.device_id
    payload = AddDevice(
        device_id=new_id,
        keys=device,
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
