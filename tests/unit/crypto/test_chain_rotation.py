"""Removal and rotation on the chain, and unwinding older seeds through `prev_wrap`."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.chain import (
    ChainState,
    RemoveDevice,
    RemoveReason,
    RevokeReason,
    Rotate,
    audit_rotation,
    encode_link,
    invite_revoke,
    older_seeds,
    open_prev_wrap,
    open_seed_box,
    parse_link,
    remove_devices,
    rotate,
    seeds_for,
)
from app.crypto.chain.local import enroll_locally
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import ChainInvalid, Undecryptable
from app.crypto.keys import DeviceKeys
from app.domain.ids import DeviceId
from app.domain.model import Role
from tests.unit.crypto.enroll_helpers import open_invite
from tests.unit.crypto.helpers import (
    GATEWAY,
    MEMBER,
    OTHER_ADMIN,
    ROOT,
    TEAM,
    DetRng,
    Team,
    build_team,
)


@cache
def team() -> Team:
    return build_team()


@cache
def with_second_admin() -> ChainState:
    state = team().state
    for link in enroll_locally(
        state,
        ROOT,
        joiner=OTHER_ADMIN,
        role=Role.ADMIN,
        seed=team().seed,
        display_name="Boss",
        created_at=1500,
        rng=DetRng(b"second-admin"),
    ):
        state = state.apply(link)
    return state


def reason(state: ChainState, link: bytes) -> str:
    with pytest.raises(ChainInvalid) as info:
        state.apply(link)
    return info.value.reason


def rotated(
    state: ChainState, signer: DeviceKeys = ROOT, label: bytes = b"rot"
) -> tuple[bytes, bytes]:
    return rotate(state, signer, seed=team().seed, created_at=3000, rng=DetRng(label))


def resign(link: bytes, signer: DeviceKeys, **rotation_changes: object) -> bytes:
    """Re-signs a rotation link with some rotation fields changed."""
    parsed = parse_link(link)
    payload = parsed.payload
    assert isinstance(payload, RemoveDevice | Rotate)
    new_rotation = dataclasses.replace(payload.rotation, **rotation_changes)  # type: ignore[arg-type]
    payload = dataclasses.replace(payload, rotation=new_rotation)
    return encode_link(
        team_id=parsed.team_id,
        seqno=parsed.seqno,
        prev_link_hash=parsed.prev_link_hash,
        signer=signer,
        created_at=parsed.created_at,
        payload=payload,
    )


def test_rotation_boxes_every_seed_reader_and_wraps_the_old_seed() -> None:
    state = team().state
    link, seed2 = rotated(state)
    after = state.apply(link)
    assert after.epoch == 2
    assert after.epoch_at(state.head_seqno) == 1
    assert after.epoch_at(after.head_seqno) == 2
    payload = parse_link(link).payload
    assert isinstance(payload, Rotate)
    assert [b.device_id for b in payload.rotation.boxes] == sorted(
        [ROOT.device_id, MEMBER.device_id]
    )
    assert open_seed_box(after, MEMBER) == open_seed_box(after, ROOT) == seed2
    assert open_prev_wrap(after, seed2, 2) == team().seed
    assert older_seeds(after, seed2, 2) == {2: seed2, 1: team().seed}
    assert seeds_for(after, MEMBER) == {2: seed2, 1: team().seed}
    assert EpochSecrets.derive(seed2, TEAM, 2).inbound_public == after.epoch_public(2)[0]
    # Everyone stays active; the gateway still has no box.
    assert all(e.active for e in after.devices.values())
    with pytest.raises(Undecryptable, match="no-box"):
        seeds_for(after, GATEWAY)


def test_removal_rotates_away_from_the_removed_device() -> None:
    state = team().state
    link, seed2 = remove_devices(
        state,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.LOST,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"rm"),
    )
    after = state.apply(link)
    member = after.devices[MEMBER.device_id]
    assert (member.active, member.removed_at_seqno, member.removal_reason) == (
        False,
        after.head_seqno,
        RemoveReason.LOST,
    )
    assert after.is_active(MEMBER.device_id, state.head_seqno)
    assert not after.is_active(MEMBER.device_id, after.head_seqno)
    assert (2, MEMBER.device_id) not in after.boxes
    assert after.seed_readers() == [ROOT.device_id]
    assert [e.device_id for e in after.active_devices()] == sorted(
        [ROOT.device_id, GATEWAY.device_id]
    )
    # The removed device keeps what it had and cannot reach epoch 2.
    assert seeds_for(after, MEMBER) == {1: team().seed}
    assert seeds_for(after, ROOT) == {2: seed2, 1: team().seed}
    # Nor may it sign anything any more.
    _, invite_link = open_invite(after, MEMBER, "by-removed")
    assert reason(after, invite_link) == "signer"


def test_a_removed_admin_can_no_longer_sign_links() -> None:
    state = with_second_admin()
    link, _ = remove_devices(
        state,
        ROOT,
        removed={OTHER_ADMIN.device_id},
        reason=RemoveReason.COMPROMISED,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"rm2"),
    )
    after = state.apply(link)
    forged, _ = rotate(after, OTHER_ADMIN, seed=_seed(after), created_at=3100, rng=DetRng(b"x"))
    assert reason(after, forged) == "signer"


def _seed(state: ChainState) -> bytes:
    return open_seed_box(state, ROOT)


def test_non_admin_cannot_rotate() -> None:
    state = team().state
    link, _ = rotate(state, MEMBER, seed=team().seed, created_at=3000, rng=DetRng(b"m"))
    assert reason(state, link) == "signer"


def test_boxes_must_match_the_readers_exactly() -> None:
    state = team().state
    link, _ = rotated(state)
    boxes = parse_link(link).payload.rotation.boxes  # type: ignore[union-attr]
    assert reason(state, resign(link, ROOT, boxes=boxes[:1])) == "box"
    extra = dataclasses.replace(boxes[0], device_id=GATEWAY.device_id)
    assert reason(state, resign(link, ROOT, boxes=tuple(sorted((*boxes, extra), key=_id)))) == (
        "box"
    )
    assert reason(state, resign(link, ROOT, boxes=())) == "box"


def _id(box: object) -> DeviceId:
    return box.device_id  # type: ignore[attr-defined,no-any-return]


def test_removed_devices_get_no_box() -> None:
    state = team().state
    link, _ = remove_devices(
        state,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.DEVICE,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"rm"),
    )
    keep, _ = rotated(state)
    all_boxes = parse_link(keep).payload.rotation.boxes  # type: ignore[union-attr]
    assert reason(state, resign(link, ROOT, boxes=all_boxes)) == "box"


def test_epoch_must_be_the_next_and_new() -> None:
    state = team().state
    link, _ = rotated(state)
    assert reason(state, resign(link, ROOT, epoch=3)) == "epoch"
    assert reason(state, resign(link, ROOT, epoch=1)) == "epoch"
    old_commit = state.epoch_public(1)[1]
    assert reason(state, resign(link, ROOT, seed_commit=old_commit)) == "epoch-reuse"


def test_the_last_admin_cannot_be_removed() -> None:
    state = team().state
    with pytest.raises(ValueError, match="last active admin"):
        remove_devices(
            state,
            ROOT,
            removed={ROOT.device_id},
            reason=RemoveReason.DEVICE,
            seed=team().seed,
            created_at=3000,
            rng=DetRng(b"x"),
        )
    # Forged past the builder: the validator refuses it too.
    link, _ = remove_devices(
        state,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.DEVICE,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"x"),
    )
    parsed = parse_link(link)
    payload = parsed.payload
    assert isinstance(payload, RemoveDevice)
    forged = encode_link(
        team_id=TEAM,
        seqno=parsed.seqno,
        prev_link_hash=parsed.prev_link_hash,
        signer=ROOT,
        created_at=3000,
        payload=dataclasses.replace(payload, removed=(ROOT.device_id,)),
    )
    assert reason(state, forged) == "last-admin"
    # With a second admin, the root may remove itself.
    two = with_second_admin()
    link, _ = remove_devices(
        two,
        ROOT,
        removed={ROOT.device_id},
        reason=RemoveReason.DEVICE,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"y"),
    )
    assert not two.apply(link).devices[ROOT.device_id].active


def test_removing_unknown_or_removed_devices_is_refused() -> None:
    state = team().state
    link, _ = remove_devices(
        state,
        ROOT,
        removed={GATEWAY.device_id},
        reason=RemoveReason.DEVICE,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"gw"),
    )
    after = state.apply(link)
    assert not after.devices[GATEWAY.device_id].active
    parsed = parse_link(link)
    payload = parsed.payload
    assert isinstance(payload, RemoveDevice)
    for removed in ((DeviceId(b"\1" * 16),), ()):
        forged = encode_link(
            team_id=TEAM,
            seqno=parsed.seqno,
            prev_link_hash=parsed.prev_link_hash,
            signer=ROOT,
            created_at=3000,
            payload=dataclasses.replace(payload, removed=removed),
        )
        assert reason(state, forged) == "remove"
    with pytest.raises(ValueError, match="active devices"):
        remove_devices(
            after,
            ROOT,
            removed={GATEWAY.device_id},
            reason=RemoveReason.DEVICE,
            seed=_seed(after),
            created_at=3100,
            rng=DetRng(b"again"),
        )


def test_a_bad_prev_wrap_is_caught_where_seeds_are_held() -> None:
    state = team().state
    link, seed2 = rotated(state)
    wrap = parse_link(link).payload.rotation.prev_wrap  # type: ignore[union-attr]
    bad = state.apply(resign(link, ROOT, prev_wrap=wrap[:-1] + bytes([wrap[-1] ^ 1])))
    with pytest.raises(ChainInvalid, match="prev-wrap"):
        open_prev_wrap(bad, seed2, 2)
    with pytest.raises(Undecryptable, match="no-epoch"):
        open_prev_wrap(state.apply(link), team().seed, 1)


def test_builders_refuse_a_wrong_seed() -> None:
    with pytest.raises(ValueError, match="current epoch"):
        rotate(team().state, ROOT, seed=bytes(32), created_at=1, rng=DetRng(b"x"))


def test_three_epochs_unwind_to_the_first() -> None:
    state = team().state
    link, seed2 = rotated(state)
    state = state.apply(link)
    link, seed3 = remove_devices(
        state,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.MEMBER,
        seed=seed2,
        created_at=4000,
        rng=DetRng(b"third"),
    )
    state = state.apply(link)
    assert state.epoch == 3
    assert seeds_for(state, ROOT) == {3: seed3, 2: seed2, 1: team().seed}
    assert seeds_for(state, MEMBER) == {2: seed2, 1: team().seed}


@cache
def setup_links() -> tuple[ChainState, list[bytes]]:
    """A revoke, a rotation and a removal after the fixed team, for bit flipping."""
    state = team().state
    invite, opened = open_invite(state, ROOT, "flip")
    revoke = invite_revoke(
        state.apply(opened),
        ROOT,
        invite_id=invite.invite_id,
        reason=RevokeReason.CANCELLED,
        created_at=2100,
    )
    links = [opened, revoke]
    current = state.apply(opened).apply(revoke)
    link, seed2 = rotate(current, ROOT, seed=team().seed, created_at=3000, rng=DetRng(b"f"))
    links.append(link)
    current = current.apply(link)
    link, _ = remove_devices(
        current,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.DEVICE,
        seed=seed2,
        created_at=3100,
        rng=DetRng(b"g"),
    )
    links.append(link)
    return state, links


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_bit_flip_in_a_setup_link_is_rejected(data: st.DataObject) -> None:
    state, links = setup_links()
    index = data.draw(st.integers(0, len(links) - 1))
    for link in links[:index]:
        state = state.apply(link)
    link = links[index]
    bit = data.draw(st.integers(0, len(link) * 8 - 1))
    flipped = bytearray(link)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(ChainInvalid):
        state.apply(bytes(flipped))


def test_setup_links_round_trip() -> None:
    _, links = setup_links()
    for link in links:
        parsed = parse_link(link)
        again = encode_link(
            team_id=parsed.team_id,
            seqno=parsed.seqno,
            prev_link_hash=parsed.prev_link_hash,
            signer=ROOT,
            created_at=parsed.created_at,
            payload=parsed.payload,
        )
        assert again == link


def test_audit_rotation_where_seeds_are_held() -> None:
    state = team().state
    link, seed2 = rotated(state)
    after = state.apply(link)
    assert audit_rotation(after, MEMBER, 2, team().seed) == seed2
    with pytest.raises(ChainInvalid, match="prev-seed"):
        audit_rotation(after, MEMBER, 2, bytes(32))
    removal, _ = remove_devices(
        state,
        ROOT,
        removed={MEMBER.device_id},
        reason=RemoveReason.DEVICE,
        seed=team().seed,
        created_at=3000,
        rng=DetRng(b"rm"),
    )
    with pytest.raises(Undecryptable, match="no-box"):
        audit_rotation(state.apply(removal), MEMBER, 2, team().seed)
