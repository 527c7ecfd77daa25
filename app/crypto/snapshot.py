"""Fast start for a new device (security.md 2.12 part 4): the snapshot offer and the pack. PURE.

A member device that approved a newcomer packs the **original** records it holds, up to a
stream sequence `s`, into one STREAM object (`app.crypto.stream`) under a one-time key, and
tells the newcomer where it is in a type-5 envelope on the newcomer's join subject:

    offer envelope = header(type 5) ‖ u32 len ‖ HPKE(device_kem, info = snapshot ‖ H(header))
                     ‖ signature
    offer          = object_name(16) ‖ ciphertext_sha256(32) ‖ u64 size ‖ u64 up_to ‖ key(32)

The offer never enters the log and no author chain: its header carries `author_seq` 1 with a
zero `author_prev`, and the log's reader refuses type 5 anyway. The pack itself:

    pack   = "SBPK" ‖ u8 version (1) ‖ record* ‖ u64 0 ‖ u64 count ‖ u64 up_to
    record = u64 seq (≥ 1, rising, ≤ up_to) ‖ u16 len ‖ subject ‖ u32 len ‖ data

Nothing in a pack is trusted for what it says: the newcomer runs every record through the same
`LogReader` as a replay, so the packing device can leave records out or stop early (a gap, or a
stale start) but never forge or reorder one unnoticed. The parser only checks the framing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crypto import labels
from app.crypto.chain.state import ChainState
from app.crypto.encoding import Reader, Writer
from app.crypto.envelope import ParsedEnvelope, assemble, pad_checked, verify_signature
from app.crypto.errors import BadSignature, DecodeError, Malformed, Undecryptable
from app.crypto.header import HEADER_LEN, ZERO_HASH, EventType, Header, HeaderFields
from app.crypto.keys import DeviceKeys
from app.crypto.padding import is_bucket_size, unpad
from app.crypto.primitives import (
    HASH_LEN,
    HPKE_OVERHEAD,
    KEY_LEN,
    SIG_LEN,
    hpke_open,
    hpke_seal,
    sha256,
)
from app.crypto.stream import MAX_SIZE, OBJECT_NAME_LEN, valid_object_name
from app.domain.ids import DeviceId
from app.domain.model import Role

__all__ = [
    "PACK_MAGIC",
    "PackParser",
    "PackWriter",
    "PackedRecord",
    "SnapshotOffer",
    "is_offer",
    "offer_author",
    "open_offer",
    "seal_offer",
]

PACK_MAGIC = b"SBPK"
PACK_VERSION = 1
MAX_SUBJECT = 255
MAX_RECORD = 1 << 20
"""Largest record accepted in a pack: far above any envelope or link (`MAX_PADDED` + header)."""
_OFFER_TYPES = frozenset({EventType.SNAPSHOT_KEY})
_OFFERING_ROLES = frozenset({Role.ADMIN, Role.MEMBER})
_PACK_HEAD = len(PACK_MAGIC) + 1
_PACK_TAIL = 24
_MAX_OFFER_BODY = 4096


@dataclass(frozen=True, slots=True)
class SnapshotOffer:
    """Where a newcomer finds its snapshot and how to open it. The key stays out of `repr`."""

    object_name: str
    ciphertext_sha256: bytes
    size: int
    """Plaintext bytes of the pack (the STREAM ciphertext's length follows from it)."""
    up_to: int
    """`s`: the newest stream sequence the pack may hold; the newcomer follows from `s + 1`."""
    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not valid_object_name(self.object_name):
            raise ValueError("object_name must be 32 lowercase hex digits")
        if len(self.ciphertext_sha256) != HASH_LEN or len(self.key) != KEY_LEN:
            raise ValueError("ciphertext_sha256 and key must be 32 bytes")
        if not 0 <= self.size <= MAX_SIZE or self.up_to < 0:
            raise ValueError("size within what STREAM seals, up_to not negative")

    def encode(self) -> bytes:
        w = Writer().fixed(bytes.fromhex(self.object_name), OBJECT_NAME_LEN)
        w.fixed(self.ciphertext_sha256, HASH_LEN).u64(self.size).u64(self.up_to)
        return w.fixed(self.key, KEY_LEN).getvalue()

    @classmethod
    def decode(cls, data: bytes) -> SnapshotOffer:
        """Strictly parses `encode`'s output (DecodeError otherwise)."""
        r = Reader(data)
        name, digest = r.fixed(OBJECT_NAME_LEN), r.fixed(HASH_LEN)
        size, up_to, key = r.u64(), r.u64(), r.fixed(KEY_LEN)
        r.finish()
        return cls(name.hex(), digest, size, up_to, key)


def seal_offer(
    *, offer: SnapshotOffer, fields: HeaderFields, recipient_kem: bytes, signer: DeviceKeys
) -> bytes:
    """The type-5 envelope carrying `offer` to the newcomer whose `device_kem` is given.

    `fields` name the signer's chain head; `author_seq` must be 1 (the offer is in no author
    chain). pyca's HPKE draws its own ephemeral key, so this is never deterministic.

    Raises:
        ValueError: `fields.author_seq` is not 1, or the key is not 32 bytes.
    """
    if fields.author_seq != 1:
        raise ValueError("a snapshot offer is in no author chain: author_seq is 1")
    header = Header.build(EventType.SNAPSHOT_KEY, signer.device_id, fields).encode()
    body = hpke_seal(pad_checked(offer.encode()), recipient_kem, labels.SNAPSHOT + sha256(header))
    return assemble(header, body, signer)


def is_offer(data: bytes) -> bool:
    """A cheap look: could these bytes be a snapshot offer (not a join message)?"""
    return len(data) > HEADER_LEN and data[:2] == b"SB" and data[6] == EventType.SNAPSHOT_KEY


def offer_author(data: bytes) -> DeviceId:
    """The device a (not yet checked) offer names as its author, for log lines and tests.

    Raises:
        Malformed: Not an offer's header.
    """
    return _parse(data).header.author


def open_offer(data: bytes, *, chain: ChainState, me: DeviceKeys) -> SnapshotOffer:
    """Checks and opens an offer: strict parse, team, an active admin or member's signature,
    HPKE to this device's `device_kem` with the bound `info`, strict decode.

    Args:
        data: The envelope as read from the join subject.
        chain: The chain this device validated from the fingerprint its SAS covered.
        me: This device's keys.

    Raises:
        Malformed: "parse", "type", "team", "length", "offer-fields", "padding", "offer".
        BadSignature: "offer-author" (not an active admin or member), "author", "signature".
        Undecryptable: "decrypt" (sealed to another device, or altered).
    """
    parsed = _parse(data)
    header = parsed.header
    if header.team_id != chain.team_id:
        raise Malformed("team")
    author = chain.devices.get(header.author)
    if author is None or author.role not in _OFFERING_ROLES or not author.active:
        raise BadSignature("offer-author")
    if header.chain_seqno > chain.head_seqno:
        raise Malformed("offer-fields")  # names a chain this device has not validated
    verified = verify_signature(parsed, author.keys.sig)
    info = labels.SNAPSHOT + sha256(verified.header_bytes)
    padded = hpke_open(verified.body, me.kem, info)
    if padded is None:
        raise Undecryptable("decrypt")
    try:
        return SnapshotOffer.decode(unpad(padded))
    except (DecodeError, ValueError):
        raise Malformed("offer") from None


def _parse(data: bytes) -> ParsedEnvelope:
    if len(data) < HEADER_LEN + 4 + SIG_LEN:
        raise Malformed("parse")
    r = Reader(data, max_var=_MAX_OFFER_BODY)
    header_bytes = r.fixed(HEADER_LEN)
    header = Header.parse(header_bytes, _OFFER_TYPES)
    body, signature = r.var(), r.fixed(SIG_LEN)
    r.finish()
    if any(header.nonce) or any(header.key_commit) or header.author_prev != ZERO_HASH:
        raise Malformed("offer-fields")
    if header.author_seq != 1 or not is_bucket_size(len(body) - HPKE_OVERHEAD):
        raise Malformed("length")
    return ParsedEnvelope(header, header_bytes, body, signature, bytes(data))


@dataclass(frozen=True, slots=True)
class PackedRecord:
    """One record as the pack holds it: what the hub stored at `seq`."""

    seq: int
    subject: str
    data: bytes


class PackWriter:
    """Encodes a pack record by record; feed what it returns to a `StreamSealer`."""

    TAIL_LEN = _PACK_TAIL

    def __init__(self) -> None:
        self.count = 0
        self.last_seq = 0

    def head(self) -> bytes:
        return Writer().fixed(PACK_MAGIC, 4).u8(PACK_VERSION).getvalue()

    @staticmethod
    def record_len(record: PackedRecord) -> int:
        """Bytes one record takes in the pack (subjects are ASCII)."""
        return 8 + 2 + len(record.subject) + 4 + len(record.data)

    def records(self, records: list[PackedRecord]) -> bytes:
        """The encoding of `records`, which must rise in stream order (ValueError)."""
        w = Writer()
        for record in records:
            if record.seq <= self.last_seq:
                raise ValueError("pack records rise in stream order")
            self.last_seq = record.seq
            subject = record.subject.encode("ascii")
            w.u64(record.seq).u16(len(subject)).fixed(subject, len(subject))
            w.var(record.data)
        self.count += len(records)
        return w.getvalue()

    def tail(self) -> bytes:
        """The trailer: the record count and `up_to` (the newest packed sequence)."""
        return Writer().u64(0).u64(self.count).u64(self.last_seq).getvalue()


class PackParser:
    """Reads a pack's plaintext as it is opened, piece by piece, checking only its framing.

    Raises `Malformed` ("pack-head", "pack-order", "pack-record", "pack-tail") on anything that
    is not a well-formed pack up to `up_to`; `finish` proves it ended with its trailer.
    """

    def __init__(self, up_to: int) -> None:
        self.up_to = up_to
        self.count = 0
        self.last_seq = 0
        self._buffer = bytearray()
        self._head_seen = False
        self._ended = False

    def feed(self, data: bytes) -> list[PackedRecord]:
        """Adds plaintext; returns the records now complete, in pack order."""
        if self._ended and data:
            raise Malformed("pack-tail")
        self._buffer += data
        view = memoryview(self._buffer)
        offset = self._take_head(view)
        out: list[PackedRecord] = []
        while not self._ended:
            step = self._take_record(view, offset, out)
            if step == 0:
                break
            offset += step
        view.release()
        del self._buffer[:offset]
        if self._ended and self._buffer:
            raise Malformed("pack-tail")
        return out

    def finish(self) -> None:
        """The pack ended exactly after its trailer (Malformed "pack-tail" otherwise)."""
        if not self._ended or self._buffer:
            raise Malformed("pack-tail")

    def _take_head(self, view: memoryview) -> int:
        if self._head_seen:
            return 0
        if len(view) < _PACK_HEAD:
            return 0
        if bytes(view[:4]) != PACK_MAGIC or view[4] != PACK_VERSION:
            raise Malformed("pack-head")
        self._head_seen = True
        return _PACK_HEAD

    def _take_record(self, view: memoryview, at: int, out: list[PackedRecord]) -> int:
        """Parses one record (or the trailer) at `at`; returns bytes taken, 0 if incomplete."""
        if not self._head_seen or len(view) - at < 10:
            return 0
        seq = int.from_bytes(view[at : at + 8], "big")
        if seq == 0:
            return self._take_tail(view, at)
        subject_len = int.from_bytes(view[at + 8 : at + 10], "big")
        if subject_len == 0 or subject_len > MAX_SUBJECT:
            raise Malformed("pack-record")
        data_at = at + 10 + subject_len + 4
        if len(view) < data_at:
            return 0
        data_len = int.from_bytes(view[data_at - 4 : data_at], "big")
        if data_len > MAX_RECORD:
            raise Malformed("pack-record")
        if len(view) < data_at + data_len:
            return 0
        if not self.last_seq < seq <= self.up_to:
            raise Malformed("pack-order")
        try:
            subject = bytes(view[at + 10 : data_at - 4]).decode("ascii")
        except UnicodeDecodeError:
            raise Malformed("pack-record") from None
        out.append(PackedRecord(seq, subject, bytes(view[data_at : data_at + data_len])))
        self.last_seq = seq
        self.count += 1
        return data_at + data_len - at

    def _take_tail(self, view: memoryview, at: int) -> int:
        if len(view) - at < _PACK_TAIL:
            return 0
        if int.from_bytes(view[at + 8 : at + 16], "big") != self.count:
            raise Malformed("pack-tail")
        if int.from_bytes(view[at + 16 : at + 24], "big") != self.up_to:
            raise Malformed("pack-tail")  # the offer and the pack disagree on s
        self._ended = True
        return _PACK_TAIL
