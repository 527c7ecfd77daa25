"""Gateway sender keys end to end in the pure parts (security.md 2.12): the gateway seals a key
once, desks open events under it, park those whose key has not come, and a removed device reads
nothing sealed after the rotation."""

from __future__ import annotations

import os

import pytest

from app.crypto.chain import ChainState, RemoveReason, remove_devices
from app.crypto.envelope import parse_envelope, verify_signature
from app.crypto.errors import Undecryptable
from app.crypto.header import EventType
from app.crypto.sender_key import SenderKey, open_sender_key, seal_keyed_event
from app.domain.content import Text
from app.domain.ids import NO_CONVERSATION, CustomerId, EventId, Wamid
from app.gateway import sealing
from app.gateway.sealing import GatewayLog
from app.log.events import CustomerMessage
from app.sync import codec
from app.sync.protocol import PARKED, Accepted, Keyring, LogReader, Received, Refused
from app.sync.subjects import Subjects
from app.sync.transport import LogRecord
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1767225600


@pytest.fixture
def team() -> FoundedTeam:
    return found_team("Acme", ["Anna", "Ben", "Carl"], NOW)


def message(n: int) -> CustomerMessage:
    return CustomerMessage(
        Wamid(f"wamid.{n}"), CustomerId("DE.1"), "4915", "Lena", NOW, Text(f"text {n}")
    )


class Scene:
    def __init__(self, team: FoundedTeam) -> None:
        self.team = team
        self.subjects = Subjects(team.team_id.hex())
        self.gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
        for link in team.links:
            self.gateway.apply_link(link)
        self.links = [
            LogRecord(i + 1, self.subjects.chain, link) for i, link in enumerate(team.links)
        ]
        self.next_seq = 100

    def reader(self, name: str) -> LogReader:
        identity = self.team.desks[name]
        genesis = ChainState.genesis(self.team.team_id, self.team.fingerprint)
        reader = LogReader(identity.keys, genesis, Keyring(self.team.team_id), {})
        reader.receive_batch(self.links)
        return reader

    def key(self, now: int = NOW) -> bytes:
        data = self.gateway.seal_sender_key(now)
        self.gateway.published(data)
        return data

    def event(self, n: int, now: int = NOW) -> bytes:
        data = self.gateway.seal(message(n), now)
        self.gateway.published(data)
        return data

    def records(self, datas: list[bytes]) -> list[LogRecord]:
        out = [LogRecord(self.next_seq + i, self.subjects.inbound, d) for i, d in enumerate(datas)]
        self.next_seq += len(datas)
        return out


def type_of(data: bytes) -> EventType:
    return parse_envelope(data).header.event_type


def events(results: list[Received]) -> list[object]:
    return [r.event for r in results if isinstance(r, Accepted) and r.event is not None]


def test_one_key_then_events_under_it(team: FoundedTeam) -> None:
    scene = Scene(team)
    assert scene.gateway.needs_sender_key(NOW)
    key = scene.key()
    sealed = [scene.event(n) for n in range(3)]
    assert type_of(key) is EventType.SENDER_KEY
    assert [type_of(d) for d in sealed] == [EventType.KEYED_GATEWAY] * 3
    ben = scene.reader("Ben")
    results = ben.receive_batch(scene.records([key, *sealed]))
    assert events(results) == [message(0), message(1), message(2)]
    first = results[0]
    assert isinstance(first, Accepted)
    assert first.new_sender_key is not None
    assert first.event is None
    assert first.problem is None
    # Live delivery, one record at a time, reads them the same way.
    anna = scene.reader("Anna")
    singles = [anna.receive(r.seq, r.subject, r.data) for r in scene.records([key, *sealed])]
    assert events(singles) == events(results)


def test_without_a_published_key_the_gateway_seals_each_event_to_the_epoch(
    team: FoundedTeam,
) -> None:
    scene = Scene(team)
    scene.gateway.seal_sender_key(NOW)  # sealed, never published: not used
    data = scene.event(1)
    assert type_of(data) is EventType.GATEWAY
    assert events(scene.reader("Ben").receive_batch(scene.records([data]))) == [message(1)]


def test_a_new_key_after_the_bounds(team: FoundedTeam, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealing, "SENDER_KEY_EVENTS", 2)
    scene = Scene(team)
    scene.key()
    scene.event(1)
    assert not scene.gateway.needs_sender_key(NOW)
    scene.event(2)
    assert scene.gateway.needs_sender_key(NOW)  # two events under it: the bound
    scene.key()
    assert not scene.gateway.needs_sender_key(NOW + sealing.SENDER_KEY_SECONDS - 1)
    assert scene.gateway.needs_sender_key(NOW + sealing.SENDER_KEY_SECONDS)
    assert type_of(scene.event(3, NOW + sealing.SENDER_KEY_SECONDS)) is EventType.GATEWAY


def test_events_before_their_key_are_parked_then_applied(team: FoundedTeam) -> None:
    scene = Scene(team)
    key = scene.key()
    first, second = scene.event(1), scene.event(2)
    ben = scene.reader("Ben")
    # The hub puts the key after its events (it reorders the gateway's chain).
    early = ben.receive_batch(scene.records([first, second]))
    assert all(isinstance(r, Refused) and r.kind == PARKED for r in early)
    assert ben.keyring.sender.parked_count == 2
    late = ben.receive_batch(scene.records([key]))
    assert [r.seq for r in late] == [102, 100, 101]  # the key, then what waited for it
    assert events(late) == [message(1), message(2)]
    released = late[1]
    assert isinstance(released, Accepted)
    assert released.notice == ("gap", 1)  # the hub's reordering is still reported
    assert ben.keyring.sender.parked_count == 0
    # The same record never opens twice.
    assert isinstance(ben.receive_batch(scene.records([first]))[0], Refused)


def test_a_withheld_key_keeps_its_events_parked_and_others_flowing(team: FoundedTeam) -> None:
    scene = Scene(team)
    scene.key()  # withheld by the hub
    parked = scene.event(1)
    ben = scene.reader("Ben")
    results = ben.receive_batch(scene.records([parked]))
    assert isinstance(results[0], Refused)
    assert results[0].reason == "undecryptable:sender-key-missing"
    # A later key and its events are read: the author chain moved past the parked one.
    key2 = scene.key()
    later = scene.event(2)
    assert events(ben.receive_batch(scene.records([key2, later]))) == [message(2)]


def test_a_wrong_key_under_a_known_id_is_stored_unread(team: FoundedTeam) -> None:
    scene = Scene(team)
    key = scene.key()
    held = scene.gateway._sender  # noqa: SLF001 - the gateway's key, to forge a twin
    assert held is not None
    twin = SenderKey(held.author, held.key_id, held.epoch, os.urandom(32))
    forged = _keyed_by(scene, twin, message(9))
    ben = scene.reader("Ben")
    results = ben.receive_batch(scene.records([key, forged]))
    second = results[1]
    assert isinstance(second, Accepted)  # authentic and in order: stored, never applied
    assert second.event is None
    assert second.problem == "undecryptable:key-commit"


def test_a_reused_key_id_keeps_the_first_key(team: FoundedTeam) -> None:
    scene = Scene(team)
    key = scene.key()
    held = scene.gateway._sender  # noqa: SLF001
    assert held is not None
    again = _key_envelope_reusing(scene, held.key_id)
    under_first = scene.event(1)
    ben = scene.reader("Ben")
    results = ben.receive_batch(scene.records([key, again, under_first]))
    reused = results[1]
    assert isinstance(reused, Accepted)
    assert reused.problem == "envelope-rejected:sender-key-reused"
    assert reused.new_sender_key is None
    assert events(results) == [message(1)]
    assert ben.keyring.sender.get(held.author, held.key_id) == held


def test_a_removed_device_reads_nothing_after_the_rotation(team: FoundedTeam) -> None:
    scene = Scene(team)
    before = [scene.key(), scene.event(1)]
    anna = scene.reader("Anna")
    seed1 = _seed_one(scene)
    removal, _ = remove_devices(
        anna.chain,
        team.desks["Anna"].keys,
        removed={team.desks["Carl"].keys.device_id},
        reason=RemoveReason.LOST,
        seed=seed1,
        created_at=NOW,
    )
    scene.gateway.apply_link(removal)
    assert scene.gateway.needs_sender_key(NOW)  # a new epoch: a new key
    after = [scene.key(), scene.event(2)]
    records = [
        *scene.records(before),
        LogRecord(150, scene.subjects.chain, removal),
        *scene.records(after),
    ]
    ben, carl = scene.reader("Ben"), scene.reader("Carl")
    assert events(ben.receive_batch(records)) == [message(1), message(2)]
    carl_results = carl.receive_batch(records)
    assert events(carl_results) == [message(1)]
    key2 = carl_results[3]
    assert isinstance(key2, Accepted)
    assert key2.problem == "envelope-rejected:no-epoch-key"
    assert carl.keyring.sender.parked_count == 1  # waits for a key Carl can never open
    # Directly: every seed Carl holds fails on the new key's envelope.
    envelope = parse_envelope(after[0])
    assert envelope.header.epoch == 2
    opened = verify_signature(envelope, team.gateway.public().sig)
    for secrets in carl.keyring.epochs.values():
        with pytest.raises(Undecryptable):
            open_sender_key(opened, secrets)


def _keyed_by(scene: Scene, key: SenderKey, event: CustomerMessage) -> bytes:
    fields = scene.gateway._fields(None, NOW)  # noqa: SLF001 - the next header, as the gateway would
    data = seal_keyed_event(
        fields=fields,
        plaintext=codec.encode(event, NO_CONVERSATION, NOW),
        sender_key=key,
        signer=scene.team.gateway,
    )
    scene.gateway.published(data)
    return data


def _key_envelope_reusing(scene: Scene, key_id: bytes) -> bytes:
    """A second type-6 envelope under an id already used, with other key bytes."""
    data = scene.gateway.seal_sender_key(NOW, rng_id=key_id)
    offered = scene.gateway._offered  # noqa: SLF001
    scene.gateway._offered = None  # noqa: SLF001 - keep sealing under the first key
    scene.gateway.published(data)
    assert offered is not None
    assert offered[1].key_id == key_id
    return data


def _seed_one(scene: Scene) -> bytes:
    anna = scene.team.desks["Anna"].keys
    genesis = ChainState.genesis(scene.team.team_id, scene.team.fingerprint)
    reader = LogReader(anna, genesis, Keyring(scene.team.team_id), {})
    first = reader.receive(1, scene.subjects.chain, scene.links[0].data)
    assert isinstance(first, Accepted)
    assert first.new_seed is not None
    return first.new_seed[1]


def test_event_ids_are_fresh(team: FoundedTeam) -> None:
    scene = Scene(team)
    scene.key()
    ids = {parse_envelope(scene.event(n)).header.event_id for n in range(5)}
    assert len(ids) == 5
    assert EventId(bytes(16)) not in ids
