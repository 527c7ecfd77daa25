"""The team chain (crypto.md §3.5): building, validating, and opening seed boxes."""

from __future__ import annotations

import contextlib
import dataclasses
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.chain import (
    AddDevice,
    ChainState,
    CreateTeam,
    InviteCreate,
    LinkType,
    ParsedLink,
    SasStatus,
    add_device,
    create_team,
    display_name,
    encode_link,
    open_seed_box,
    parse_link,
    team_name,
)
from app.crypto.chain.boxes import seal_seed_box
from app.crypto.chain.links import PAYLOAD_TYPES
from app.crypto.chain.local import enroll_locally
from app.crypto.encoding import Writer
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import ChainInvalid, Undecryptable
from app.crypto.keys import DeviceKeys
from app.domain.errors import EnvelopeRejected
from app.domain.ids import DeviceId, TeamId
from app.domain.model import Role
from tests.unit.crypto.helpers import (
    FINGERPRINT,
    GATEWAY,
    MEMBER,
    OTHER_ADMIN,
    ROOT,
    TEAM,
    DetRng,
    Team,
    build_team,
    keys,
)

TYPE_OFFSET = 2 + 2 + 16 + 8 + 32 + 16 + 8
NEWCOMER = keys("newcomer")


@cache
def team() -> Team:
    return build_team()


def genesis() -> ChainState:
    return ChainState.genesis(TEAM, FINGERPRINT)


def after(count: int) -> ChainState:
    """The state after the fixed team's first `count` links."""
    state = genesis()
    for link in team().links[:count]:
        state = state.apply(link)
    return state


def reason(state: ChainState, link: bytes) -> str:
    with pytest.raises(ChainInvalid) as info:
        state.apply(link)
    return info.value.reason


def relink(parsed: ParsedLink, signer: DeviceKeys, **changes: object) -> bytes:
    """Re-encodes and re-signs a parsed link with some header or payload fields changed."""
    payload = parsed.payload
    payload_changes = {k: v for k, v in changes.items() if k in payload.__dataclass_fields__}
    payload = dataclasses.replace(payload, **payload_changes)  # type: ignore[arg-type]
    header = {
        "team_id": parsed.team_id,
        "seqno": parsed.seqno,
        "prev_link_hash": parsed.prev_link_hash,
        "created_at": parsed.created_at,
    }
    header |= {k: v for k, v in changes.items() if k in header}
    return encode_link(signer=signer, payload=payload, **header)  # type: ignore[arg-type]


def add(
    state: ChainState, signer: DeviceKeys, device: DeviceKeys, role: Role, **kw: object
) -> bytes:
    return add_device(
        state,
        signer,
        device=device.public(),
        hub_key=device.hub_public,
        role=role,
        seed=team().seed,
        display_name=kw.pop("name", "New"),  # type: ignore[arg-type]
        created_at=2000,
        **kw,  # type: ignore[arg-type]
    )


# --- the happy path ----------------------------------------------------------------------------


def test_team_validates_with_member_and_skipped_gateway() -> None:
    state = team().state
    assert (state.head_seqno, state.epoch, state.root) == (4, 1, ROOT.device_id)
    assert state.head_hash == parse_link(team().links[-1]).link_hash
    roles = {d: e.role for d, e in state.devices.items()}
    assert roles == {
        ROOT.device_id: Role.ADMIN,
        MEMBER.device_id: Role.MEMBER,
        GATEWAY.device_id: Role.GATEWAY,
    }
    gateway = state.devices[GATEWAY.device_id]
    assert (gateway.sas_status, gateway.added_at_seqno, gateway.active) == (
        SasStatus.SKIPPED,
        4,
        True,
    )
    assert gateway.keys == GATEWAY.public()
    assert gateway.hub_key == GATEWAY.hub_public
    assert state.devices[ROOT.device_id].hub_key == ROOT.hub_public
    assert state.devices[MEMBER.device_id].hub_key == MEMBER.hub_public
    assert state.devices[MEMBER.device_id].sas_status is SasStatus.VERIFIED
    assert state.epoch_public(1) == (team().epoch.inbound_public, team().epoch.seed_commit)
    assert state.epoch_at(3) == 1


def test_is_active_follows_seqnos() -> None:
    state = team().state
    assert state.is_active(MEMBER.device_id, 3)
    assert not state.is_active(MEMBER.device_id, 2)
    assert state.is_active(ROOT.device_id, 1)
    assert not state.is_active(DeviceId(bytes(16)), 3)


def test_only_an_active_admin_is_admin() -> None:
    state = team().state
    assert state.is_admin(ROOT.device_id)
    assert not state.is_admin(MEMBER.device_id)
    assert not state.is_admin(GATEWAY.device_id)
    assert not state.is_admin(DeviceId(bytes(16)))


def test_member_opens_its_box_and_derives_the_same_epoch() -> None:
    state = team().state
    seed = open_seed_box(state, MEMBER)
    assert seed == open_seed_box(state, ROOT) == team().seed
    assert EpochSecrets.derive(seed, TEAM, 1) == team().epoch
    assert EpochSecrets.derive(seed, TEAM, 1).inbound_public == state.epoch_public(1)[0]


def test_gateway_has_no_box() -> None:
    state = team().state
    assert (1, GATEWAY.device_id) not in state.boxes
    with pytest.raises(Undecryptable, match="no-box"):
        open_seed_box(state, GATEWAY)
    gateway_link = parse_link(team().links[3]).payload
    assert isinstance(gateway_link, AddDevice)
    assert gateway_link.boxes == ()


def test_names_open_under_the_epoch() -> None:
    state, epoch = team().state, team().epoch
    assert team_name(state, epoch) == "Acme Bikes"
    assert display_name(state.devices[ROOT.device_id], epoch) == "Front desk"
    assert display_name(state.devices[MEMBER.device_id], epoch) == "Ann"
    other = EpochSecrets.derive(DetRng(b"x")(32), TEAM, 1)
    with pytest.raises(Undecryptable, match="decrypt"):
        display_name(state.devices[MEMBER.device_id], other)
    with pytest.raises(Undecryptable, match="epoch"):
        team_name(state, EpochSecrets.derive(team().seed, TEAM, 2))
    with pytest.raises(Undecryptable, match="no-team"):
        team_name(genesis(), epoch)


def test_names_stay_off_the_wire() -> None:
    for link in team().links:
        for name in (b"Acme Bikes", b"Front desk", b"Ann", b"Gateway"):
            assert name not in link


def test_apply_leaves_the_old_state_alone() -> None:
    state = after(2)
    with pytest.raises(ChainInvalid):
        state.apply(team().links[0])
    assert state.head_seqno == 2
    with pytest.raises(TypeError):
        state.devices[ROOT.device_id] = state.devices[ROOT.device_id]  # type: ignore[index]


# --- rejections --------------------------------------------------------------------------------


def test_tampered_link() -> None:
    link = team().links[2]
    assert reason(after(2), link[:-1] + bytes([link[-1] ^ 1])) == "signature"
    assert reason(after(2), link[:200] + bytes([link[200] ^ 1]) + link[201:]) == "signature"


def test_wrong_prev_hash_seqno_gap_and_replay() -> None:
    parsed = parse_link(team().links[1])
    assert reason(after(1), relink(parsed, ROOT, prev_link_hash=bytes(32))) == "prev-hash"
    assert reason(after(1), relink(parsed, ROOT, seqno=3)) == "seqno"
    assert reason(after(2), team().links[1]) == "seqno"
    assert reason(after(1), relink(parsed, ROOT, team_id=TeamId(bytes(16)))) == "team"


def test_non_admin_signer() -> None:
    assert reason(team().state, add(team().state, MEMBER, NEWCOMER, Role.MEMBER)) == "signer"
    assert reason(team().state, add(team().state, NEWCOMER, keys("x"), Role.MEMBER)) == "signer"


def test_wrong_pinned_fingerprint() -> None:
    state = ChainState.genesis(TEAM, bytes(32))
    assert reason(state, team().links[0]) == "fingerprint"


def test_genesis_rules() -> None:
    assert reason(genesis(), team().links[1]) == "seqno"
    parsed = parse_link(team().links[1])
    assert reason(genesis(), relink(parsed, ROOT, seqno=1, prev_link_hash=bytes(32))) == "genesis"
    second, _ = create_team(
        team_id=TEAM, root=ROOT, team_name="Again", root_name="Root", created_at=1, rng=DetRng(b"2")
    )
    forged = relink(parse_link(second), ROOT, seqno=2, prev_link_hash=after(1).head_hash)
    assert reason(after(1), forged) == "genesis"


def test_create_team_must_be_self_signed_by_the_pinned_root() -> None:
    parsed = parse_link(team().links[0])
    assert reason(genesis(), relink(parsed, OTHER_ADMIN)) == "signer"
    assert reason(genesis(), relink(parsed, ROOT, epoch=2)) == "epoch"
    assert reason(genesis(), relink(parsed, ROOT, boxes=())) == "box"


def enrolled(state: ChainState, signer: DeviceKeys, device: DeviceKeys, role: Role) -> ChainState:
    for link in enroll_locally(
        state,
        signer,
        joiner=device,
        role=role,
        seed=team().seed,
        display_name="New",
        created_at=2000,
        rng=DetRng(b"enroll/" + device.device_id),
    ):
        state = state.apply(link)
    return state


def test_add_device_rules() -> None:
    state = team().state
    assert reason(state, add(state, ROOT, MEMBER, Role.MEMBER)) == "device-exists"
    assert reason(state, add(state, ROOT, NEWCOMER, Role.MEMBER)) == "invite"
    assert reason(state, add(state, ROOT, NEWCOMER, Role.MEMBER, invite_id=b"\1" * 16)) == "invite"
    skipped = SasStatus.SKIPPED
    assert reason(state, add(state, ROOT, NEWCOMER, Role.MEMBER, sas_status=skipped)) == "sas"
    gateway = add(state, ROOT, NEWCOMER, Role.GATEWAY, sas_status=skipped)
    assert reason(state, add(state, ROOT, NEWCOMER, Role.GATEWAY, join_request=b"hi")) == "invite"
    parsed = parse_link(gateway)
    assert reason(state, relink(parsed, ROOT, device_id=MEMBER.device_id)) == "device-id"
    assert reason(state, relink(parsed, ROOT, hub_key=MEMBER.hub_public)) == "hub-key"
    member_box = parse_link(team().links[2]).payload.boxes  # type: ignore[union-attr]
    assert reason(state, relink(parsed, ROOT, boxes=member_box)) == "box"


def test_only_the_root_may_skip_sas_for_a_gateway() -> None:
    state = enrolled(team().state, ROOT, OTHER_ADMIN, Role.ADMIN)
    link = add(state, OTHER_ADMIN, NEWCOMER, Role.GATEWAY, sas_status=SasStatus.SKIPPED)
    assert reason(state, link) == "sas"
    assert reason(state, add(state, OTHER_ADMIN, NEWCOMER, Role.GATEWAY)) == "invite"
    state = enrolled(state, OTHER_ADMIN, NEWCOMER, Role.GATEWAY)
    assert state.devices[NEWCOMER.device_id].sas_status is SasStatus.VERIFIED


def test_builder_refuses_a_wrong_seed() -> None:
    with pytest.raises(ValueError, match="current epoch"):
        add_device(
            team().state,
            ROOT,
            device=NEWCOMER.public(),
            hub_key=NEWCOMER.hub_public,
            role=Role.MEMBER,
            seed=DetRng(b"x")(32),
            display_name="N",
            created_at=1,
        )
    with pytest.raises(ValueError, match="no epoch"):
        add(genesis(), ROOT, NEWCOMER, Role.MEMBER)


def test_bad_seed_commitment_or_box_is_caught_on_open() -> None:
    parsed = parse_link(team().links[0])
    lying = genesis().apply(relink(parsed, ROOT, seed_commit=bytes(32)))
    with pytest.raises(ChainInvalid, match="seed-commit"):
        open_seed_box(lying, ROOT)
    misbound = seal_seed_box(
        team().seed,
        ROOT.public().kem,
        team_id=TEAM,
        n=2,
        device_id=ROOT.device_id,
        prev_link_hash=bytes(32),
    )
    unopenable = genesis().apply(relink(parsed, ROOT, boxes=(misbound,)))
    with pytest.raises(ChainInvalid, match="box"):
        open_seed_box(unopenable, ROOT)


@pytest.mark.parametrize(
    ("offset", "value", "expected"),
    [
        (0, b"\0\2", "version"),
        (2, b"\0\2", "suite"),
        (TYPE_OFFSET, bytes([LinkType.SET_ROLE]), "unsupported"),
        (TYPE_OFFSET, bytes([LinkType.SET_RECOVERY_KEY]), "unsupported"),
        (TYPE_OFFSET, bytes([LinkType.CHECKPOINT]), "unsupported"),
        (TYPE_OFFSET, bytes([LinkType.ROTATE]), "parse"),
        (TYPE_OFFSET, b"\x63", "type"),
        (TYPE_OFFSET + 1, b"\x7f", "parse"),
    ],
)
def test_strict_link_parse(offset: int, value: bytes, expected: str) -> None:
    link = team().links[1]
    patched = link[:offset] + value + link[offset + len(value) :]
    assert reason(after(1), patched) == expected


def test_trailing_and_short_links() -> None:
    link = team().links[1]
    assert reason(after(1), link + b"\0") == "parse"
    assert reason(after(1), link[:-1]) == "parse"
    assert reason(after(1), b"") == "parse"


def test_payload_types_are_registered() -> None:
    assert isinstance(parse_link(team().links[0]).payload, CreateTeam)
    assert isinstance(parse_link(team().links[1]).payload, InviteCreate)
    assert isinstance(parse_link(team().links[2]).payload, AddDevice)


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_bit_flip_in_a_link_is_rejected(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(team().links) - 1))
    link = team().links[index]
    bit = data.draw(st.integers(0, len(link) * 8 - 1))
    flipped = bytearray(link)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(ChainInvalid):
        after(index).apply(bytes(flipped))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1200))
def test_link_parser_raises_only_chain_invalid(data: bytes) -> None:
    with contextlib.suppress(ChainInvalid):
        parse_link(data)
    with pytest.raises(EnvelopeRejected):
        team().state.apply(data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(PAYLOAD_TYPES)), st.binary(max_size=900))
def test_payload_parser_fuzz(link_type: LinkType, payload: bytes) -> None:
    # A valid header and framing around random payload bytes, so the payload readers get fuzzed.
    header = team().links[1][:TYPE_OFFSET] + bytes([link_type])
    with contextlib.suppress(ChainInvalid):
        parse_link(header + Writer().var(payload).getvalue() + bytes(64))
