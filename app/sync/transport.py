"""What the sync engine, services and gateway need from the event log, as Protocols.

Pure: typing, frozen dataclasses and subject naming only; no ``nats``, no asyncio. The NATS
adapter lives in ``app.sync.nats_transport``; tests may provide an in-memory one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.domain.errors import EnvironmentFault, HubUnreachable

__all__ = [
    "ConnectionState",
    "Follower",
    "HubAccessDenied",
    "HubIdentityMismatch",
    "LogRecord",
    "MediaNotFound",
    "MediaStore",
    "OnBatch",
    "OnState",
    "PublishAck",
    "StaleWrite",
    "StoredObject",
    "Transport",
    "TransportError",
    "TransportUnavailable",
    "chain_subject",
    "event_subject",
    "inbound_subject",
    "media_bucket",
    "join_subject",
    "outbound_subject",
    "stream_name",
    "team_subjects",
]

_HEX = re.compile(r"^[0-9a-f]{1,64}$")


@dataclass(frozen=True)
class LogRecord:
    """One stored message of the team stream."""

    seq: int
    """Stream sequence: the global order every desk applies events in."""
    subject: str
    """Subject it was published to (``sb.<team>.…``)."""
    data: bytes
    """The opaque (sealed) payload."""


@dataclass(frozen=True)
class PublishAck:
    """The hub's acknowledgement of a stored message."""

    seq: int
    """Stream sequence of the message (of the original one for a duplicate)."""
    duplicate: bool
    """True if a message with the same ``msg_id`` was already stored within the de-dup window."""


class ConnectionState(enum.Enum):
    """Connection to the hub, for the desk's header and the gateway's health."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    NOT_RESPONDING = "not-responding"
    """Connected, but the hub stopped answering (frozen, overloaded): the socket is open and
    nothing comes back. Back to CONNECTED as soon as it answers again."""
    CANNOT_STORE = "cannot-store"
    """Connected and answering, but the hub says its store refuses writes (its disk is full):
    nothing new reaches the log until it has room. Back to CONNECTED once it stores again."""
    DISCONNECTED = "disconnected"
    CLOSED = "closed"


class TransportError(EnvironmentFault):
    """The hub refused a request for a reason other than those below."""

    code = "hub-error"


class TransportUnavailable(TransportError, HubUnreachable):
    """The hub is unreachable or did not answer in time; retrying later may work.

    A publish that failed this way may still have been stored: retry it with the same
    ``msg_id`` so the hub reports it as a duplicate instead of storing it twice.
    """

    code = "hub-unreachable"


class HubAccessDenied(TransportError):
    """The hub refused this login ("authorization violation").

    The credential is unknown to the hub: a removed device, an invite no longer open, a wrong
    key, or a hub of another team. Retrying with the same credential will not help.
    """

    code = "hub-access-denied"


class HubIdentityMismatch(TransportError):
    """The hub's TLS certificate does not match the pinned fingerprint: it is not our hub."""

    code = "hub-identity-mismatch"


class StaleWrite(TransportError):
    """An expected-last-subject-sequence check failed (JetStream error 10071)."""

    code = "stale-view"

    def __init__(self, subject: str, expected: int, last_seq: int | None) -> None:
        """Describe the rejected write.

        Args:
            subject: The subject written to.
            expected: The sequence the writer believed was last on the subject.
            last_seq: The actual last sequence, if the hub said.
        """
        super().__init__(f"stale write to {subject}: expected {expected}, last is {last_seq}")
        self.subject = subject
        """The subject written to."""
        self.expected = expected
        """The sequence the writer expected (0: the subject was expected to be empty)."""
        self.last_seq = last_seq
        """The subject's actual last sequence as reported by the hub, if known."""


class MediaNotFound(TransportError):
    """No object of that name is in the team's media store (never stored, or deleted)."""

    code = "media-unavailable"


@dataclass(frozen=True)
class StoredObject:
    """What the media store holds under one name."""

    name: str
    """The object's random hex name."""
    size: int
    """Bytes stored: the STREAM ciphertext's length."""
    sha256: bytes
    """SHA-256 of the stored bytes, computed while uploading (the ``H(ciphertext)`` to sign)."""


OnBatch = Callable[[Sequence[LogRecord]], Awaitable[None]]
"""Receives records in stream order; the next batch waits until the returned awaitable ends."""

OnState = Callable[[ConnectionState], None]
"""Told about connection state changes; runs on the event loop, so it must not block."""


class Follower(Protocol):
    """A running :meth:`Transport.follow`."""

    @property
    def next_seq(self) -> int:
        """The first sequence not yet handed to the callback."""
        ...

    async def stop(self) -> None:
        """Stop following. A batch being handled finishes first; none follows. Idempotent.

        Never raises: a callback error is logged, and :meth:`wait` re-raises it.
        """
        ...

    async def wait(self) -> None:
        """Wait until the follower ends.

        Raises:
            Exception: Whatever the callback raised, which ended the follower.
        """
        ...


class Transport(Protocol):
    """The team's ordered, durable event log."""

    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        expected_last_subject_seq: int | None = None,
    ) -> PublishAck:
        """Append a message to the log.

        The expected-sequence check runs before de-duplication: retrying a publish with the same
        ``msg_id`` after someone else wrote to the subject raises :class:`StaleWrite`, even if
        the first attempt was stored. Callers that retry a guarded publish must look at
        :meth:`last_on_subject` (or their follower) to see whether their own write won.

        Args:
            subject: A subject of this team (see the ``*_subject`` helpers).
            data: The payload; never logged.
            msg_id: Idempotency key (the event id), de-duplicated within the stream's window.
            expected_last_subject_seq: If given, the hub stores the message only if this is the
                subject's last sequence; 0 means the subject must be empty.

        Returns:
            The stored sequence and whether it was a duplicate.

        Raises:
            StaleWrite: The expected sequence was stale.
            TransportUnavailable: The hub did not answer.
            TransportError: The hub refused the message.
        """
        ...

    async def publish_many(
        self, subject: str, messages: Sequence[tuple[bytes, str]]
    ) -> list[PublishAck | TransportError]:
        """Append `messages` in order, unguarded, their acknowledgements awaited together.

        Cheaper per message than `publish` for a writer with many at once (the gateway's runs):
        one write of all of them, no task or timer per message.

        Args:
            subject: A subject of this team.
            messages: (data, msg_id) each, as for :meth:`publish`.

        Returns:
            Per message, in order, its acknowledgement or the error it met (TransportUnavailable
            if the hub did not answer in time). A message after a failed one may be stored.
        """
        ...

    def follow(
        self,
        start_seq: int,
        on_batch: OnBatch,
        *,
        subjects: Sequence[str] | None = None,
    ) -> Follower:
        """Deliver every record with ``seq >= start_seq`` in order, in batches, forever.

        Each batch is awaited before the next is fetched (backpressure). Delivery survives
        reconnects and hub restarts without skipping or repeating a sequence.

        Args:
            start_seq: The first sequence wanted (a desk's cursor + 1).
            on_batch: Called with each non-empty batch; if it raises, the follower ends.
            subjects: Only these subjects (wildcards allowed); all of the team's if None.

        Returns:
            The running follower.
        """
        ...

    async def last_seq(self) -> int:
        """The stream's last sequence (0 if empty), to tell whether a desk is caught up."""
        ...

    async def count_on_subject(self, subject: str) -> int:
        """How many records the stream holds on `subject`: a reader limited to one subject
        (a joiner reading the chain) learns from it when it has read them all."""
        ...

    async def last_on_subject(self, subject: str) -> LogRecord | None:
        """The newest record on ``subject``, or None if there is none."""
        ...

    async def fetch(self, seq: int) -> LogRecord | None:
        """The record at ``seq``, or None if there is none."""
        ...

    async def claim_once(
        self, bucket: str, key: str, token: bytes = b"", *, ttl: float | None = None
    ) -> bool:
        """Durably record ``key`` in ``bucket`` unless it is there already.

        The gateway's "I have attempted to send event X" log: shared by its replicas and kept
        across restarts, so a send request is attempted at most once.

        Args:
            bucket: Name of the log (letters, digits, ``-`` and ``_``), e.g. ``SB_<team>_sent``.
            key: A random hex id such as an event id.
            token: The claimant's own random token. A retry with the same token after an
                unknown outcome (a timeout after the hub stored it) still wins; anyone else's
                claim of the same key loses.
            ttl: Seconds after which the hub forgets the entry (whole seconds, at least 1);
                kept until deleted if None.

        Returns:
            True for exactly one caller per key, across processes and restarts.

        Raises:
            TransportUnavailable: The hub did not answer; the claim may or may not be stored.
        """
        ...

    async def kv_get(self, bucket: str, key: str) -> bytes | None:
        """The value `claim_once` or `kv_put` left under `key`, or None."""
        ...

    async def kv_put(
        self, bucket: str, key: str, value: bytes, *, ttl: float | None = None
    ) -> None:
        """Overwrite `key`'s value (e.g. to record that a claimed send was reported); with
        `ttl`, the hub forgets it that many seconds later, as for `claim_once`."""
        ...

    async def close(self) -> None:
        """Stop all followers and drain the connection. Idempotent."""
        ...


class MediaStore(Protocol):
    """The team's store of media objects (crypto.md §3.13): STREAM ciphertext only.

    Callers seal before :meth:`put` and open after :meth:`get`; the store never sees a key.
    Names are random hex (``app.crypto.stream.new_object_name``), never customer data.
    """

    async def put(self, name: str, data: bytes | AsyncIterable[bytes]) -> StoredObject:
        """Store ``data`` (all of it, or pieces of any size) under ``name``, replacing any object.

        Raises:
            ValueError: ``name`` is not a random object name.
            TransportUnavailable: The hub did not answer; retry with the same name and bytes.
            TransportError: The hub refused the object (e.g. the store is full).
        """
        ...

    async def get(self, name: str, max_bytes: int | None = None) -> bytes:
        """The whole object.

        Raises:
            MediaNotFound: There is no such object.
            TransportUnavailable: The hub did not answer.
            TransportError: The stored bytes do not match the object's size or digest.
        """
        ...

    def stream(self, name: str, max_bytes: int | None = None) -> AsyncIterator[bytes]:
        """The object in pieces, for feeding a ``StreamOpener`` without holding the file twice.

        Raises the errors of :meth:`get` while iterating; a digest mismatch only at the end.
        """
        ...

    async def exists(self, name: str) -> bool:
        """True if an object of that name is stored."""
        ...

    async def delete(self, name: str) -> bool:
        """Delete the object and free its space; False if there was none."""
        ...


def _hex_token(value: str, what: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{what} must be 1-64 lowercase hex digits, got {value!r}")
    return value


def stream_name(team: str) -> str:
    """Name of the team's stream: ``SB_<team>``."""
    return f"SB_{_hex_token(team, 'team id')}"


def media_bucket(team: str) -> str:
    """Name of the team's media object store: ``SB_<team>_media``."""
    return f"SB_{_hex_token(team, 'team id')}_media"


def chain_subject(team: str) -> str:
    """Subject of the team chain (control plane)."""
    return f"sb.{_hex_token(team, 'team id')}.chain"


def event_subject(team: str, ctag: str) -> str:
    """Subject of one conversation's member events, named by its opaque tag."""
    return f"sb.{_hex_token(team, 'team id')}.ev.{_hex_token(ctag, 'conversation tag')}"


def inbound_subject(team: str) -> str:
    """Subject of the gateway's inbound (customer) events."""
    return f"sb.{_hex_token(team, 'team id')}.in"


def outbound_subject(team: str) -> str:
    """Subject of the desks' outbound send requests."""
    return f"sb.{_hex_token(team, 'team id')}.out"


def join_subject(team: str, invite_id: bytes) -> str:
    """Subject of one invite's join handshake (kept apart, 24 hours)."""
    return f"sb.{_hex_token(team, 'team id')}.join.{invite_id.hex()}"


def team_subjects(team: str) -> list[str]:
    """Every subject filter the team stream stores."""
    return [
        chain_subject(team),
        f"sb.{_hex_token(team, 'team id')}.ev.*",
        inbound_subject(team),
        outbound_subject(team),
    ]
