"""The log protocol: sans-I/O reading and writing of the team log (crypto.md §3.6).

PURE. `LogReader.receive()` takes one stored record (stream sequence, subject, bytes) and returns
what to store and apply, or why it was refused; `LogWriter` seals this device's events. Neither
touches a socket, a database or a clock: the engine pumps records in and results out, and tests
drive both with plain bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from app.crypto import envelope as env
from app.crypto.chain.links import ParsedLink, parse_link
from app.crypto.chain.state import ChainState, DeviceEntry
from app.crypto.chain.unseal import open_seed_box
from app.crypto.chain.unwind import open_prev_wrap
from app.crypto.epoch import EpochSecrets, conversation_id_for, conversation_tag, subject_key
from app.crypto.errors import BadSignature, ChainInvalid
from app.crypto.header import GATEWAY_TYPES, EventType, HeaderFields
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import ct_equal, ed25519_verify
from app.crypto.runs import verify_runs
from app.crypto.sender_key import SenderKey, key_id_of, open_keyed_event, open_sender_key
from app.domain.errors import EnvelopeRejected
from app.domain.frozen import quick_init
from app.domain.ids import NO_CONVERSATION, ConversationId, CustomerId, DeviceId, EventId, TeamId
from app.domain.model import Role
from app.domain.outreach import number_customer_id
from app.log.events import (
    ApiToken,
    CustomerMessage,
    Event,
    GatewaySettings,
    HistoryChunk,
    NotificationSent,
    OutboundRequest,
    PhoneEcho,
    PhoneSyncRequest,
    TemplateDraft,
)
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.log.registry import check_envelope, check_role
from app.log.values import AppliedRecord
from app.sync import codec
from app.sync.sender_keys import Parked, SenderKeys
from app.sync.subjects import Subjects
from app.sync.transport import LogRecord

_ROLE_TYPES = {
    Role.ADMIN: frozenset({EventType.MEMBER, EventType.OUTBOUND}),
    Role.MEMBER: frozenset({EventType.MEMBER, EventType.OUTBOUND}),
    Role.GATEWAY: GATEWAY_TYPES,
}

MAX_REMEMBERED_CUSTOMERS = 65_536
"""Customers whose conversation id the reader keeps worked out (a few MB at most)."""

MAX_REMEMBERED_GAP = 4096
"""`author_seq` numbers of one gap remembered, so that they are taken if they come late."""

FORGED, REPLAYED, GAP, REORDERED, CHAIN = "forged", "replayed", "gap", "reordered", "chain"
WITHHELD_LINK = "withheld-link"
"""Kinds of what the hub did, as `Refused.kind` and `Accepted.notice` report them."""
PARKED = "parked"
"""`Refused.kind` of a gateway event waiting for its sender key: authentic and in order, held
by the reader and returned as `Accepted.released` when the key comes (security.md 2.12)."""


@quick_init
@dataclass(frozen=True, slots=True)
class Accepted(AppliedRecord):
    """A record that passed every check: store it, and apply `event` if set.

    It is the replica's `AppliedRecord` itself, plus what the reader says about it: the desk
    hands it to the store as it is, where a copy field by field cost the event loop about a
    fifth of its time in a catch-up (issue 8)."""

    new_seed: tuple[int, bytes] | None = field(default=None, repr=False)
    """(epoch, seed) when a chain link carried a box for this device."""
    problem: str | None = None
    """Why an authentic, in-order envelope could not be read here (stored, not applied)."""
    notice: tuple[str, int] | None = None
    """(GAP, numbers skipped) or (REORDERED, 1): accepted, but the hub dropped or reordered
    records of this author (crypto.md §3.7)."""
    new_sender_key: SenderKey | None = field(default=None, repr=False)
    """A gateway sender key this type-6 record carried: keep it with the seeds."""
    released: tuple[Accepted, ...] = ()
    """Parked gateway events this sender key opened (earlier stream sequences, refused as
    PARKED then): store and apply them too. `receive_batch` lists them after this record."""


@dataclass(frozen=True, slots=True)
class Refused:
    """A record that failed a check; it is skipped, and the reason is logged (never sent)."""

    seq: int
    reason: str
    kind: str = FORGED
    """FORGED, REPLAYED, WITHHELD_LINK (an envelope naming a chain link this desk was never
    given, while its chain is valid: the hub withholds a link), CHAIN (a link or envelope
    past a chain that stopped validating), or PARKED (not refused for good: waiting for its
    sender key; it comes back in `Accepted.released`)."""


Received = Accepted | Refused

_Evidence = tuple[env.ParsedEnvelope, env.VerifiedEnvelope | None]
"""An envelope parsed ahead, and its authenticity as decided for its whole run."""


@dataclass
class Keyring:
    """The epoch secrets this device holds, from boxes and stored seeds."""

    team_id: TeamId
    epochs: dict[int, EpochSecrets] = field(default_factory=dict)
    subject_key: bytes | None = field(default=None, repr=False)
    sender: SenderKeys = field(default_factory=SenderKeys)
    """Gateways' sender keys (restore them from the replica with `sender.restore`)."""

    def add_seed(self, n: int, seed: bytes) -> None:
        self.epochs[n] = EpochSecrets.derive(seed, self.team_id, n)
        if n == 1:
            self.subject_key = subject_key(seed, self.team_id)

    def require_subject_key(self) -> bytes:
        if self.subject_key is None:
            raise EnvelopeRejected("no-seed")
        return self.subject_key


class LogReader:
    """Validates and opens records in stream order for one member device."""

    def __init__(
        self,
        me: DeviceKeys,
        chain: ChainState,
        keyring: Keyring,
        heads: dict[DeviceId, tuple[int, bytes]],
    ) -> None:
        self.me = me
        self.my_id = me.device_id
        """`me.device_id`, worked out once: each call derives the public key from the private
        one (2.5 µs of CPU alone, but about 20 µs on a busy desk's loop, cProfile in `bench
        live`: the GIL goes to the worker threads meanwhile), and the assigner asks per batch."""
        self.chain = chain
        self.keyring = keyring
        self.heads = dict(heads)
        """Per-author (seq, envelope hash) of the newest accepted envelope."""
        self.subjects = Subjects(keyring.team_id.hex())
        # Worked out once: each `Subjects` property validates the team id (a regex) per call.
        self._chain_subject = self.subjects.chain
        self._conversation_prefix = self.subjects.conversation_prefix
        self._type_subjects = {
            EventType.GATEWAY: self.subjects.inbound,
            EventType.SENDER_KEY: self.subjects.inbound,
            EventType.KEYED_GATEWAY: self.subjects.inbound,
            EventType.OUTBOUND: self.subjects.outbound,
        }
        self.link_hashes: dict[int, bytes] = {}
        """Hash of every validated link by seqno: envelopes name the head they saw."""
        self.chain_invalid: str | None = None
        """Why the chain stopped validating (crypto.md §3.5 rule 7): sending must stop."""
        self.missing: dict[DeviceId, set[int]] = {}
        """Per author, the `author_seq` numbers skipped by a gap that have not come yet.
        Kept in memory: after a restart a late one is refused as a replay."""
        self._epochs_of: tuple[ChainState, dict[int, int]] = (chain, {})
        """`chain.epoch_at` by seqno, for the chain state it was worked out on."""
        self._conversation_ids: tuple[bytes | None, dict[str, ConversationId]] = (None, {})
        """Customers' conversation ids under the subject key they were derived with: one
        HMAC per customer instead of one per message (~2 µs a record)."""

    def replay_chain(self, links: list[bytes]) -> None:
        """Rebuild the validated chain from stored links (at start-up)."""
        for link in links:
            self._apply_link(link)

    def receive(self, seq: int, subject: str, data: bytes) -> Received:
        """Check one record (live delivery: its own signature); state advances only for
        accepted records."""
        return self._receive(seq, subject, data, None)

    def receive_batch(self, records: Sequence[LogRecord]) -> list[Received]:
        """Check a batch in stream order, with one signature verification per run of an
        author's envelopes (security.md 2.12). The same results as `receive` record by record:
        only the evidence of authenticity is shared, every other check runs per envelope.

        This is the desk's one open-and-verify step: pure, so it may run on a worker thread,
        but one reader takes one batch at a time, in stream order.
        """
        results: list[Received] = []
        for segment in self._segments(records):
            evidence = self._run_evidence(segment)
            for record, pre in zip(segment, evidence, strict=True):
                result = self._receive(record.seq, record.subject, record.data, pre)
                results.append(result)
                if isinstance(result, Accepted):
                    results.extend(result.released)
        return results

    def _segments(self, records: Sequence[LogRecord]) -> Iterator[Sequence[LogRecord]]:
        """Cut at every chain record: within a segment one chain state holds, so a removal
        or rotation always ends a run."""
        start = 0
        for index, record in enumerate(records):
            if record.subject == self._chain_subject:
                if index > start:
                    yield records[start:index]
                yield records[index : index + 1]
                start = index + 1
        if start < len(records):
            yield records[start:]

    def _run_evidence(self, segment: Sequence[LogRecord]) -> list[_Evidence | None]:
        if len(segment) == 1 or segment[0].subject == self._chain_subject:
            return [None] * len(segment)  # a link, or live delivery: checked on their own
        parsed = [self._parse_ahead(record.data) for record in segment]
        verified = verify_runs(parsed, self._signing_key)
        return [None if p is None else (p, v) for p, v in zip(parsed, verified, strict=True)]

    def _parse_ahead(self, data: bytes) -> env.ParsedEnvelope | None:
        try:
            return env.parse_envelope(data, team_id=self.keyring.team_id)
        except (EnvelopeRejected, ValueError):
            return None  # parsed again, with its reason, when its turn comes

    def _signing_key(self, author: DeviceId) -> bytes | None:
        entry = self.chain.devices.get(author)
        return None if entry is None else entry.keys.sig

    def _receive(self, seq: int, subject: str, data: bytes, pre: _Evidence | None) -> Received:
        try:
            if subject == self._chain_subject:
                return self._receive_link(seq, subject, data)
            return self._receive_envelope(seq, subject, data, pre)
        except ChainInvalid as invalid:
            self.chain_invalid = self.chain_invalid or f"link at stream seq {seq}: {invalid}"
            return Refused(seq, f"{invalid.code}:{invalid}", CHAIN)
        except EnvelopeRejected as rejected:
            kind = _KINDS.get(rejected.reason, FORGED)
            if kind == WITHHELD_LINK and self.chain_invalid is not None:
                kind = CHAIN  # links stopped at the invalid one: nothing withheld
            return Refused(seq, f"{rejected.code}:{rejected}", kind)

    def conversation_subject(self, conversation_id: ConversationId) -> str:
        tag = conversation_tag(self.keyring.require_subject_key(), conversation_id)
        return self.subjects.conversation(tag)

    def _apply_link(self, data: bytes) -> tuple[int, bytes] | None:
        if self.chain_invalid is not None:
            raise ChainInvalid("after-invalid")  # no more links until a person resolves it
        chain = self.chain.apply(data)
        new_seed: tuple[int, bytes] | None = None
        n = chain.epoch
        if n not in self.keyring.epochs and (n, self.my_id) in chain.boxes:
            new_seed = (n, open_seed_box(chain, self.me, n))
            self._audit_prev_wrap(chain, *new_seed)
            self.keyring.add_seed(*new_seed)
        self.link_hashes[chain.head_seqno] = chain.head_hash
        self.chain = chain
        return new_seed

    def _audit_prev_wrap(self, chain: ChainState, n: int, seed: bytes) -> None:
        """crypto.md §3.5 rule 6, where seeds are held: epoch n's `prev_wrap` opens under
        `seed[n]` to the `seed[n-1]` this device holds, so newcomers can trust the prev-chain.

        Raises:
            ChainInvalid: "prev-wrap", "seed-commit" or "prev-seed": the signing admin lied.
        """
        held = self.keyring.epochs.get(n - 1)
        if held is None:
            return  # nothing to compare with (a newcomer starts from its box)
        previous = EpochSecrets.derive(open_prev_wrap(chain, seed, n), chain.team_id, n - 1)
        if not ct_equal(previous.seed_commit, held.seed_commit):
            raise ChainInvalid("prev-seed")

    def _receive_link(self, seq: int, subject: str, data: bytes) -> Accepted:
        if self.chain_invalid is None:
            self._screen_link(data)
        new_seed = self._apply_link(data)
        chain = self.chain
        return Accepted(
            seq,
            subject,
            data,
            env.envelope_hash(data),
            EventId(bytes(16)),
            parse_link(data).signer,
            chain.head_seqno,
            None,
            None,
            chain_link=data,
            new_seed=new_seed,
        )

    def _screen_link(self, data: bytes) -> None:
        reason = screen_link(self.chain, self.link_hashes, data)
        if reason is not None:
            raise EnvelopeRejected(reason)

    def _receive_envelope(
        self, seq: int, subject: str, data: bytes, pre: _Evidence | None = None
    ) -> Received:
        """crypto.md §3.6's pipeline. Failures up to the author chain refuse the record; after
        that the envelope is authentic and in order, so it is stored and its author's chain
        moves on even if this device cannot read it (a newer kind, a missing key): one such
        record must never silence its author or hide a conversation's sequence.

        `pre` carries the envelope parsed ahead and its run's verdict (`receive_batch`);
        without it the signature is verified here."""
        parsed = (
            pre[0] if pre is not None else env.parse_envelope(data, team_id=self.keyring.team_id)
        )
        header = parsed.header
        self._check_subject(header.event_type, subject)
        entry = author_entry(self.chain, header.author, header.chain_seqno)
        if header.event_type not in _ROLE_TYPES[entry.role]:
            raise EnvelopeRejected("type-for-role")
        if header.chain_head_hash != self.link_hashes.get(header.chain_seqno):
            raise EnvelopeRejected("chain-fork")  # names a head our chain does not have
        verified = _authentic(parsed, entry, pre)
        if header.epoch != self._epoch_at(header.chain_seqno):
            raise EnvelopeRejected("epoch")
        notice = self._check_author_chain(header.author, header.author_seq, header.author_prev)
        if notice is None or notice[0] == GAP:
            self.heads[header.author] = (header.author_seq, parsed.hash)
        record = Parked(seq, subject, data, verified, notice)
        if header.event_type == EventType.SENDER_KEY:
            return self._take_sender_key(record)
        if header.event_type == EventType.KEYED_GATEWAY and self._park(record):
            return Refused(seq, "undecryptable:sender-key-missing", PARKED)
        return self._accepted(record)

    def _accepted(
        self,
        record: Parked,
        *,
        unread: EnvelopeRejected | None = None,
        new_sender_key: SenderKey | None = None,
        released: tuple[Accepted, ...] = (),
    ) -> Accepted:
        """An authentic, in-order record: opened if this device can (and `unread` does not
        already say why not), stored either way."""
        verified, header = record.verified, record.verified.header
        plain, conversation_id = None, None
        if unread is None:
            try:
                plain, conversation_id = self._open(verified, record.subject)
            except EnvelopeRejected as unreadable:
                unread = unreadable
        problem = None if unread is None else f"{unread.code}:{unread}"
        return Accepted(
            record.seq,
            record.subject,
            record.data,
            verified.hash,
            header.event_id,
            header.author,
            header.author_seq,
            conversation_id,
            plain.event if plain else None,
            author_time=plain.author_time if plain else None,
            problem=problem,
            notice=record.notice,
            new_sender_key=new_sender_key,
            released=released,
            thread_conversations=self._threads_of(plain.event if plain else None),
        )

    def _take_sender_key(self, record: Parked) -> Accepted:
        """A gateway's type-6 envelope: open, hold, and release the events that waited."""
        header = record.verified.header
        epoch = self.keyring.epochs.get(header.epoch)
        try:
            if epoch is None:
                raise EnvelopeRejected("no-epoch-key")
            key = open_sender_key(record.verified, epoch)
            if not self.keyring.sender.add(key):
                raise EnvelopeRejected("sender-key-reused")
        except EnvelopeRejected as unreadable:
            return self._accepted(record, unread=unreadable)
        waiting = self.keyring.sender.release(key.author, key.key_id)
        released = tuple(self._accepted(parked) for parked in waiting)
        return self._accepted(record, new_sender_key=key, released=released)

    def _park(self, record: Parked) -> bool:
        """Hold a type-7 record whose key this desk does not have yet; False if it has it
        (or too many wait already: then it is stored unread)."""
        author = record.verified.header.author
        key_id = key_id_of(record.verified)
        if self.keyring.sender.get(author, key_id) is not None:
            return False
        return self.keyring.sender.park(author, key_id, record)

    def _epoch_at(self, seqno: int) -> int:
        """`chain.epoch_at(seqno)`, remembered until the chain moves: it scans every epoch,
        and every envelope asks it."""
        chain, epochs = self._epochs_of
        if chain is not self.chain:
            chain, epochs = self.chain, {}
            self._epochs_of = (chain, epochs)
        epoch = epochs.get(seqno)
        if epoch is None:
            epoch = epochs[seqno] = chain.epoch_at(seqno)
        return epoch

    def _check_subject(self, event_type: EventType, subject: str) -> None:
        """Each type has its subject: a copy placed elsewhere by the server is refused."""
        expected = self._type_subjects.get(event_type)
        if expected is not None:
            if subject != expected:
                raise EnvelopeRejected("subject-for-type")
        elif not subject.startswith(self._conversation_prefix):
            raise EnvelopeRejected("subject-for-type")

    def _check_author_chain(
        self, author: DeviceId, seq: int, prev: bytes
    ) -> tuple[str, int] | None:
        """crypto.md §3.7 for one signed envelope: in order, a gap, a late one, or a replay.

        A gap does not silence the author: the envelope is authentic and newer than anything
        seen, so it is taken and the numbers skipped are remembered; one of them arriving
        later (the hub reordered) is taken once, anything else at or below the head is a
        replay.

        Returns:
            None in order, (GAP, numbers skipped) or (REORDERED, 1).

        Raises:
            EnvelopeRejected: "replay", or "prev-mismatch" (the author forked its chain).
        """
        last_seq, last_hash = self.heads.get(author, (0, bytes(32)))
        if seq <= last_seq:
            missing = self.missing.get(author)
            if missing is None or seq not in missing:
                raise EnvelopeRejected("replay")
            missing.discard(seq)
            return REORDERED, 1
        if seq == last_seq + 1:
            if prev != last_hash:
                raise EnvelopeRejected("prev-mismatch")
            return None
        skipped = seq - last_seq - 1
        remembered = range(max(last_seq + 1, seq - MAX_REMEMBERED_GAP), seq)
        self.missing.setdefault(author, set()).update(remembered)
        return GAP, skipped

    def _open(
        self, verified: env.VerifiedEnvelope, subject: str
    ) -> tuple[codec.Plaintext | None, ConversationId | None]:
        header = verified.header
        if header.event_type in (EventType.OUTBOUND, EventType.SENDER_KEY):
            return None, None  # sealed to the gateway, or a key: stored, nothing to apply
        if header.event_type == EventType.KEYED_GATEWAY:
            return self._open_keyed(verified)
        epoch = self.keyring.epochs.get(header.epoch)
        if epoch is None:
            raise EnvelopeRejected("no-epoch-key")
        if header.event_type == EventType.GATEWAY:
            plain = codec.decode(env.open_sealed(verified, epoch.inbound_kem))
            check_envelope(plain.event, EventType.GATEWAY)
            return plain, self._conversation_of(plain.event)
        plain = codec.decode(env.open_member_event(verified, epoch))
        check_envelope(plain.event, EventType.MEMBER)
        check_role(plain.event, self.chain.devices[header.author].role)
        if subject != self.conversation_subject(plain.conversation_id):
            raise EnvelopeRejected("wrong-subject")  # the server moved it between conversations
        return plain, plain.conversation_id

    def _open_keyed(
        self, verified: env.VerifiedEnvelope
    ) -> tuple[codec.Plaintext, ConversationId | None]:
        key = self.keyring.sender.get(verified.header.author, key_id_of(verified))
        if key is None:
            raise EnvelopeRejected("sender-key-missing")
        plain = codec.decode(open_keyed_event(verified, key))
        check_envelope(plain.event, EventType.GATEWAY)
        return plain, self._conversation_of(plain.event)

    def _threads_of(self, event: Event | None) -> tuple[tuple[str, ConversationId], ...]:
        """A history chunk's conversation per customer number: the one an agent starting a
        conversation with that number would derive (`services.outreach`)."""
        if not isinstance(event, HistoryChunk):
            return ()
        return tuple(
            (wa_id, self._derived(number_customer_id(wa_id))) for wa_id in sorted(event.numbers)
        )

    def _conversation_of(self, event: Event) -> ConversationId | None:
        if not isinstance(event, CustomerMessage | PhoneEcho | NotificationSent):
            return None  # the customer's conversation, as their messages derive it
        return self._derived(event.customer_id)

    def _derived(self, customer_id: CustomerId) -> ConversationId:
        key = self.keyring.require_subject_key()
        known, ids = self._conversation_ids
        if known is not key:  # the first use, or (never in v1) another subject key
            ids = {}
            self._conversation_ids = (key, ids)
        found = ids.get(customer_id)
        if found is None:
            if len(ids) >= MAX_REMEMBERED_CUSTOMERS:
                ids.clear()
            found = ids[customer_id] = conversation_id_for(key, customer_id)
        return found


def screen_link(chain: ChainState, validated: Mapping[int, bytes], data: bytes) -> str | None:
    """Why a record on the chain subject is the hub's doing, or None if it may be a genuine
    link for `chain.apply` to judge.

    Junk, links no known device signed and exact copies of validated links can be stored by
    the hub but not made by it: refused and reported, they must not make the chain invalid
    (that would hand the hub a switch that stops every desk and the gateway). A genuine link
    that breaks a rule (a gap, a fork, a non-admin signer) still does.

    Args:
        chain: The validated chain.
        validated: `link_hash` of validated links by seqno (at least the newest).
        data: The record.

    Returns:
        "link-parse", "link-team", "link-signature", "replay" or None.
    """
    try:
        link = parse_link(data)
    except ChainInvalid:
        return "link-parse"
    if link.team_id != chain.team_id:
        return "link-team"
    if link.seqno <= chain.head_seqno and validated.get(link.seqno) == link.link_hash:
        return "replay"
    if chain.head_seqno > 0 and not _signed_by_member(chain, link):
        return "link-signature"
    return None


def _signed_by_member(chain: ChainState, link: ParsedLink) -> bool:
    entry = chain.devices.get(link.signer)
    return entry is not None and ed25519_verify(
        entry.keys.sig, link.signature, link.signature_input()
    )


def _authentic(
    parsed: env.ParsedEnvelope, entry: DeviceEntry, pre: _Evidence | None
) -> env.VerifiedEnvelope:
    """Step 5: the envelope's own signature, or its run's verdict (security.md 2.12).

    The run was verified with the same chain entry's key (no link in between), so a failed
    verdict is a bad signature here too."""
    if pre is None:
        return env.verify_signature(parsed, entry.keys.sig)
    if pre[1] is None:
        raise BadSignature("signature")
    return pre[1]


_KINDS = {"replay": REPLAYED, "chain-ahead": WITHHELD_LINK, "after-invalid": CHAIN}


def author_entry(chain: ChainState, author: DeviceId, chain_seqno: int) -> DeviceEntry:
    """The chain entry of an envelope's author, who must be active at the head it names."""
    if chain_seqno > chain.head_seqno:
        raise EnvelopeRejected("chain-ahead")  # one stream: links always arrive first
    entry = chain.devices.get(author)
    if entry is None or not chain.is_active(author, chain_seqno):
        raise EnvelopeRejected("author-inactive")
    return entry


def gateway_entry(chain: ChainState) -> DeviceEntry:
    """The team's active gateway (v1 has exactly one)."""
    for entry in chain.devices.values():
        if entry.role == Role.GATEWAY and entry.active:
            return entry
    raise EnvelopeRejected("no-gateway")


@dataclass
class LogWriter:
    """Seals this device's events; the publisher owns the author head it advances."""

    me: DeviceKeys
    reader: LogReader
    next_seq: int = 1
    prev_hash: bytes = bytes(32)

    def resume_from_log(self) -> None:
        """Continue the author chain from what the log shows (after catching up)."""
        seq, digest = self.reader.heads.get(self.me.device_id, (0, bytes(32)))
        self.next_seq, self.prev_hash = seq + 1, digest

    def _fields(self, chain: ChainState, event_id: EventId) -> HeaderFields:
        return HeaderFields(
            team_id=self.reader.keyring.team_id,
            epoch=chain.epoch,
            event_id=event_id,
            author_seq=self.next_seq,
            author_prev=self.prev_hash,
            chain_seqno=chain.head_seqno,
            chain_head_hash=chain.head_hash,
        )

    def seal_member(
        self, event: Event, conversation_id: ConversationId, event_id: EventId, now: int
    ) -> bytes:
        chain = self.reader.chain  # one snapshot: the sync thread may move it meanwhile
        epoch = self.reader.keyring.epochs[chain.epoch]
        return env.seal_member_event(
            fields=self._fields(chain, event_id),
            plaintext=_readable(event, conversation_id, now),
            epoch=epoch,
            signer=self.me,
        )

    def seal_request(
        self,
        request: OutboundRequest
        | GatewaySettings
        | TemplateDraft
        | ApiToken
        | PhoneSyncRequest
        | BusinessHoursSet
        | MenuSet,
        event_id: EventId,
        now: int,
    ) -> bytes:
        """A type-3 envelope sealed to the active gateway's `device_kem` (crypto.md §3.9):
        a reply to send, or an admin's number settings. Raises EnvelopeRejected("no-gateway")."""
        chain = self.reader.chain
        return env.seal_to_public(
            event_type=EventType.OUTBOUND,
            fields=self._fields(chain, event_id),
            recipient_public=gateway_entry(chain).keys.kem,
            plaintext=_readable(request, NO_CONVERSATION, now),
            signer=self.me,
        )

    def published(self, data: bytes) -> None:
        """The hub stored `data`: the next envelope follows it."""
        self.next_seq += 1
        self.prev_hash = env.envelope_hash(data)


def _readable(event: Event, conversation_id: ConversationId, now: int) -> bytes:
    """The plaintext, checked to parse back: an event other desks would refuse (a text over
    the codec's limits, say) fails here, at its author, instead of at every reader."""
    plaintext = codec.encode(event, conversation_id, now)
    codec.decode(plaintext)
    return plaintext
