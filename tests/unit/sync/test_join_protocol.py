"""Both sides of the enrollment handshake, driven with plain bytes (no hub)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.crypto.chain import ChainState, add_device, create_team, invite_create
from app.crypto.enroll import CancelReason, InviteKeys, JoinReveal, encode_join, new_invite_code
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.crypto.primitives import sha256, x25519_public
from app.domain.ids import TeamId
from app.domain.model import Role
from app.sync.join_protocol import AdminSide, Cancelled, JoinerSide
from tests.helpers.team_desks import cheap_stretch

NOW = int(time.time())


@dataclass
class Setup:
    chain: ChainState
    seed: bytes
    admin: DeviceKeys
    invite: InviteKeys


def founded(role: Role = Role.MEMBER) -> Setup:
    team_id = TeamId(os.urandom(16))
    admin = generate_device_keys()
    link, seed = create_team(
        team_id=team_id, root=admin, team_name="Shop", root_name="Anna", created_at=NOW
    )
    chain = ChainState.genesis(team_id, team_fingerprint(team_id, admin.public().sig)).apply(link)
    code = new_invite_code()
    invite = InviteKeys.from_code(code, team_id, os.urandom(16), cheap_stretch)
    chain = chain.apply(
        invite_create(
            chain, admin, invite=invite.public(), role=role, expires_at=NOW + 3600, created_at=NOW
        )
    )
    return Setup(chain, seed, admin, invite)


def sides(setup: Setup, name: str = "Ben") -> tuple[JoinerSide, AdminSide, DeviceKeys]:
    joiner_keys = generate_device_keys()
    joiner = JoinerSide(
        chain=setup.chain,
        invite=setup.chain.invites[setup.invite.invite_id],
        invite_keys=setup.invite,
        device=joiner_keys,
        display_name=name,
    )
    epochs = {1: EpochSecrets.derive(setup.seed, setup.chain.team_id, 1)}
    admin = AdminSide(admin=setup.admin, invite_id=setup.invite.invite_id, epochs=epochs)
    return joiner, admin, joiner_keys


def test_both_sides_see_the_same_sas_and_the_newcomer_is_added() -> None:
    setup = founded()
    joiner, admin, keys = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    assert admin.newcomer is not None
    assert admin.newcomer.name == "Ben"
    reveal = joiner.on_answer(answer, setup.chain)
    assert reveal is not None
    sas = admin.on_reveal(reveal, setup.chain)
    assert sas is not None
    assert sas == joiner.sas
    assert admin.on_confirm(joiner.confirm(), setup.chain)
    assert admin.transcript is not None
    link = add_device(
        setup.chain,
        setup.admin,
        device=keys.public(),
        hub_key=keys.hub_public,
        role=Role.MEMBER,
        seed=setup.seed,
        display_name="Ben",
        created_at=NOW,
        invite_id=setup.invite.invite_id,
        join_request=admin.request_bytes,
        sas_transcript=admin.transcript,
    )
    after = setup.chain.apply(link)
    assert joiner.added_in(after)
    assert not joiner.added_in(setup.chain)


def test_a_man_in_the_middle_swapping_the_answer_gets_another_sas() -> None:
    setup = founded()
    joiner, admin, _ = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    # The hub answers the joiner itself with its own ephemeral key: it cannot sign as an
    # admin, so the joiner refuses that answer outright.
    forged = bytearray(answer)
    forged[40] ^= 1
    with pytest.raises(BadSignature):
        joiner.on_answer(bytes(forged), setup.chain)


def test_a_reveal_that_breaks_the_commitment_is_refused() -> None:
    setup = founded()
    joiner, admin, keys = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    # An ephemeral key chosen after seeing e_A (what a man in the middle needs) breaks commit_J.
    late = x25519_public(X25519PrivateKey.generate())
    reveal = encode_join(
        setup.chain.team_id,
        setup.invite.invite_id,
        JoinReveal(keys.device_id, late, sha256(answer)),
        keys.sig,
    )
    with pytest.raises(BadSignature, match="commit"):
        admin.on_reveal(reveal, setup.chain)


def test_an_answer_to_another_request_is_skipped() -> None:
    setup = founded()
    joiner, admin, _ = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    other_joiner, _, _ = sides(setup)
    assert other_joiner.on_answer(answer, setup.chain) is None
    assert joiner.on_answer(answer, setup.chain) is not None


def test_a_confirmation_of_another_transcript_does_not_count() -> None:
    setup = founded()
    joiner, admin, _ = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    reveal = joiner.on_answer(answer, setup.chain)
    assert reveal is not None
    admin.on_reveal(reveal, setup.chain)
    admin.transcript = bytes(32)
    assert not admin.on_confirm(joiner.confirm(), setup.chain)


def test_cancels_are_read_only_from_the_other_party() -> None:
    setup = founded()
    joiner, admin, _ = sides(setup)
    answer = admin.on_request(joiner.request(), setup.chain, NOW)
    assert answer is not None
    joiner.on_answer(answer, setup.chain)
    mismatch = joiner.cancel(CancelReason.SAS_MISMATCH)
    assert admin.on_cancel(mismatch, setup.chain) == Cancelled(
        joiner.device.device_id, CancelReason.SAS_MISMATCH
    )
    from_admin = admin.cancel(setup.chain, CancelReason.CANCELLED)
    assert joiner.on_cancel(from_admin, setup.chain) == Cancelled(
        setup.admin.device_id, CancelReason.CANCELLED
    )
    assert joiner.on_cancel(mismatch, setup.chain) is None  # its own message


def test_a_request_on_an_expired_invite_is_refused() -> None:
    setup = founded()
    joiner, admin, _ = sides(setup)
    with pytest.raises(Exception, match="invite-closed"):
        admin.on_request(joiner.request(), setup.chain, NOW + 2 * 24 * 3600)


def test_the_joiner_refuses_keys_that_are_not_the_invites() -> None:
    setup = founded()
    wrong = InviteKeys.from_code(
        new_invite_code(), setup.chain.team_id, os.urandom(16), cheap_stretch
    )
    with pytest.raises(Exception, match="invite-keys"):
        JoinerSide(
            chain=setup.chain,
            invite=setup.chain.invites[setup.invite.invite_id],
            invite_keys=wrong,
            device=generate_device_keys(),
            display_name="Eve",
        )
