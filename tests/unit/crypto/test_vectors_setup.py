"""Golden vectors of team set-up (`golden_setup.py`): recomputed, validated, and refused."""

from __future__ import annotations

import pytest

from app.crypto.chain import ChainState, InviteStatus, parse_link, seeds_for
from app.crypto.enroll import InviteCode, JoinRequest, open_join_name, parse_join
from app.crypto.errors import ChainInvalid
from tests.unit.crypto import golden, golden_setup
from tests.unit.crypto.helpers import FINGERPRINT, MEMBER, ROOT, TEAM


def test_enroll_vector_matches_around_the_frozen_name() -> None:
    frozen = golden.load("enroll")
    assert golden_setup.enroll_vector(frozen) == frozen
    assert InviteCode.parse(frozen["code"]).raw.hex() == frozen["code_raw"]


def test_setup_vector_matches_around_the_frozen_boxes() -> None:
    frozen = golden.load("chain_setup")
    assert golden_setup.setup_vector(frozen, golden.load("enroll")) == frozen


def _state(count: int) -> ChainState:
    chain = golden.load("chain")
    state = ChainState.genesis(TEAM, FINGERPRINT)
    state = state.apply(bytes.fromhex(chain["create_team"]))
    state = state.apply(bytes.fromhex(chain["add_gateway"]))
    links = list(golden.load("chain_setup")["links"].values())
    for link in links[:count]:
        state = state.apply(bytes.fromhex(link))
    return state


def test_setup_links_validate_and_every_seed_unwinds() -> None:
    vector = golden.load("chain_setup")
    state = _state(len(vector["links"]))
    assert state.head_hash.hex() == vector["hashes"]["remove_device"]
    for name, link in vector["links"].items():
        assert parse_link(bytes.fromhex(link)).link_hash.hex() == vector["hashes"][name]
    seeds = {int(n): bytes.fromhex(s) for n, s in vector["seeds"].items()}
    assert seeds_for(state, ROOT) == seeds
    assert seeds_for(state, MEMBER) == {1: seeds[1], 2: seeds[2]}
    assert not state.devices[MEMBER.device_id].active
    statuses = [i.status for i in sorted(state.invites.values(), key=lambda i: i.created_at_seqno)]
    assert statuses == [InviteStatus.CONSUMED, InviteStatus.REVOKED]


def test_the_frozen_request_opens_and_is_the_one_consumed() -> None:
    enroll = golden.load("enroll")
    request = parse_join(
        bytes.fromhex(enroll["request"]),
        JoinRequest,
        team_id=TEAM,
        invite_id=bytes.fromhex(enroll["invite_id"]),
    )
    request.verify(bytes.fromhex(enroll["invite_public"]), MEMBER.public().sig)
    seed1 = bytes.fromhex(golden.load("chain")["seed"])
    assert open_join_name(request, golden_setup.epoch_secrets(1, seed1)) == golden_setup.NAME
    assert bytes.fromhex(enroll["request"]) in bytes.fromhex(
        golden.load("chain_setup")["links"]["add_device"]
    )


@pytest.mark.parametrize("case", range(8))
def test_negative_links_are_refused_for_their_reason(case: int) -> None:
    negative = golden.load("chain_setup")["negative"][case]
    with pytest.raises(ChainInvalid) as info:
        _state(negative["after"]).apply(bytes.fromhex(negative["link"]))
    assert info.value.reason == negative["reason"]
