"""A small team's real, signed log applied to a real SQLCipher replica, for the audit trail.

Anna (the founding admin) enrolls Ben; a customer writes; Anna claims, answers and transfers the
conversation to Ben, who resolves it. Every record is sealed by its author's own keys and read
by Anna's `LogReader`, exactly as her desk's sync would, so the trail can check signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.crypto.chain.state import ChainState
from app.crypto.epoch import conversation_id_for
from app.domain.audit import NotedSetting
from app.domain.canned import CannedId, CannedScope
from app.domain.content import Text
from app.domain.export import ExportFormat, ExportScope
from app.domain.handling import ConversationState, HandoverAction
from app.domain.ids import (
    NO_CONVERSATION,
    ConversationId,
    CustomerId,
    DeviceId,
    EventId,
    Wamid,
    short,
)
from app.domain.labels import LabelId
from app.domain.releases import Release
from app.gateway.sealing import GatewayLog
from app.log.events import (
    BackOfficeSystemNoted,
    CannedReplyDefined,
    Claim,
    ConversationLabelled,
    CustomerMessage,
    Event,
    Exported,
    Handover,
    LabelDefined,
    Reply,
    SettingsNoted,
    StateChange,
    VersionAnnounced,
)
from app.services.audit import AuditTrail
from app.services.backup import DeskBackup
from app.services.export import Exporter
from app.store.records import AppliedRecord
from app.store.replica import Replica
from app.sync.protocol import Accepted, Keyring, LogReader, LogWriter
from app.sync.subjects import Subjects
from tests.helpers.local_team import FoundedTeam, found_team

NOW = 1_767_225_600
KEY = bytes(range(32))


@dataclass
class World:
    team: FoundedTeam
    reader: LogReader
    """Anna's reader: it validated the chain and opens the records."""
    replica: Replica
    conversation: ConversationId
    records: list[AppliedRecord]
    exports: list[Exported]

    def device(self, name: str) -> DeviceId:
        return self.team.desks[name].keys.device_id

    def name(self, device: DeviceId) -> str:
        found = [n for n, d in self.team.desks.items() if d.keys.device_id == device]
        return found[0] if found else short(device)

    def chain(self) -> ChainState:
        return self.reader.chain

    def trail(self, me: str) -> AuditTrail:
        exporter = Exporter(
            self.replica, self.name, self.device(me), self._record, lambda: NOW + 900
        )
        backups = DeskBackup(self.replica, self._record)
        return AuditTrail(self.replica, self.chain, self.device(me), self.name, exporter, backups)

    async def _record(self, event: Exported) -> None:
        self.exports.append(event)


class _Log:
    def __init__(self, team: FoundedTeam, reader: LogReader) -> None:
        self.subjects = Subjects(team.team_id.hex())
        self.reader = reader
        self.seq = 0
        self.accepted: list[Accepted] = []

    def append(self, subject: str, data: bytes) -> None:
        self.seq += 1
        result = self.reader.receive(self.seq, subject, data)
        assert isinstance(result, Accepted), result
        self.accepted.append(result)


async def build(tmp_path: Path, more: tuple[str, ...] = (), *, team_acts: bool = False) -> World:
    """The world above; `more` customers each write once and are claimed, answered and
    resolved by Anna and Ben in turn, and Anna then exports the history (for screenshots).
    `team_acts`: then Anna works on the team's lists and settings (`TEAM_ACTS`)."""
    team = found_team("Acme", ["Anna", "Ben"], NOW)
    anna = _reader(team, "Anna")
    log = _Log(team, anna)
    for link in team.links:
        log.append(log.subjects.chain, link)
    gateway = GatewayLog(team.gateway, ChainState.genesis(team.team_id, team.fingerprint))
    for link in team.links:
        gateway.apply_link(link)
    message = CustomerMessage(
        Wamid("wamid.IN1"), CustomerId("DE.1"), "4915", "Lena", NOW, Text("Where is my order?")
    )
    data = gateway.seal(message, NOW)
    gateway.published(data)
    log.append(log.subjects.inbound, data)
    assert anna.keyring.subject_key is not None
    conversation = conversation_id_for(anna.keyring.subject_key, "DE.1")
    writers = {name: _writer(team, name, log) for name in ("Anna", "Ben")}
    ben = team.desks["Ben"].keys.device_id
    acts: list[tuple[str, Event, int]] = [
        ("Anna", Claim(conversation), 60),
        ("Anna", Reply(conversation, Text("It left today.")), 120),
        ("Anna", Handover(conversation, HandoverAction.TRANSFER, ben, "yours"), 180),
        ("Ben", StateChange(conversation, ConversationState.RESOLVED), 240),
    ]
    _act(writers, log, conversation, acts)
    for i, customer in enumerate(more):
        at = NOW + 3_600 * (i + 1)
        sealed_in = gateway.seal(
            CustomerMessage(
                Wamid(f"wamid.M{i}"), CustomerId(f"DE.M{i}"), "4916", customer, at, Text("Hi")
            ),
            at,
        )
        gateway.published(sealed_in)
        log.append(log.subjects.inbound, sealed_in)
        _read_own(writers, "", log)
        other = conversation_id_for(anna.keyring.subject_key, f"DE.M{i}")
        who = ("Anna", "Ben")[i % 2]
        _act(
            writers,
            log,
            other,
            [
                (who, Claim(other), at - NOW + 60),
                (who, Reply(other, Text("Hello!")), at - NOW + 300),
                (who, StateChange(other, ConversationState.RESOLVED), at - NOW + 900),
            ],
        )
    if more:
        export = Exported(ExportScope.HISTORY, ExportFormat.HTML, NO_CONVERSATION, len(more) + 1)
        _act(writers, log, NO_CONVERSATION, [("Anna", export, 3_600 * (len(more) + 1))])
    if team_acts:
        for name, event, after in team_acts_for(conversation):
            subject = getattr(event, "conversation_id", None) or bytes([after % 256]) * 16
            _act(writers, log, ConversationId(subject), [(name, event, after)])
    replica = await Replica.open(tmp_path / "anna.db", KEY)
    records = [_to_store(a) for a in log.accepted]
    await replica.apply_batch(records, log.seq)
    return World(team, anna, replica, conversation, records, [])


LABEL = LabelId(b"L" * 16)


def team_acts_for(conversation: ConversationId) -> list[tuple[str, Event, int]]:
    """Each action on the team's lists and settings the trail lists, in log order."""
    return [
        ("Anna", LabelDefined(LABEL, "VIP", 0xCC3333), 300),
        ("Ben", ConversationLabelled(conversation, LABEL, True), 310),
        ("Ben", ConversationLabelled(conversation, LABEL, False), 320),
        ("Anna", LabelDefined(LABEL, "VIP", 0xCC3333, deleted=True), 330),
        ("Anna", CannedReplyDefined(CannedId(b"C" * 16), CannedScope.SHARED, "hi", "Hi!"), 340),
        ("Anna", CannedReplyDefined(CannedId(b"C" * 16), CannedScope.SHARED, "hi", "", True), 350),
        ("Anna", BackOfficeSystemNoted(b"T" * 16, "Shop", NOW + 360), 360),
        ("Anna", BackOfficeSystemNoted(b"T" * 16, "Shop", NOW + 370, revoked=True), 370),
        ("Anna", VersionAnnounced(b"V" * 16, Release("9.0.0"), NOW + 380), 380),
        ("Anna", SettingsNoted(NotedSetting.BUSINESS_HOURS), 385),
        (
            "Anna",
            Exported(ExportScope.BACKUP, ExportFormat.ENCRYPTED_REPLICA, conversations=1),
            390,
        ),
    ]


def _act(
    writers: dict[str, LogWriter],
    log: _Log,
    conversation: ConversationId,
    acts: list[tuple[str, Event, int]],
) -> None:
    """Each person's event, sealed by their own writer and read by everyone."""
    for name, event, after in acts:
        writer = writers[name]
        event_id = EventId(bytes([log.seq % 256]) * 8 + bytes([len(acts)]) * 8)
        sealed = writer.seal_member(event, conversation, event_id, NOW + after)
        writer.published(sealed)
        log.append(writer.reader.conversation_subject(conversation), sealed)
        _read_own(writers, name, log)


def _reader(team: FoundedTeam, name: str) -> LogReader:
    identity = team.desks[name]
    chain = ChainState.genesis(team.team_id, team.fingerprint)
    return LogReader(identity.keys, chain, Keyring(team.team_id), {})


def _writer(team: FoundedTeam, name: str, log: _Log) -> LogWriter:
    reader = _reader(team, name)
    for a in log.accepted:
        reader.receive(a.seq, a.subject, a.envelope)
    writer = LogWriter(team.desks[name].keys, reader)
    writer.resume_from_log()
    return writer


def _read_own(writers: dict[str, LogWriter], author: str, log: _Log) -> None:
    """The other writers' readers see the new record too (their chains stay current)."""
    last = log.accepted[-1]
    for name, writer in writers.items():
        if name != author:
            writer.reader.receive(last.seq, last.subject, last.envelope)


def _to_store(accepted: Accepted) -> AppliedRecord:
    return AppliedRecord(
        seq=accepted.seq,
        subject=accepted.subject,
        envelope=accepted.envelope,
        envelope_hash=accepted.envelope_hash,
        event_id=accepted.event_id,
        author=accepted.author,
        author_seq=accepted.author_seq,
        conversation_id=accepted.conversation_id,
        event=accepted.event,
        chain_link=accepted.chain_link,
        author_time=accepted.author_time,
    )
