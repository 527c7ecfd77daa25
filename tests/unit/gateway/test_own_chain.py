"""The gateway reads its own records back like a member: only its next envelope counts."""

from __future__ import annotations

import pytest

from app.crypto.chain.state import ChainState
from app.crypto.header import ZERO_HASH
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.own_chain import ATTACK_COUNTERS, Attack, OwnRecord, report
from app.gateway.sealing import GatewayLog
from app.log.events import CustomerMessage
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600


@pytest.fixture(scope="module")
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna"], NOW)


def gateway_for(team: FoundedTeam) -> GatewayLog:
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    return gateway


def message(n: int) -> CustomerMessage:
    return CustomerMessage(Wamid(f"wamid.{n}"), CustomerId("DE.1"), "49", "Lena", NOW, Text("hi"))


def test_the_next_envelope_is_the_gateways_own(team: FoundedTeam) -> None:
    writer, reader = gateway_for(team), gateway_for(team)
    for n in range(3):
        data = writer.seal(message(n), NOW)
        writer.published(data)
        verdict = reader.classify(data)
        assert isinstance(verdict, OwnRecord)
        assert verdict.author_seq == n + 1
        reader.published(data)
    assert reader.head == writer.head


def test_garbage_foreign_and_forged_records_are_attacks(team: FoundedTeam) -> None:
    gateway = gateway_for(team)
    data = gateway.seal(message(1), NOW)
    assert gateway.classify(b"") is Attack.GARBAGE
    assert gateway.classify(b"\x00" * 400) is Attack.GARBAGE
    assert gateway.classify(data[:-1]) is Attack.GARBAGE
    tampered = bytearray(data)
    tampered[-70] ^= 1  # the body
    assert gateway.classify(bytes(tampered)) is Attack.FORGED
    tampered = bytearray(data)
    tampered[-1] ^= 1  # the signature
    assert gateway.classify(bytes(tampered)) is Attack.FORGED
    # A validly signed envelope of another author (a member's key posing as the gateway's).
    impostor = GatewayLog(team.desks["Anna"].keys, gateway.chain)
    assert gateway.classify(impostor.seal(message(2), NOW)) is Attack.FOREIGN


def test_copies_are_attacks_and_gaps_or_forks_are_out_of_order(team: FoundedTeam) -> None:
    gateway = gateway_for(team)
    first = gateway.seal(message(1), NOW)
    gateway.published(first)
    second = gateway.seal(message(2), NOW)
    third_after_second = gateway_for(team)
    third_after_second.resume_at(2, b"\x01" * 32)
    gap = third_after_second.seal(message(3), NOW)
    fork = gateway_for(team)
    fork.resume_at(1, b"\x02" * 32)  # seq 2, but naming another seq 1
    assert gateway.classify(first) is Attack.REPLAYED  # an old record published again
    # Signed by the gateway, so their seqs are spent, but not the next link of its chain.
    for data, seq in ((gap, 3), (fork.seal(message(2), NOW), 2)):
        verdict = gateway.classify(data)
        assert isinstance(verdict, OwnRecord)
        assert (verdict.author_seq, verdict.in_order) == (seq, False)
    verdict = gateway.classify(second)
    assert isinstance(verdict, OwnRecord)
    assert verdict.in_order


def test_resuming_at_a_head_continues_after_it(team: FoundedTeam) -> None:
    gateway = gateway_for(team)
    assert gateway.head == (0, ZERO_HASH)
    gateway.resume_at(41, b"\x07" * 32)
    assert gateway.head == (41, b"\x07" * 32)


def test_a_report_counts_and_names_the_attack_without_the_record(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stats = dict(ATTACK_COUNTERS)
    report(stats, Attack.REQUEST_REPLAYED, "the outbound subject", 17)
    assert stats["hub_request_replayed"] == 1
    assert sum(stats.values()) == 1
    assert "hub attack: request-replayed on the outbound subject at stream seq 17" in caplog.text
    assert {a.counter for a in Attack} == set(ATTACK_COUNTERS)
