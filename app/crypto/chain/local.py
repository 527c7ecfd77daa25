"""Enrollment inside one process: the founder's machine makes every first device itself.

A team founded on one machine (the demo, tests, a one-desk shop) has no second person to compare
a SAS with, yet the chain accepts no `add_device` without an invite except the root's skipped
gateway. `enroll_locally` therefore runs the real protocol with both sides in this process: an
invite (random keys, since no code leaves the process and nothing needs stretching), the
joiner's signed request, the answer, the reveal and the SAS both sides compute, then
`add_device` with the transcript hash. The public keys are authentic by construction, which is
what `SasStatus.VERIFIED` records; validators see an ordinary enrollment.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto.chain.build import add_device, invite_create
from app.crypto.chain.state import ChainState
from app.crypto.enroll import (
    InviteKeys,
    JoinAnswer,
    JoinRequest,
    JoinReveal,
    SasContext,
    commit_j,
    compute_sas,
    encode_join,
    party_publics,
    seal_join_name,
    transcript_hash,
)
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import KEY_LEN, Rng, sha256, x25519_public
from app.domain.model import Role

INVITE_LIFETIME = 24 * 3600


def enroll_locally(
    state: ChainState,
    admin: DeviceKeys,
    *,
    joiner: DeviceKeys,
    role: Role,
    seed: bytes,
    display_name: str,
    created_at: int,
    rng: Rng = os.urandom,
) -> tuple[bytes, bytes]:
    """Builds `(invite_create, add_device)` enrolling `joiner` with `role`.

    Apply the first link before the second; both are ordinary links to every validator.

    Raises:
        ValueError: `seed` is not the current epoch's seed, or the name is not 1–252 bytes.
    """
    team_id, n = state.team_id, state.epoch
    invite = InviteKeys.unshared(rng)
    first = invite_create(
        state,
        admin,
        invite=invite.public(),
        role=role,
        expires_at=created_at + INVITE_LIFETIME,
        created_at=created_at,
    )
    state = state.apply(first)
    iid = invite.invite_id
    e_j = X25519PrivateKey.from_private_bytes(rng(KEY_LEN))
    e_a = X25519PrivateKey.from_private_bytes(rng(KEY_LEN))
    joiner_publics = party_publics(joiner.public(), joiner.hub_public)
    body = JoinRequest(
        device=joiner.public(),
        hub_key=joiner.hub_public,
        commit=commit_j(x25519_public(e_j), joiner_publics, iid),
        name_epoch=n,
        sealed_name=seal_join_name(
            display_name,
            state.epoch_public(n)[0],
            team_id=team_id,
            n=n,
            invite_id=iid,
            device_id=joiner.device_id,
        ),
    )
    request = encode_join(team_id, iid, body, invite.signing, joiner.sig)
    answer = encode_join(
        team_id, iid, JoinAnswer(admin.device_id, x25519_public(e_a), sha256(request)), admin.sig
    )
    reveal = encode_join(
        team_id, iid, JoinReveal(joiner.device_id, x25519_public(e_j), sha256(answer)), joiner.sig
    )
    context = SasContext(
        fingerprint=state.pinned_fingerprint,
        invite_id=iid,
        joiner_publics=joiner_publics,
        admin_publics=party_publics(admin.public(), admin.hub_public),
        joiner_ephemeral=x25519_public(e_j),
        admin_ephemeral=x25519_public(e_a),
    )
    if compute_sas(e_j, x25519_public(e_a), context) != compute_sas(
        e_a, x25519_public(e_j), context
    ):
        raise RuntimeError("the two sides of one process computed different SAS")
    second = add_device(
        state,
        admin,
        device=joiner.public(),
        hub_key=joiner.hub_public,
        role=role,
        seed=seed,
        display_name=display_name,
        created_at=created_at,
        invite_id=iid,
        join_request=request,
        sas_transcript=transcript_hash(state.pinned_fingerprint, request, answer, reveal),
        rng=rng,
    )
    return first, second
