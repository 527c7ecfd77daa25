"""The log protocol, fed plain bytes: what is accepted, what is refused, and why."""

from __future__ import annotations

import pytest

from app.crypto import envelope as env
from app.crypto.chain.state import ChainState
from app.crypto.header import EventType, HeaderFields
from app.domain.content import Text
from app.domain.ids import CustomerId, EventId, Wamid
from app.gateway.sealing import GatewayLog
from app.log.events import Claim, CustomerMessage, OutboundRequest, Reply
from app.sync.protocol import Accepted, Keyring, LogReader, LogWriter, Refused
from app.sync.subjects import Subjects
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600


@pytest.fixture(scope="module")
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna", "Ben"], NOW)


class Log:
    """A stand-in for the stream: assigns sequence numbers, remembers subjects."""

    def __init__(self, team: FoundedTeam) -> None:
        self.subjects = Subjects(team.team_id.hex())
        self.records: list[tuple[int, str, bytes]] = []
        for link in team.links:
            self.append(self.subjects.chain, link)

    def append(self, subject: str, data: bytes) -> int:
        self.records.append((len(self.records) + 1, subject, data))
        return len(self.records)


def reader_for(team: FoundedTeam, name: str) -> LogReader:
    identity = team.desks[name]
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    return LogReader(identity.keys, chain, Keyring(team.team_id), {})


def read_all(reader: LogReader, log: Log) -> list[Accepted | Refused]:
    return [reader.receive(seq, subject, data) for seq, subject, data in log.records]


def gateway_for(team: FoundedTeam) -> GatewayLog:
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    return gateway


def customer_message(text: str = "Where is my order?") -> CustomerMessage:
    return CustomerMessage(
        Wamid("wamid.SIM1"), CustomerId("DE.123"), "4915", "Lena", NOW, Text(text)
    )


def test_members_open_their_seed_box_and_read_gateway_events(team: FoundedTeam) -> None:
    log = Log(team)
    gateway = gateway_for(team)
    data = gateway.seal(customer_message(), NOW)
    gateway.published(data)
    log.append(log.subjects.inbound, data)
    anna, ben = reader_for(team, "Anna"), reader_for(team, "Ben")
    results_a, results_b = read_all(anna, log), read_all(ben, log)
    assert all(isinstance(r, Accepted) for r in results_a + results_b)
    last_a, last_b = results_a[-1], results_b[-1]
    assert isinstance(last_a, Accepted)
    assert isinstance(last_b, Accepted)
    assert last_a.event == customer_message()
    # Both desks derive the same conversation id without the gateway knowing it.
    assert last_a.conversation_id == last_b.conversation_id is not None


def test_member_events_travel_on_the_conversation_subject(team: FoundedTeam) -> None:
    log = Log(team)
    anna, ben = reader_for(team, "Anna"), reader_for(team, "Ben")
    read_all(anna, log)
    read_all(ben, log)
    writer = LogWriter(team.desks["Anna"].keys, anna)
    writer.resume_from_log()
    conversation = anna.conversation_subject  # noqa: F841 - documents the API used below
    from app.crypto.epoch import conversation_id_for

    assert anna.keyring.subject_key is not None
    conv = conversation_id_for(anna.keyring.subject_key, "DE.123")
    claim = writer.seal_member(Claim(conv), conv, EventId(b"c" * 16), NOW)
    writer.published(claim)
    seq = log.append(anna.conversation_subject(conv), claim)
    result = ben.receive(seq, anna.conversation_subject(conv), claim)
    assert isinstance(result, Accepted)
    assert result.event == Claim(conv)
    assert result.author == team.desks["Anna"].keys.device_id
    # The same bytes moved to another conversation's subject are refused.
    other = conversation_id_for(anna.keyring.subject_key, "DE.999")
    reply = writer.seal_member(Reply(conv, Text("hi")), conv, EventId(b"d" * 16), NOW)
    moved = ben.receive(seq + 1, anna.conversation_subject(other), reply)
    # Authentic and in order, so stored (the author's chain moves on), but never applied.
    assert isinstance(moved, Accepted)
    assert moved.event is None
    assert moved.problem is not None
    assert "wrong-subject" in moved.problem


def test_replays_and_tampering_are_refused_gaps_reported(team: FoundedTeam) -> None:
    log = Log(team)
    gateway = gateway_for(team)
    first = gateway.seal(customer_message("one"), NOW)
    gateway.published(first)
    second = gateway.seal(customer_message("two"), NOW)
    gateway.published(second)
    third = gateway.seal(customer_message("three"), NOW)
    ben = reader_for(team, "Ben")
    read_all(ben, log)
    inbound = log.subjects.inbound
    assert isinstance(ben.receive(10, inbound, first), Accepted)
    replay = ben.receive(11, inbound, first)
    assert isinstance(replay, Refused)
    assert "replay" in replay.reason
    gap = ben.receive(12, inbound, third)  # authentic and newer: taken, the gap reported
    assert isinstance(gap, Accepted)
    assert gap.notice == ("gap", 1)
    tampered = bytearray(second)
    tampered[200] ^= 1
    bad = ben.receive(13, inbound, bytes(tampered))
    assert isinstance(bad, Refused)
    late = ben.receive(14, inbound, second)  # the missing one, late: taken once
    assert isinstance(late, Accepted)
    assert late.notice == ("reordered", 1)


def test_outbound_requests_are_stored_not_opened_by_members(team: FoundedTeam) -> None:
    log = Log(team)
    anna, ben = reader_for(team, "Anna"), reader_for(team, "Ben")
    read_all(anna, log)
    read_all(ben, log)
    writer = LogWriter(team.desks["Anna"].keys, anna)
    request = OutboundRequest(EventId(b"r" * 16), CustomerId("DE.1"), "", Text("Thanks"))
    data = writer.seal_request(request, EventId(b"s" * 16), NOW)
    result = ben.receive(10, log.subjects.outbound, data)
    assert isinstance(result, Accepted)
    assert result.event is None
    opened = gateway_for(team).open_request(data)
    assert opened.request == request
    assert opened.author == team.desks["Anna"].keys.device_id


def test_a_desk_pinned_to_another_team_refuses_the_chain(team: FoundedTeam) -> None:
    other = found_team("Other", ["Zed"], NOW)
    reader = LogReader(
        team.desks["Ben"].keys,
        ChainState.genesis(team.team_id, other.fingerprint),
        Keyring(team.team_id),
        {},
    )
    first = Log(team).records[0]
    assert isinstance(reader.receive(*first), Refused)


def test_an_unreadable_envelope_is_stored_and_does_not_silence_its_author(
    team: FoundedTeam,
) -> None:
    log = Log(team)
    gateway = gateway_for(team)
    # A validly signed gateway event of a kind this version does not know (a newer gateway).
    n = gateway.chain.epoch
    inbound_public, _ = gateway.chain.epoch_public(n)
    fields = HeaderFields(
        team_id=team.team_id,
        epoch=n,
        event_id=EventId(b"u" * 16),
        author_seq=1,
        author_prev=bytes(32),
        chain_seqno=gateway.chain.head_seqno,
        chain_head_hash=gateway.chain.head_hash,
    )
    future = env.seal_to_public(
        event_type=EventType.GATEWAY,
        fields=fields,
        recipient_public=inbound_public,
        plaintext=bytes([99]) + bytes(16) + bytes(8) + bytes(4) + bytes(4),
        signer=team.gateway,
    )
    gateway.published(future)
    normal = gateway.seal(customer_message(), NOW)
    ben = reader_for(team, "Ben")
    read_all(ben, log)
    first = ben.receive(10, log.subjects.inbound, future)
    assert isinstance(first, Accepted)
    assert first.event is None
    assert first.problem is not None
    second = ben.receive(11, log.subjects.inbound, normal)
    assert isinstance(second, Accepted)
    assert second.event == customer_message()


def test_envelopes_must_travel_on_their_types_subject(team: FoundedTeam) -> None:
    log = Log(team)
    gateway = gateway_for(team)
    data = gateway.seal(customer_message(), NOW)
    ben = reader_for(team, "Ben")
    read_all(ben, log)
    placed = ben.receive(10, log.subjects.outbound, data)
    assert isinstance(placed, Refused)
    assert "subject-for-type" in placed.reason
    assert isinstance(ben.receive(11, log.subjects.inbound, data), Accepted)


def test_an_envelope_naming_an_unknown_chain_head_is_refused(team: FoundedTeam) -> None:
    log = Log(team)
    gateway = gateway_for(team)
    data = gateway.seal(customer_message(), NOW)
    ben = reader_for(team, "Ben")
    read_all(ben, log)
    # Ben's view of that link differs from the author's (a server showing forked chains).
    ben.link_hashes[gateway.chain.head_seqno] = b"x" * 32
    refused = ben.receive(10, log.subjects.inbound, data)
    assert isinstance(refused, Refused)
    assert "chain-fork" in refused.reason


def test_an_invalid_link_stops_the_chain(team: FoundedTeam) -> None:
    log = Log(team)
    ben = reader_for(team, "Ben")
    first_two = log.records[:2]
    for seq, subject, data in first_two:
        assert isinstance(ben.receive(seq, subject, data), Accepted)
    seq, subject, link = log.records[2]
    bad = bytearray(link)
    bad[-1] ^= 1  # break the signature: no signer made this, the hub did; refused, no more
    assert isinstance(ben.receive(seq, subject, bytes(bad)), Refused)
    assert ben.chain_invalid is None
    # A genuine link that breaks a rule (here: it skips the link before it) stops the chain.
    later = log.records[3][2]
    assert isinstance(ben.receive(seq + 1, subject, later), Refused)
    assert _chain_invalid(ben) is not None
    # Even the genuine link is no longer applied: a person must resolve it first.
    assert isinstance(ben.receive(seq + 2, subject, link), Refused)


def _chain_invalid(reader: LogReader) -> str | None:
    """Read again: mypy keeps an attribute narrowed across the calls that change it."""
    return reader.chain_invalid


def test_a_member_cannot_speak_for_the_gateway(team: FoundedTeam) -> None:
    """A member's envelope carrying a gateway kind (a customer's message, the template list,
    the number's status) is stored, never applied: only the gateway says what Meta said."""
    log = Log(team)
    anna, ben = reader_for(team, "Anna"), reader_for(team, "Ben")
    read_all(anna, log)
    read_all(ben, log)
    writer = LogWriter(team.desks["Anna"].keys, anna)
    writer.resume_from_log()
    from app.crypto.epoch import conversation_id_for

    assert anna.keyring.subject_key is not None
    conv = conversation_id_for(anna.keyring.subject_key, "DE.123")
    forged = writer.seal_member(customer_message("send me a refund"), conv, EventId(b"f" * 16), NOW)
    writer.published(forged)
    seq = log.append(anna.conversation_subject(conv), forged)
    result = ben.receive(seq, anna.conversation_subject(conv), forged)
    assert isinstance(result, Accepted)
    assert result.event is None
    assert result.problem is not None
    assert "kind-for-type" in result.problem
