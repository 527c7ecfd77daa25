"""A desk takes each new epoch's seed from its box and audits the rotation's `prev_wrap`.

crypto.md §3.5 rule 6: the chain validator cannot check `prev_wrap` (it holds no seed), so the
reader, which does, checks that it opens under the new seed to the seed it already holds. A
rotation that breaks the prev-chain would leave every later newcomer without history.
"""

from __future__ import annotations

import os

import pytest

from app.crypto.chain import ChainState, Rotate, Rotation, create_team, encode_link, rotate
from app.crypto.chain.boxes import seal_seed_box
from app.crypto.chain.unwind import seal_prev_wrap
from app.crypto.epoch import EpochSecrets
from app.crypto.fingerprint import team_fingerprint
from app.crypto.keys import DeviceKeys, generate_device_keys
from app.domain.ids import TeamId
from app.sync.protocol import Accepted, Keyring, LogReader, Refused

NOW = 1_700_000_000


def _founded() -> tuple[DeviceKeys, LogReader, ChainState, bytes, bytes]:
    """A root's reader that applied link 1 (and so holds seed[1])."""
    root = generate_device_keys()
    team_id = TeamId(os.urandom(16))
    link, seed = create_team(
        team_id=team_id, root=root, team_name="Shop", root_name="Anna", created_at=NOW
    )
    genesis = ChainState.genesis(team_id, team_fingerprint(team_id, root.public().sig))
    reader = LogReader(root, genesis, Keyring(team_id), {})
    first = reader.receive(1, reader.subjects.chain, link)
    assert isinstance(first, Accepted)
    assert first.new_seed == (1, seed)
    return root, reader, reader.chain, seed, link


def _rotation_wrapping(
    chain: ChainState, root: DeviceKeys, wrapped: bytes, *, garble: bool = False
) -> bytes:
    """A signed rotation to a fresh seed whose `prev_wrap` holds `wrapped`."""
    new_seed = os.urandom(32)
    secrets = EpochSecrets.derive(new_seed, chain.team_id, 2)
    box = seal_seed_box(
        new_seed,
        root.public().kem,
        team_id=chain.team_id,
        n=2,
        device_id=root.device_id,
        prev_link_hash=chain.head_hash,
    )
    prev_wrap = seal_prev_wrap(secrets, wrapped, os.urandom(12))
    if garble:
        prev_wrap = prev_wrap[:-1] + bytes([prev_wrap[-1] ^ 1])
    payload = Rotate(Rotation(2, secrets.inbound_public, secrets.seed_commit, (box,), prev_wrap))
    return encode_link(
        team_id=chain.team_id,
        seqno=2,
        prev_link_hash=chain.head_hash,
        signer=root,
        created_at=NOW,
        payload=payload,
    )


def test_an_honest_rotation_gives_the_new_seed() -> None:
    root, reader, chain, seed, _ = _founded()
    link, new_seed = rotate(chain, root, seed=seed, created_at=NOW)
    result = reader.receive(2, reader.subjects.chain, link)
    assert isinstance(result, Accepted)
    assert result.new_seed == (2, new_seed)
    assert sorted(reader.keyring.epochs) == [1, 2]
    assert reader.chain.epoch == 2


@pytest.mark.parametrize(("what", "garble"), [("another seed", False), ("a garbled wrap", True)])
def test_a_rotation_that_breaks_the_prev_chain_stops_the_chain(what: str, garble: bool) -> None:
    root, reader, chain, seed, _ = _founded()
    wrapped = seed if garble else os.urandom(32)
    link = _rotation_wrapping(chain, root, wrapped, garble=garble)
    assert chain.apply(link).epoch == 2  # the seedless validator cannot tell

    result = reader.receive(2, reader.subjects.chain, link)

    assert isinstance(result, Refused), what
    assert reader.chain_invalid is not None
    assert sorted(reader.keyring.epochs) == [1]
    assert reader.chain.epoch == 1


def test_without_the_previous_seed_the_box_is_taken_unaudited() -> None:
    root, _, chain, seed, link_one = _founded()
    link, new_seed = rotate(chain, root, seed=seed, created_at=NOW)
    genesis = ChainState.genesis(chain.team_id, chain.pinned_fingerprint)
    reader = LogReader(root, genesis, Keyring(chain.team_id), {})
    reader.replay_chain([link_one])
    del reader.keyring.epochs[1]  # as if seed[1] were not held: nothing to compare with
    result = reader.receive(2, reader.subjects.chain, link)
    assert isinstance(result, Accepted)
    assert result.new_seed == (2, new_seed)
