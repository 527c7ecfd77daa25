"""Join messages: strict codec, signatures bound to team and invite, sealed display names."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.enroll import (
    CancelReason,
    JoinAnswer,
    JoinCancel,
    JoinConfirm,
    JoinKind,
    JoinRequest,
    JoinReveal,
    encode_join,
    join_kind,
    open_join_name,
    parse_join,
)
from app.crypto.enroll.messages import SEALED_NAME_LEN, JoinBody
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, Malformed, Undecryptable
from app.crypto.keys import DevicePublic
from app.domain.errors import EnvelopeRejected
from app.domain.ids import DeviceId, TeamId
from tests.unit.crypto.enroll_helpers import invite_keys, join_request
from tests.unit.crypto.helpers import MEMBER, ROOT, TEAM, DetRng, build_team, keys

INVITE = b"\x42" * 16
JOINER = keys("joiner")

ids = st.binary(min_size=16, max_size=16).map(DeviceId)
b32 = st.binary(min_size=32, max_size=32)
bodies: st.SearchStrategy[JoinBody] = st.one_of(
    st.builds(
        JoinRequest,
        device=st.just(JOINER.public()),
        hub_key=b32,
        commit=b32,
        name_epoch=st.integers(0, 2**64 - 1),
        sealed_name=st.binary(min_size=SEALED_NAME_LEN, max_size=SEALED_NAME_LEN),
    ),
    st.builds(JoinAnswer, admin=ids, ephemeral=b32, request_hash=b32),
    st.builds(JoinReveal, device_id=ids, ephemeral=b32, answer_hash=b32),
    st.builds(JoinConfirm, device_id=ids, transcript=b32),
    st.builds(JoinCancel, device_id=ids, reason=st.sampled_from(CancelReason)),
)


def signers(body: JoinBody) -> tuple[list[object], list[bytes]]:
    if isinstance(body, JoinRequest):
        return [ROOT.sig, JOINER.sig], [ROOT.public().sig, JOINER.public().sig]
    return [MEMBER.sig], [MEMBER.public().sig]


def encode(body: JoinBody) -> bytes:
    keys_, _ = signers(body)
    return encode_join(TEAM, INVITE, body, *keys_)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(bodies)
def test_round_trip(body: JoinBody) -> None:
    data = encode(body)
    parsed = parse_join(data, type(body), team_id=TEAM, invite_id=INVITE)  # type: ignore[type-var]
    _, publics = signers(body)
    assert parsed.verify(*publics) == body
    assert parsed.raw == data
    assert join_kind(data) is body.kind
    assert encode(parsed.body) == data


@settings(max_examples=200, deadline=None)
@given(bodies, st.data())
def test_any_bit_flip_is_rejected(body: JoinBody, data: st.DataObject) -> None:
    message = encode(body)
    bit = data.draw(st.integers(0, len(message) * 8 - 1))
    flipped = bytearray(message)
    flipped[bit // 8] ^= 1 << (bit % 8)
    _, publics = signers(body)
    kind = type(body)
    with pytest.raises(EnvelopeRejected):
        parse_join(bytes(flipped), kind, team_id=TEAM, invite_id=INVITE).verify(*publics)  # type: ignore[type-var]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1100), st.sampled_from([JoinRequest, JoinAnswer, JoinCancel]))
def test_parser_raises_only_rejections(data: bytes, kind: type[JoinBody]) -> None:
    with contextlib.suppress(EnvelopeRejected):
        parse_join(data, kind, team_id=TEAM, invite_id=INVITE)  # type: ignore[type-var]


def test_header_binding_and_strictness() -> None:
    cancel = JoinCancel(MEMBER.device_id, CancelReason.SAS_MISMATCH)
    data = encode(cancel)
    cases: dict[str, Callable[[], object]] = {
        "kind": lambda: parse_join(data, JoinConfirm, team_id=TEAM, invite_id=INVITE),
        "team": lambda: parse_join(data, JoinCancel, team_id=TeamId(bytes(16)), invite_id=INVITE),
        "invite": lambda: parse_join(data, JoinCancel, team_id=TEAM, invite_id=bytes(16)),
        "version": lambda: parse_join(
            b"\0\2" + data[2:], JoinCancel, team_id=TEAM, invite_id=INVITE
        ),
        "suite": lambda: parse_join(
            data[:2] + b"\0\2" + data[4:], JoinCancel, team_id=TEAM, invite_id=INVITE
        ),
        "parse": lambda: parse_join(data + b"\0", JoinCancel, team_id=TEAM, invite_id=INVITE),
    }
    for expected, call in cases.items():
        with pytest.raises(Malformed) as info:
            call()
        assert info.value.reason == expected
    bad_reason = data[:53] + b"\x63" + data[54:]
    with pytest.raises(Malformed, match="parse"):
        parse_join(bad_reason, JoinCancel, team_id=TEAM, invite_id=INVITE)
    assert join_kind(b"\0") is None
    assert join_kind(data[:4] + b"\x63") is None


def test_signatures_and_counts() -> None:
    cancel = JoinCancel(MEMBER.device_id, CancelReason.CANCELLED)
    parsed = parse_join(encode(cancel), JoinCancel, team_id=TEAM, invite_id=INVITE)
    with pytest.raises(BadSignature, match="join-sig"):
        parsed.verify(ROOT.public().sig)
    with pytest.raises(BadSignature, match="join-sig"):
        parsed.verify(MEMBER.public().sig, MEMBER.public().sig)
    with pytest.raises(ValueError, match="takes 1"):
        encode_join(TEAM, INVITE, cancel, MEMBER.sig, ROOT.sig)
    # A signature over the same bytes without the join-sig label does not verify.
    unlabeled = parsed.signed_part + MEMBER.sig.sign(parsed.signed_part)
    with pytest.raises(BadSignature):
        parse_join(unlabeled, JoinCancel, team_id=TEAM, invite_id=INVITE).verify(
            MEMBER.public().sig
        )


def test_the_request_carries_a_name_only_seed_readers_open() -> None:
    team = build_team()
    invite = invite_keys(team.state, "names")
    data = join_request(team.state, invite, JOINER, name="Zoë at the front desk")
    request = parse_join(data, JoinRequest, team_id=TEAM, invite_id=invite.invite_id)
    # The whole name (two bytes like b"Zo" turn up in random ciphertext about 1 time in 200).
    assert "Zoë at the front desk".encode() not in data
    assert b"front desk" not in data
    assert request.body.device == JOINER.public()
    assert open_join_name(request, team.epoch) == "Zoë at the front desk"
    with pytest.raises(Undecryptable, match="epoch"):
        open_join_name(request, EpochSecrets.derive(team.seed, TEAM, 2))
    with pytest.raises(Undecryptable, match="decrypt"):
        open_join_name(request, EpochSecrets.derive(DetRng(b"x")(32), TEAM, 1))


def test_device_publics_are_checked_on_parse() -> None:
    body = JoinRequest(
        DevicePublic(sig=bytes(32), kem=bytes(32)), bytes(32), bytes(32), 1, bytes(SEALED_NAME_LEN)
    )
    data = encode_join(TEAM, INVITE, body, ROOT.sig, JOINER.sig)
    parsed = parse_join(data, JoinRequest, team_id=TEAM, invite_id=INVITE)
    with pytest.raises(BadSignature):
        parsed.verify(ROOT.public().sig, parsed.body.device.sig)
    assert parsed.body.kind == JoinKind.REQUEST
