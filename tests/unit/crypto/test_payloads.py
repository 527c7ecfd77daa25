"""Link payload codecs: decode∘encode is the identity for arbitrary field values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.chain import (
    InviteCreate,
    InviteRevoke,
    RemoveDevice,
    RemoveReason,
    RevokeReason,
    Rotate,
    Rotation,
    SeedBox,
    encode_link,
    parse_link,
)
from app.crypto.chain.boxes import BOX_LEN
from app.crypto.chain.links import Payload
from app.crypto.chain.payloads import PREV_WRAP_LEN
from app.domain.ids import DeviceId
from app.domain.model import Role
from tests.unit.crypto.helpers import ROOT, TEAM

ids = st.binary(min_size=16, max_size=16).map(DeviceId)
b32 = st.binary(min_size=32, max_size=32)
u64 = st.integers(0, 2**64 - 1)
sorted_ids = st.lists(ids, unique=True, max_size=5).map(lambda xs: tuple(sorted(xs)))


def _boxes_for(devices: tuple[DeviceId, ...]) -> st.SearchStrategy[tuple[SeedBox, ...]]:
    ciphertexts = st.lists(
        st.binary(min_size=BOX_LEN, max_size=BOX_LEN), min_size=len(devices), max_size=len(devices)
    )
    return ciphertexts.map(
        lambda cs: tuple(SeedBox(d, c) for d, c in zip(devices, cs, strict=True))
    )


boxes = sorted_ids.flatmap(_boxes_for)
rotations = st.builds(
    Rotation,
    epoch=u64,
    inbound_public=b32,
    seed_commit=b32,
    boxes=boxes,
    prev_wrap=st.binary(min_size=PREV_WRAP_LEN, max_size=PREV_WRAP_LEN),
)
payloads: st.SearchStrategy[Payload] = st.one_of(
    st.builds(
        InviteCreate,
        invite_id=st.binary(min_size=16, max_size=16),
        invite_public=b32,
        invite_hub_key=b32,
        nonce=st.binary(min_size=16, max_size=16),
        role=st.sampled_from(Role),
        expires_at=u64,
    ),
    st.builds(
        InviteRevoke,
        invite_id=st.binary(min_size=16, max_size=16),
        reason=st.sampled_from(RevokeReason),
    ),
    st.builds(Rotate, rotation=rotations),
    st.builds(
        RemoveDevice,
        removed=sorted_ids,
        reason=st.sampled_from(RemoveReason),
        rotation=rotations,
    ),
)


@settings(max_examples=150, deadline=None)
@given(payloads, u64, u64)
def test_new_payloads_round_trip(payload: Payload, seqno: int, created_at: int) -> None:
    link = encode_link(
        team_id=TEAM,
        seqno=seqno,
        prev_link_hash=bytes(32),
        signer=ROOT,
        created_at=created_at,
        payload=payload,
    )
    parsed = parse_link(link)
    assert parsed.payload == payload
    assert (parsed.seqno, parsed.created_at, parsed.raw) == (seqno, created_at, link)
