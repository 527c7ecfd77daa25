"""Join messages (team-setup.md §3): strict binary records on `sb.<team>.join.<invite_id hex>`.

    message = u16 version ‖ u16 suite ‖ u8 kind ‖ team_id(16) ‖ invite_id(16) ‖ body ‖ sigs
    sig     = Ed25519(key, "switchboard/v1 join-sig" ‖ everything before the signatures)

Every field has a fixed width, so each kind has exactly one length; the header binds every
message to one team and one invite. Bodies and signers:

| kind | body | signed by (`device_sig`s) |
|---|---|---|
| request | sig ‖ kem ‖ hub_key ‖ commit_J ‖ u64 n ‖ sealed name(304) | invite key, then joiner |
| answer | admin device id(16) ‖ e_A_pub(32) ‖ SHA256(request) | admin |
| reveal | joiner device id(16) ‖ e_J_pub(32) ‖ SHA256(answer) | joiner |
| confirm | joiner device id(16) ‖ transcript hash(32) | joiner |
| cancel | canceller's device id(16) ‖ u8 reason | canceller |

The reveal names the answer it follows, so with several admins online a joiner's reveal cannot
be replayed into another admin's handshake. The sealed name is the joiner's display name,
HPKE-sealed to `D[n]` (any seed reader opens it) with `info = join-name ‖ SHA256(u16 suite ‖
team ‖ u64 n ‖ invite_id ‖ device_id)`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.crypto import labels
from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature, DecodeError, Malformed, Undecryptable
from app.crypto.keys import DevicePublic
from app.crypto.names import MAX_NAME_BYTES
from app.crypto.padding import pad, padded_size, unpad
from app.crypto.primitives import (
    ALLOWED_SUITES,
    HASH_LEN,
    HPKE_OVERHEAD,
    PUBLIC_LEN,
    SIG_LEN,
    SUITE_ID,
    VERSION,
    ed25519_verify,
    hpke_open,
    hpke_seal,
    sha256,
)
from app.domain.ids import ID_LEN, DeviceId, TeamId

SEALED_NAME_LEN = HPKE_OVERHEAD + padded_size(MAX_NAME_BYTES)
MAX_JOIN_MESSAGE = 1024


class JoinKind(enum.IntEnum):
    """The message `kind` byte. Values are wire format: never renumber."""

    REQUEST = 1
    ANSWER = 2
    REVEAL = 3
    CONFIRM = 4
    CANCEL = 5


class CancelReason(enum.IntEnum):
    """Why a side gave up. Values are wire format."""

    CANCELLED = 1
    SAS_MISMATCH = 2
    """A person said the emoji (or digits) differ."""
    TIMEOUT = 3
    COMMIT_MISMATCH = 4
    """The reveal did not match `commit_J`: someone in the middle."""


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """The joiner's request: its keys, its commitment to `e_J` and its sealed name."""

    device: DevicePublic
    hub_key: bytes
    commit: bytes
    """`commit_J` (`sas.commit_j`)."""
    name_epoch: int
    """The epoch whose `D[n]` the name is sealed to."""
    sealed_name: bytes

    kind: ClassVar[JoinKind] = JoinKind.REQUEST
    signers: ClassVar[int] = 2

    def write(self, w: Writer) -> None:
        """Appends the body."""
        w.fixed(self.device.sig, PUBLIC_LEN).fixed(self.device.kem, PUBLIC_LEN)
        w.fixed(self.hub_key, PUBLIC_LEN).fixed(self.commit, HASH_LEN).u64(self.name_epoch)
        w.fixed(self.sealed_name, SEALED_NAME_LEN)

    @classmethod
    def read(cls, r: Reader) -> JoinRequest:
        """Reads the body."""
        device = DevicePublic(sig=r.fixed(PUBLIC_LEN), kem=r.fixed(PUBLIC_LEN))
        return cls(
            device, r.fixed(PUBLIC_LEN), r.fixed(HASH_LEN), r.u64(), r.fixed(SEALED_NAME_LEN)
        )


@dataclass(frozen=True, slots=True)
class JoinAnswer:
    """An admin takes the request up and sends its ephemeral key."""

    admin: DeviceId
    ephemeral: bytes
    """`e_A_pub`."""
    request_hash: bytes

    kind: ClassVar[JoinKind] = JoinKind.ANSWER
    signers: ClassVar[int] = 1

    def write(self, w: Writer) -> None:
        """Appends the body."""
        w.fixed(self.admin, ID_LEN).fixed(self.ephemeral, PUBLIC_LEN)
        w.fixed(self.request_hash, HASH_LEN)

    @classmethod
    def read(cls, r: Reader) -> JoinAnswer:
        """Reads the body."""
        return cls(DeviceId(r.fixed(ID_LEN)), r.fixed(PUBLIC_LEN), r.fixed(HASH_LEN))


@dataclass(frozen=True, slots=True)
class JoinReveal:
    """The joiner opens its commitment."""

    device_id: DeviceId
    ephemeral: bytes
    """`e_J_pub`."""
    answer_hash: bytes

    kind: ClassVar[JoinKind] = JoinKind.REVEAL
    signers: ClassVar[int] = 1

    def write(self, w: Writer) -> None:
        """Appends the body."""
        w.fixed(self.device_id, ID_LEN).fixed(self.ephemeral, PUBLIC_LEN)
        w.fixed(self.answer_hash, HASH_LEN)

    @classmethod
    def read(cls, r: Reader) -> JoinReveal:
        """Reads the body."""
        return cls(DeviceId(r.fixed(ID_LEN)), r.fixed(PUBLIC_LEN), r.fixed(HASH_LEN))


@dataclass(frozen=True, slots=True)
class JoinConfirm:
    """The joiner's person said "they match"."""

    device_id: DeviceId
    transcript: bytes
    """`sas.transcript_hash` of the handshake confirmed."""

    kind: ClassVar[JoinKind] = JoinKind.CONFIRM
    signers: ClassVar[int] = 1

    def write(self, w: Writer) -> None:
        """Appends the body."""
        w.fixed(self.device_id, ID_LEN).fixed(self.transcript, HASH_LEN)

    @classmethod
    def read(cls, r: Reader) -> JoinConfirm:
        """Reads the body."""
        return cls(DeviceId(r.fixed(ID_LEN)), r.fixed(HASH_LEN))


@dataclass(frozen=True, slots=True)
class JoinCancel:
    """Either side gives up."""

    device_id: DeviceId
    reason: CancelReason

    kind: ClassVar[JoinKind] = JoinKind.CANCEL
    signers: ClassVar[int] = 1

    def write(self, w: Writer) -> None:
        """Appends the body."""
        w.fixed(self.device_id, ID_LEN).u8(self.reason)

    @classmethod
    def read(cls, r: Reader) -> JoinCancel:
        """Reads the body."""
        return cls(DeviceId(r.fixed(ID_LEN)), read_enum(r.u8(), CancelReason))


JoinBody = JoinRequest | JoinAnswer | JoinReveal | JoinConfirm | JoinCancel
B = TypeVar("B", JoinRequest, JoinAnswer, JoinReveal, JoinConfirm, JoinCancel)

_BODIES: dict[JoinKind, type[JoinBody]] = {
    JoinKind.REQUEST: JoinRequest,
    JoinKind.ANSWER: JoinAnswer,
    JoinKind.REVEAL: JoinReveal,
    JoinKind.CONFIRM: JoinConfirm,
    JoinKind.CANCEL: JoinCancel,
}


@dataclass(frozen=True, slots=True)
class JoinMessage(Generic[B]):
    """A strictly parsed join message; nothing in it is trusted until `verify` passes."""

    team_id: TeamId
    invite_id: bytes
    body: B
    signed_part: bytes
    """The exact received bytes the signatures cover (after the label)."""
    signatures: tuple[bytes, ...]
    raw: bytes

    @property
    def hash(self) -> bytes:
        """`SHA256(message)`: what the next message and the transcript name it by."""
        return sha256(self.raw)

    def verify(self, *publics: bytes) -> B:
        """Checks every signature, in order, and returns the body.

        Raises:
            BadSignature: "join-sig" if a signature fails or the key count is wrong.
        """
        message = labels.JOIN_SIG + self.signed_part
        if len(publics) != len(self.signatures) or not all(
            ed25519_verify(public, sig, message)
            for public, sig in zip(publics, self.signatures, strict=True)
        ):
            raise BadSignature("join-sig")
        return self.body


def encode_join(
    team_id: TeamId, invite_id: bytes, body: JoinBody, *signers: Ed25519PrivateKey
) -> bytes:
    """Encodes and signs a message; a request takes the invite key, then `device_sig`.

    Raises:
        ValueError: Wrong number of signers or a malformed field.
    """
    if len(signers) != body.signers:
        raise ValueError(f"a {body.kind.name.lower()} takes {body.signers} signature(s)")
    w = Writer().u16(VERSION).u16(SUITE_ID).u8(body.kind)
    w.fixed(team_id, ID_LEN).fixed(invite_id, ID_LEN)
    body.write(w)
    signed = w.getvalue()
    return signed + b"".join(key.sign(labels.JOIN_SIG + signed) for key in signers)


def parse_join(
    data: bytes, expect: type[B], *, team_id: TeamId, invite_id: bytes
) -> JoinMessage[B]:
    """Strictly parses one message of the kind `expect`, for this team and invite.

    Raises:
        Malformed: "parse" (DecodeError), "version", "suite", "kind" (another kind than
            expected, or unknown), "team" or "invite" (bound elsewhere).
    """
    if len(data) > MAX_JOIN_MESSAGE:
        raise DecodeError("length")
    r = Reader(data)
    version = r.u16()
    if version not in ALLOWED_SUITES:
        raise Malformed("version")
    if r.u16() not in ALLOWED_SUITES[version]:
        raise Malformed("suite")
    raw_kind = r.u8()
    if raw_kind != expect.kind:
        raise Malformed("kind")
    if r.fixed(ID_LEN) != team_id:
        raise Malformed("team")
    if r.fixed(ID_LEN) != invite_id:
        raise Malformed("invite")
    try:
        body = expect.read(r)
    except ValueError:
        raise DecodeError("value") from None
    signed_len = len(data) - r.remaining
    signatures = tuple(r.fixed(SIG_LEN) for _ in range(expect.signers))
    r.finish()
    raw = bytes(data)
    return JoinMessage(team_id, invite_id, body, raw[:signed_len], signatures, raw)


def join_kind(data: bytes) -> JoinKind | None:
    """Peeks at a message's kind, to dispatch before `parse_join`; None if unknown or short."""
    if len(data) < 5:
        return None
    try:
        return JoinKind(data[4])
    except ValueError:
        return None


def _name_info(team_id: TeamId, n: int, invite_id: bytes, device_id: DeviceId) -> bytes:
    w = Writer().u16(SUITE_ID).fixed(team_id, ID_LEN).u64(n)
    w.fixed(invite_id, ID_LEN).fixed(device_id, ID_LEN)
    return labels.JOIN_NAME + sha256(w.getvalue())


def seal_join_name(
    name: str,
    inbound_public: bytes,
    *,
    team_id: TeamId,
    n: int,
    invite_id: bytes,
    device_id: DeviceId,
) -> bytes:
    """Seals the joiner's display name to `D[n]` (pyca's HPKE draws its own ephemeral).

    Raises:
        ValueError: Empty name or longer than 252 UTF-8 bytes.
    """
    raw = name.encode("utf-8")
    if not 0 < len(raw) <= MAX_NAME_BYTES:
        raise ValueError(f"names are 1 to {MAX_NAME_BYTES} UTF-8 bytes")
    info = _name_info(team_id, n, invite_id, device_id)
    return hpke_seal(pad(raw), inbound_public, info)


def open_join_name(request: JoinMessage[JoinRequest], secrets: EpochSecrets) -> str:
    """Opens a request's display name with the epoch secrets of `request.body.name_epoch`.

    Raises:
        Undecryptable: "epoch" (other secrets) or "decrypt".
        Malformed: Not canonically padded UTF-8.
    """
    body = request.body
    if secrets.n != body.name_epoch or secrets.team_id != request.team_id:
        raise Undecryptable("epoch")
    info = _name_info(request.team_id, body.name_epoch, request.invite_id, body.device.device_id)
    padded = hpke_open(body.sealed_name, secrets.inbound_kem, info)
    if padded is None:
        raise Undecryptable("decrypt")
    try:
        return unpad(padded).decode("utf-8")
    except UnicodeDecodeError:
        raise DecodeError("utf8") from None
