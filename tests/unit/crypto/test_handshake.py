"""The two sans-I/O sides of the join handshake (`app.crypto.handshake`)."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from app.crypto.chain import ChainState, InviteStatus, RevokeReason, SasStatus
from app.crypto.enroll import (
    CancelReason,
    InviteCode,
    JoinAnswer,
    encode_join,
    invite_id,
    is_valid_code,
)
from app.crypto.errors import BadSignature, InviteRefused, Malformed
from app.crypto.handshake import AdminJoin, Joiner, joiner_cancel_reason
from app.crypto.primitives import sha256, x25519_public
from tests.unit.crypto.enroll_helpers import code, ephemeral, fast_stretch, open_invite
from tests.unit.crypto.helpers import MEMBER, ROOT, TEAM, DetRng, Team, build_team, keys

JOINER = keys("flow-joiner")
NOW = 2100


@cache
def team() -> Team:
    return build_team()


@cache
def opened() -> ChainState:
    _, link = open_invite(team().state, ROOT, "flow")
    return team().state.apply(link)


def start(state: ChainState, label: str = "flow", now: int = NOW) -> Joiner:
    return Joiner.start(
        state, code(label), JOINER, "Carla", now=now, rng=DetRng(b"j"), stretch=fast_stretch
    )


def admin_for(state: ChainState, joiner: Joiner) -> AdminJoin:
    return AdminJoin.on_request(
        state,
        ROOT,
        joiner.request,
        invite_id=joiner.invite_id,
        epochs={1: team().epoch},
        now=NOW,
        rng=DetRng(b"a"),
    )


def test_a_whole_join_ends_in_an_accepted_add_device() -> None:
    state = opened()
    joiner = start(state)
    admin = admin_for(state, joiner)
    assert (admin.display_name, admin.joiner_device) == ("Carla", JOINER.device_id)
    reveal, joiner_sas = joiner.on_answer(state, admin.answer)
    assert admin.on_reveal(state, reveal) == joiner_sas
    with pytest.raises(ValueError, match="not confirmed"):
        admin.add_device_link(state, team().seed, created_at=NOW)
    admin.on_confirm(state, joiner.confirm())
    after = state.apply(admin.add_device_link(state, team().seed, created_at=NOW))
    assert after.invites[joiner.invite_id].status is InviteStatus.CONSUMED
    assert after.devices[JOINER.device_id].sas_status is SasStatus.VERIFIED
    assert "Carla" not in repr(joiner)


def test_the_joiner_is_told_why_an_invite_cannot_be_used() -> None:
    state = opened()
    with pytest.raises(InviteRefused, match="unknown"):
        start(state, "never-issued")
    with pytest.raises(InviteRefused, match="expired"):
        start(state, now=5600 + 301)
    revoked = state.apply(
        AdminJoin.on_request(
            state,
            ROOT,
            start(state).request,
            invite_id=invite_id(code("flow")),
            epochs={1: team().epoch},
            now=NOW,
        ).revoke_link(state, RevokeReason.CANCELLED, created_at=NOW)
    )
    with pytest.raises(InviteRefused, match="closed"):
        start(revoked)


def test_a_code_that_fits_its_checksum_but_not_the_invite_is_refused() -> None:
    state = opened()
    # Same invite id, but the stretch yields other keys (as a wrong team or nonce would).
    with pytest.raises(InviteRefused, match="mismatch"):
        Joiner.start(state, code("flow"), JOINER, "C", now=NOW, stretch=lambda s, salt: bytes(32))
    assert is_valid_code(str(code("flow")))
    assert not is_valid_code("ABCD")


def test_the_admin_refuses_bad_requests() -> None:
    state = opened()
    joiner = start(state)
    with pytest.raises(InviteRefused, match="unknown"):
        AdminJoin.on_request(state, ROOT, joiner.request, invite_id=bytes(16), epochs={}, now=NOW)
    member = Joiner.start(
        state, code("flow"), MEMBER, "M", now=NOW, rng=DetRng(b"m"), stretch=fast_stretch
    )
    with pytest.raises(Malformed, match="device-exists"):
        admin_for(state, member)
    with pytest.raises(Malformed, match="name-epoch"):
        AdminJoin.on_request(
            state, ROOT, joiner.request, invite_id=joiner.invite_id, epochs={}, now=NOW
        )
    tampered = joiner.request[:-1] + bytes([joiner.request[-1] ^ 1])
    with pytest.raises(BadSignature, match="join-sig"):
        AdminJoin.on_request(
            state, ROOT, tampered, invite_id=joiner.invite_id, epochs={1: team().epoch}, now=NOW
        )


def test_the_joiner_refuses_answers_from_non_admins_or_for_other_requests() -> None:
    state = opened()
    joiner = start(state)
    iid, eph = joiner.invite_id, x25519_public(ephemeral("admin"))
    by_member = encode_join(
        TEAM, iid, JoinAnswer(MEMBER.device_id, eph, sha256(joiner.request)), MEMBER.sig
    )
    with pytest.raises(BadSignature, match="not-admin"):
        joiner.on_answer(state, by_member)
    posing = encode_join(
        TEAM, iid, JoinAnswer(ROOT.device_id, eph, sha256(joiner.request)), MEMBER.sig
    )
    with pytest.raises(BadSignature, match="join-sig"):
        joiner.on_answer(state, posing)
    elsewhere = encode_join(TEAM, iid, JoinAnswer(ROOT.device_id, eph, bytes(32)), ROOT.sig)
    with pytest.raises(BadSignature, match="request-hash"):
        joiner.on_answer(state, elsewhere)
    assert joiner.reveal is None


def test_a_reveal_that_does_not_open_the_commitment_is_refused() -> None:
    state = opened()
    joiner = start(state)
    admin = admin_for(state, joiner)
    swapped = dataclasses.replace(joiner, ephemeral=ephemeral("mallory"))
    reveal, _ = swapped.on_answer(state, admin.answer)
    with pytest.raises(BadSignature, match="commit"):
        admin.on_reveal(state, reveal)


def test_a_confirm_for_another_transcript_is_refused() -> None:
    state = opened()
    joiner = start(state)
    admin = admin_for(state, joiner)
    reveal, _ = joiner.on_answer(state, admin.answer)
    admin.on_reveal(state, reveal)
    joiner.reveal = reveal[:-1] + bytes([reveal[-1] ^ 1])
    with pytest.raises(BadSignature, match="transcript"):
        admin.on_confirm(state, joiner.confirm())


def test_cancels_travel_both_ways_and_the_invite_is_burnt() -> None:
    state = opened()
    joiner = start(state)
    admin = admin_for(state, joiner)
    assert admin.on_cancel(state, joiner.cancel(CancelReason.SAS_MISMATCH)) is (
        CancelReason.SAS_MISMATCH
    )
    message = admin.cancel(state, CancelReason.TIMEOUT)
    assert joiner_cancel_reason(state, joiner, message) is CancelReason.TIMEOUT
    after = state.apply(admin.revoke_link(state, RevokeReason.SAS_MISMATCH, created_at=NOW))
    assert after.invites[joiner.invite_id].status is InviteStatus.REVOKED
    with pytest.raises(BadSignature):
        admin.on_cancel(state, message)
    assert isinstance(InviteCode.parse(str(code("flow"))), InviteCode)
