"""The whole join handshake, each side working only from the bytes it received."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from app.crypto.chain import ChainState, InviteStatus, SasStatus, add_device
from app.crypto.enroll import (
    InviteKeys,
    JoinAnswer,
    JoinConfirm,
    JoinRequest,
    JoinReveal,
    Sas,
    SasContext,
    check_reveal,
    compute_sas,
    encode_join,
    invite_id,
    open_join_name,
    parse_join,
    party_publics,
    transcript_hash,
)
from app.crypto.errors import BadSignature
from app.crypto.primitives import sha256, x25519_public
from app.domain.sas import SAS_EMOJI, format_decimals, sas_emoji
from tests.unit.crypto.enroll_helpers import (
    code,
    ephemeral,
    fast_stretch,
    join_request,
    open_invite,
)
from tests.unit.crypto.helpers import FINGERPRINT, ROOT, TEAM, Team, build_team, keys

JOINER = keys("joiner")


@cache
def team() -> Team:
    return build_team()


@cache
def opened() -> ChainState:
    _, link = open_invite(team().state, ROOT, "handshake")
    return team().state.apply(link)


@dataclass
class Run:
    request: bytes
    answer: bytes
    reveal: bytes
    e_j: X25519PrivateKey
    e_a: X25519PrivateKey


def joiner_invite(state: ChainState) -> InviteKeys:
    """The joiner's view: the code, then the nonce from the chain, then the stretch."""
    iid = invite_id(code("handshake"))
    entry = state.invites[iid]
    keys_ = InviteKeys.from_code(code("handshake"), TEAM, entry.nonce, fast_stretch)
    assert keys_.public().invite_public == entry.invite_public  # the code was typed right
    return keys_


def run(state: ChainState) -> Run:
    invite = joiner_invite(state)
    e_j, e_a = ephemeral("joiner"), ephemeral("admin")
    request = join_request(state, invite, JOINER, name="Carla", e_j=e_j)
    # Admin: check the request against the chain's invite, answer with e_A.
    entry = state.invites[invite.invite_id]
    parsed = parse_join(request, JoinRequest, team_id=TEAM, invite_id=invite.invite_id)
    body = parsed.verify(entry.invite_public, JOINER.public().sig)
    assert open_join_name(parsed, team().epoch) == "Carla"
    answer = encode_join(
        TEAM,
        invite.invite_id,
        JoinAnswer(ROOT.device_id, x25519_public(e_a), parsed.hash),
        ROOT.sig,
    )
    # Joiner: check the answer came from an admin of the chain, reveal e_J.
    got = parse_join(answer, JoinAnswer, team_id=TEAM, invite_id=invite.invite_id)
    got.verify(state.devices[got.body.admin].keys.sig)
    assert got.body.request_hash == sha256(request)
    reveal = encode_join(
        TEAM,
        invite.invite_id,
        JoinReveal(JOINER.device_id, x25519_public(e_j), got.hash),
        JOINER.sig,
    )
    assert body.device == JOINER.public()
    return Run(request, answer, reveal, e_j, e_a)


def context(state: ChainState, e_j_pub: bytes, e_a_pub: bytes) -> SasContext:
    admin = state.devices[ROOT.device_id]
    return SasContext(
        fingerprint=state.pinned_fingerprint,
        invite_id=invite_id(code("handshake")),
        joiner_publics=party_publics(JOINER.public(), JOINER.hub_public),
        admin_publics=party_publics(admin.keys, admin.hub_key),
        joiner_ephemeral=e_j_pub,
        admin_ephemeral=e_a_pub,
    )


def test_both_sides_compute_the_same_sas_and_the_admin_adds_the_joiner() -> None:
    state = opened()
    r = run(state)
    iid = invite_id(code("handshake"))
    # Admin: the reveal must open the commitment.
    reveal = parse_join(r.reveal, JoinReveal, team_id=TEAM, invite_id=iid)
    reveal.verify(JOINER.public().sig)
    request = parse_join(r.request, JoinRequest, team_id=TEAM, invite_id=iid).body
    publics = party_publics(request.device, request.hub_key)
    check_reveal(request.commit, reveal.body.ephemeral, publics, iid)
    admin_sas = compute_sas(
        r.e_a, reveal.body.ephemeral, context(state, reveal.body.ephemeral, x25519_public(r.e_a))
    )
    joiner_sas = compute_sas(
        r.e_j, x25519_public(r.e_a), context(state, x25519_public(r.e_j), x25519_public(r.e_a))
    )
    assert admin_sas == joiner_sas
    assert len(admin_sas.emoji) == 7
    assert all(0 <= i < 64 for i in admin_sas.emoji)
    assert all(1000 <= d <= 9191 for d in admin_sas.digits)
    # The joiner's person says they match: confirm names the transcript.
    transcript = transcript_hash(FINGERPRINT, r.request, r.answer, r.reveal)
    confirm = encode_join(TEAM, iid, JoinConfirm(JOINER.device_id, transcript), JOINER.sig)
    confirmed = parse_join(confirm, JoinConfirm, team_id=TEAM, invite_id=iid)
    assert confirmed.verify(JOINER.public().sig).transcript == transcript
    link = add_device(
        state,
        ROOT,
        device=request.device,
        hub_key=request.hub_key,
        role=state.invites[iid].role,
        seed=team().seed,
        display_name="Carla",
        created_at=2100,
        invite_id=iid,
        join_request=r.request,
        sas_transcript=transcript,
    )
    after = state.apply(link)
    assert after.invites[iid].status is InviteStatus.CONSUMED
    assert after.devices[JOINER.device_id].sas_status is SasStatus.VERIFIED


def test_a_man_in_the_middle_swapping_e_a_gets_a_different_sas() -> None:
    state = opened()
    r = run(state)
    e_m = ephemeral("mallory")
    # Mallory shows the joiner her key instead of the admin's (ignoring that she cannot sign).
    joiner_sas = compute_sas(
        r.e_j, x25519_public(e_m), context(state, x25519_public(r.e_j), x25519_public(e_m))
    )
    admin_sas = compute_sas(
        r.e_a, x25519_public(r.e_j), context(state, x25519_public(r.e_j), x25519_public(r.e_a))
    )
    assert joiner_sas != admin_sas


def test_a_man_in_the_middle_swapping_e_j_is_caught_by_the_commitment() -> None:
    state = opened()
    r = run(state)
    iid = invite_id(code("handshake"))
    request = parse_join(r.request, JoinRequest, team_id=TEAM, invite_id=iid).body
    publics = party_publics(request.device, request.hub_key)
    e_m = ephemeral("mallory")
    with pytest.raises(BadSignature, match="commit"):
        check_reveal(request.commit, x25519_public(e_m), publics, iid)
    # Had the admin skipped the check, the SAS would still differ.
    admin_sas = compute_sas(
        r.e_a, x25519_public(e_m), context(state, x25519_public(e_m), x25519_public(r.e_a))
    )
    joiner_sas = compute_sas(
        r.e_j, x25519_public(r.e_a), context(state, x25519_public(r.e_j), x25519_public(r.e_a))
    )
    assert admin_sas != joiner_sas


def test_the_sas_covers_the_team_and_the_keys() -> None:
    state = opened()
    r = run(state)
    base = context(state, x25519_public(r.e_j), x25519_public(r.e_a))
    sas = compute_sas(r.e_a, x25519_public(r.e_j), base)
    for other in (
        replace(base, fingerprint=bytes(32)),
        replace(base, invite_id=bytes(16)),
        replace(base, joiner_publics=bytes(96)),
        replace(base, admin_publics=bytes(96)),
    ):
        assert compute_sas(r.e_a, x25519_public(r.e_j), other) != sas


def test_a_low_order_ephemeral_is_refused() -> None:
    with pytest.raises(BadSignature, match="ephemeral"):
        compute_sas(ephemeral("a"), bytes(32), context(opened(), bytes(32), bytes(32)))


def _matrix_decimals(b: bytes) -> tuple[int, int, int]:
    # The formula as the Matrix specification writes it.
    return (
        (b[0] << 5 | b[1] >> 3) + 1000,
        ((b[1] & 0x7) << 10 | b[2] << 2 | b[3] >> 6) + 1000,
        ((b[3] & 0x3F) << 7 | b[4] >> 1) + 1000,
    )


@given(st.binary(min_size=6, max_size=6))
def test_sas_bits_are_read_the_matrix_way(data: bytes) -> None:
    sas = Sas.from_bytes(data)
    assert sas.digits == _matrix_decimals(data)
    bits = "".join(f"{byte:08b}" for byte in data)
    assert sas.emoji == tuple(int(bits[6 * i : 6 * i + 6], 2) for i in range(7))


def test_sas_edges() -> None:
    assert Sas.from_bytes(bytes(6)) == Sas((0,) * 7, (1000, 1000, 1000))
    assert Sas.from_bytes(b"\xff" * 6) == Sas((63,) * 7, (9191, 9191, 9191))
    with pytest.raises(ValueError, match="6 bytes"):
        Sas.from_bytes(bytes(5))


def test_the_emoji_table_is_matrix_s() -> None:
    assert len(SAS_EMOJI) == 64
    names = [e.name for e in SAS_EMOJI]
    assert len(set(names)) == 64
    assert names[:4] == ["Dog", "Cat", "Lion", "Horse"]
    assert names[29:32] == ["Heart", "Smiley", "Robot"]
    assert names[-3:] == ["Headphones", "Folder", "Pin"]
    assert SAS_EMOJI[0].emoji == "\U0001f436"
    assert SAS_EMOJI[63].emoji == "\U0001f4cc"
    assert [e.name for e in sas_emoji((0, 63))] == ["Dog", "Pin"]
    assert format_decimals((1000, 1234, 9191)) == "1000 1234 9191"
