"""One signature per run (security.md 2.12): a catching-up batch verifies each author's run
once, and still refuses exactly what record-by-record reading refuses, for the same reasons.

Every case compares `receive_batch` with `receive` one record at a time on a fresh reader, and
counts the Ed25519 verifications the batch made.
"""

from __future__ import annotations

import os

import pytest

from app.crypto import envelope as env
from app.crypto import runs
from app.crypto.chain import ChainState, RemoveReason, remove_devices
from app.crypto.epoch import conversation_id_for
from app.crypto.header import HeaderFields
from app.domain.ids import ConversationId, EventId
from app.log.events import Note
from app.sync.protocol import (
    FORGED,
    REPLAYED,
    Accepted,
    Keyring,
    LogReader,
    LogWriter,
    Received,
    Refused,
)
from app.sync.subjects import Subjects
from app.sync.transport import LogRecord
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600


@pytest.fixture(scope="module")
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna", "Ben", "Cara"], NOW)


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The envelopes `verify_runs` checked on their own signature, in order."""
    seen: list[bytes] = []
    real = runs.verify_signature

    def counting(parsed: env.ParsedEnvelope, public: bytes) -> env.VerifiedEnvelope:
        seen.append(parsed.raw)
        return real(parsed, public)

    monkeypatch.setattr(runs, "verify_signature", counting)
    return seen


class Scene:
    """The team's links as stream records, and a reader for any desk."""

    def __init__(self, team: FoundedTeam) -> None:
        self.team = team
        self.subjects = Subjects(team.team_id.hex())
        self.links = [
            LogRecord(i + 1, self.subjects.chain, link) for i, link in enumerate(team.links)
        ]
        self.cara = self.reader("Cara")
        self.writer = LogWriter(team.desks["Cara"].keys, self.cara)
        assert self.cara.keyring.subject_key is not None
        self.conversation = conversation_id_for(self.cara.keyring.subject_key, "DE.1")
        self.subject = self.cara.conversation_subject(self.conversation)

    def reader(self, name: str) -> LogReader:
        identity = self.team.desks[name]
        genesis = ChainState.genesis(self.team.team_id, self.team.fingerprint)
        reader = LogReader(identity.keys, genesis, Keyring(self.team.team_id), {})
        for record in self.links:
            assert isinstance(reader.receive(record.seq, record.subject, record.data), Accepted)
        return reader

    def notes(self, count: int) -> list[bytes]:
        """Cara's next `count` envelopes, each one linking to the one before."""
        out = []
        for i in range(count):
            note = Note(self.conversation, f"note {i}")
            data = self.writer.seal_member(note, self.conversation, EventId(os.urandom(16)), NOW)
            self.writer.published(data)
            out.append(data)
        return out

    def records(self, datas: list[bytes], first: int = 100) -> list[LogRecord]:
        return [LogRecord(first + i, self.subject, d) for i, d in enumerate(datas)]


def summary(result: Received) -> tuple[object, ...]:
    if isinstance(result, Refused):
        return ("refused", result.seq, result.reason, result.kind)
    return ("accepted", result.seq, result.event, result.notice, result.problem)


def one_by_one(scene: Scene, name: str, records: list[LogRecord]) -> list[tuple[object, ...]]:
    reader = scene.reader(name)
    return [summary(reader.receive(r.seq, r.subject, r.data)) for r in records]


def batched(scene: Scene, name: str, batches: list[list[LogRecord]]) -> list[tuple[object, ...]]:
    reader = scene.reader(name)
    return [summary(r) for batch in batches for r in reader.receive_batch(batch)]


def flipped(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 1
    return bytes(out)


def test_a_run_costs_one_verification(team: FoundedTeam, verifications: list[bytes]) -> None:
    scene = Scene(team)
    notes = scene.notes(6)
    records = scene.records(notes)
    results = batched(scene, "Ben", [records])
    assert verifications == [notes[-1]]
    assert [r[0] for r in results] == ["accepted"] * 6
    assert all(r[2] is not None and r[3] is None for r in results)
    assert results == one_by_one(scene, "Ben", records)


def test_a_forged_middle_envelope_is_refused_and_its_neighbours_taken(
    team: FoundedTeam, verifications: list[bytes]
) -> None:
    scene = Scene(team)
    notes = scene.notes(5)
    notes[2] = flipped(notes[2], len(notes[2]) - 100)  # a body byte: the hub's forgery
    records = scene.records(notes)
    results = batched(scene, "Ben", [records])
    assert results == one_by_one(scene, "Ben", records)
    assert [r[0] for r in results] == ["accepted", "accepted", "refused", "accepted", "accepted"]
    assert results[2][2] == "bad-signature:signature"
    assert results[2][3] == FORGED
    assert results[3][3] == ("gap", 1)  # the genuine third is missing: reported, not hidden
    # The last vouches for the fourth; the forgery is checked alone and fails; so is the second.
    assert verifications == [notes[4], notes[2], notes[1]]


def test_a_run_whose_last_signature_is_bad(team: FoundedTeam, verifications: list[bytes]) -> None:
    scene = Scene(team)
    notes = scene.notes(4)
    notes[-1] = flipped(notes[-1], len(notes[-1]) - 1)  # the signature's last byte
    records = scene.records(notes)
    results = batched(scene, "Ben", [records])
    assert results == one_by_one(scene, "Ben", records)
    assert [r[0] for r in results] == ["accepted"] * 3 + ["refused"]
    assert results[3][2] == "bad-signature:signature"
    assert verifications == [notes[3], notes[2]]


def test_a_batch_ending_mid_run_verifies_each_part(
    team: FoundedTeam, verifications: list[bytes]
) -> None:
    scene = Scene(team)
    notes = scene.notes(5)
    records = scene.records(notes)
    results = batched(scene, "Ben", [records[:3], records[3:]])
    assert results == one_by_one(scene, "Ben", records)
    assert [r[0] for r in results] == ["accepted"] * 5
    assert all(r[3] is None for r in results)  # in order across the cut
    assert verifications == [notes[2], notes[4]]


def test_live_delivery_verifies_every_envelope(
    team: FoundedTeam, verifications: list[bytes]
) -> None:
    scene = Scene(team)
    notes = scene.notes(3)
    reader = scene.reader("Ben")
    for record in scene.records(notes):
        assert isinstance(reader.receive_batch([record])[0], Accepted)
    assert len(verifications) == 0  # a batch of one takes the ordinary, per-envelope path
    forged = flipped(scene.notes(1)[0], 300)
    assert isinstance(reader.receive_batch(scene.records([forged], first=200))[0], Refused)


def test_a_replay_and_a_fork_inside_a_run_are_refused(
    team: FoundedTeam, verifications: list[bytes]
) -> None:
    scene = Scene(team)
    first, second = scene.notes(2)
    # Cara's chain forks at 2: another envelope signed with her key after `first`.
    scene.writer.next_seq, scene.writer.prev_hash = 2, env.envelope_hash(first)
    fork_second, fork_third = scene.notes(2)
    records = scene.records([first, second, first, fork_second, fork_third])
    results = batched(scene, "Ben", [records])
    assert results == one_by_one(scene, "Ben", records)
    kinds = [(r[0], r[3] if r[0] == "refused" else None) for r in results]
    assert kinds == [
        ("accepted", None),
        ("accepted", None),
        ("refused", REPLAYED),  # a copy of `first`: authentic, still a replay
        ("refused", REPLAYED),  # the same author_seq with other bytes: equivocation
        ("refused", FORGED),  # names the fork as its predecessor: prev-mismatch
    ]
    assert results[4][2] == "envelope-rejected:prev-mismatch"


def test_a_run_crossing_a_removal_is_split_at_the_link(
    team: FoundedTeam, verifications: list[bytes]
) -> None:
    scene = Scene(team)
    before = scene.notes(2)
    anna = scene.reader("Anna")
    removal, _ = remove_devices(
        anna.chain,
        team.desks["Anna"].keys,
        removed={team.desks["Cara"].keys.device_id},
        reason=RemoveReason.LOST,
        seed=_seed_one(scene),
        created_at=NOW,
    )
    in_flight = scene.notes(1)  # written before Cara saw her removal: the grace rules
    after = _naming_the_removal(scene, removal)
    records = [
        *scene.records(before, first=100),
        LogRecord(102, scene.subjects.chain, removal),
        *scene.records([*in_flight, after], first=103),
    ]
    results = batched(scene, "Ben", [records])
    assert results == one_by_one(scene, "Ben", records)
    assert [r[0] for r in results] == ["accepted"] * 4 + ["refused"]
    assert results[4][2] == "envelope-rejected:author-inactive"
    # Two segments, two verifications: nothing after the removal vouched for what came before.
    assert verifications == [before[-1], after]


def _seed_one(scene: Scene) -> bytes:
    anna = scene.team.desks["Anna"].keys
    genesis = ChainState.genesis(scene.team.team_id, scene.team.fingerprint)
    reader = LogReader(anna, genesis, Keyring(scene.team.team_id), {})
    first = reader.receive(1, scene.subjects.chain, scene.links[0].data)
    assert isinstance(first, Accepted)
    assert first.new_seed is not None
    return first.new_seed[1]


def _naming_the_removal(scene: Scene, removal: bytes) -> bytes:
    """Cara's next envelope, naming the link that removed her (her key still signs)."""
    chain = scene.cara.chain.apply(removal)
    fields = HeaderFields(
        team_id=scene.team.team_id,
        epoch=1,
        event_id=EventId(os.urandom(16)),
        author_seq=scene.writer.next_seq,
        author_prev=scene.writer.prev_hash,
        chain_seqno=chain.head_seqno,
        chain_head_hash=chain.head_hash,
    )
    conversation = ConversationId(scene.conversation)
    return env.seal_member_event(
        fields=fields,
        plaintext=_note_plaintext(conversation),
        epoch=scene.cara.keyring.epochs[1],
        signer=scene.team.desks["Cara"].keys,
    )


def _note_plaintext(conversation: ConversationId) -> bytes:
    from app.sync import codec

    return codec.encode(Note(conversation, "after"), conversation, NOW)
