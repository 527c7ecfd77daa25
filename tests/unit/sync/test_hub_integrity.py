"""What the log reader makes of a hub that drops, reorders, replays or forges (crypto.md §3.7).

Plain bytes, no broker: each case says what is taken, what is refused, under which kind the
engine reports it, and that no record the hub controls can silence an author or make the
team chain invalid unless a genuine link breaks a rule.
"""

from __future__ import annotations

import pytest

from app.crypto.chain.state import ChainState
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.sealing import GatewayLog
from app.log.events import CustomerMessage
from app.sync.protocol import (
    CHAIN,
    FORGED,
    REPLAYED,
    WITHHELD_LINK,
    Accepted,
    Keyring,
    LogReader,
    Refused,
)
from app.sync.subjects import Subjects
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600


@pytest.fixture(scope="module")
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna", "Ben"], NOW)


def reader_for(team: FoundedTeam, name: str = "Ben") -> LogReader:
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    reader = LogReader(team.desks[name].keys, chain, Keyring(team.team_id), {})
    for n, link in enumerate(team.links, start=1):
        assert isinstance(reader.receive(n, reader.subjects.chain, link), Accepted)
    return reader


def inbound(team: FoundedTeam, count: int) -> list[bytes]:
    """`count` genuine gateway envelopes, author_seq 1..count."""
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    sealed = []
    for n in range(1, count + 1):
        event = CustomerMessage(
            Wamid(f"wamid.{n}"), CustomerId("DE.1"), "4915", "Lena", NOW, Text(f"m{n}")
        )
        data = gateway.seal(event, NOW)
        gateway.published(data)
        sealed.append(data)
    return sealed


def test_a_dropped_event_never_silences_its_author(team: FoundedTeam) -> None:
    ben = reader_for(team)
    subject = ben.subjects.inbound
    first, _dropped, third, fourth = inbound(team, 4)
    assert isinstance(ben.receive(10, subject, first), Accepted)
    gap = ben.receive(11, subject, third)
    assert isinstance(gap, Accepted)
    assert gap.event is not None
    assert gap.notice == ("gap", 1)
    assert ben.missing[team.gateway.device_id] == {2}
    after = ben.receive(12, subject, fourth)  # the chain goes on from the envelope after it
    assert isinstance(after, Accepted)
    assert after.notice is None
    assert ben.heads[team.gateway.device_id][0] == 4


def test_a_reordered_event_is_taken_once_when_it_comes_late(team: FoundedTeam) -> None:
    ben = reader_for(team)
    subject = ben.subjects.inbound
    first, second, third = inbound(team, 3)
    assert isinstance(ben.receive(10, subject, first), Accepted)
    assert isinstance(ben.receive(11, subject, third), Accepted)
    late = ben.receive(12, subject, second)
    assert isinstance(late, Accepted)
    assert late.event is not None
    assert late.notice == ("reordered", 1)
    assert ben.heads[team.gateway.device_id][0] == 3  # the head stays at the newest
    assert ben.missing[team.gateway.device_id] == set()
    again = ben.receive(13, subject, second)
    assert isinstance(again, Refused)
    assert again.kind == REPLAYED


def test_replayed_and_forged_envelopes_are_refused_by_kind(team: FoundedTeam) -> None:
    ben = reader_for(team)
    subject = ben.subjects.inbound
    [first] = inbound(team, 1)
    assert isinstance(ben.receive(10, subject, first), Accepted)
    replay = ben.receive(11, subject, first)
    assert isinstance(replay, Refused)
    assert replay.kind == REPLAYED
    tampered = bytearray(first)
    tampered[-70] ^= 1
    for data in (b"junk", bytes(tampered)):
        refused = ben.receive(12, subject, data)
        assert isinstance(refused, Refused)
        assert refused.kind == FORGED


def test_junk_forged_and_replayed_links_leave_the_chain_valid(team: FoundedTeam) -> None:
    links = list(team.links)
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    ben = LogReader(team.desks["Ben"].keys, chain, Keyring(team.team_id), {})
    subject = Subjects(team.team_id.hex()).chain
    for n, link in enumerate(links[:-1], start=1):
        assert isinstance(ben.receive(n, subject, link), Accepted)
    forged = bytearray(links[-1])
    forged[-1] ^= 1  # the next link, its signature broken
    cases = [(b"junk", FORGED), (bytes(forged), FORGED), (links[1], REPLAYED)]
    for seq, (data, kind) in enumerate(cases, start=100):
        refused = ben.receive(seq, subject, data)
        assert isinstance(refused, Refused)
        assert refused.kind == kind
    assert ben.chain_invalid is None
    assert isinstance(ben.receive(200, subject, links[-1]), Accepted)  # the genuine one fits


def test_a_genuine_link_after_a_missing_one_makes_the_chain_invalid(team: FoundedTeam) -> None:
    """A dropped link cannot be stepped over: nothing after it can be validated."""
    links = list(team.links)
    assert len(links) >= 3
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    ben = LogReader(team.desks["Anna"].keys, chain, Keyring(team.team_id), {})
    subject = Subjects(team.team_id.hex()).chain
    assert isinstance(ben.receive(1, subject, links[0]), Accepted)
    skipped = ben.receive(2, subject, links[2])
    assert isinstance(skipped, Refused)
    assert skipped.kind == CHAIN
    assert ben.chain_invalid is not None
    assert "seqno" in ben.chain_invalid


def test_an_envelope_naming_a_withheld_link_is_reported_as_such(team: FoundedTeam) -> None:
    """One stream: a link is stored before any envelope naming it, so an envelope ahead of a
    valid chain means the hub withholds the link (crypto.md §3.7 "hide a chain change")."""
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    ben = LogReader(team.desks["Ben"].keys, chain, Keyring(team.team_id), {})
    subjects = Subjects(team.team_id.hex())
    for n, link in enumerate(team.links[:-1], start=1):
        assert isinstance(ben.receive(n, subjects.chain, link), Accepted)
    [envelope] = inbound(team, 1)  # names the newest link, which Ben was never given
    refused = ben.receive(50, subjects.inbound, envelope)
    assert isinstance(refused, Refused)
    assert refused.kind == WITHHELD_LINK
    assert ben.chain_invalid is None
