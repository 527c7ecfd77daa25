"""What the desk and the gateway need from the hub, as Protocols (PURE typing, no NATS).

`app/sync/nats_transport.py` implements it over nats-py; services depend only on this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One stored message of the team stream."""

    seq: int
    """Stream sequence: the record's place in the team's total order."""
    subject: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PublishAck:
    seq: int
    duplicate: bool


class StaleWrite(Exception):
    """The subject moved past the expected sequence (JetStream err_code 10071)."""

    def __init__(self, subject: str) -> None:
        super().__init__("wrong last sequence")
        self.subject = subject


class TransportUnavailable(Exception):
    """The hub did not answer in time; a publish may or may not have been stored."""


BatchHandler = Callable[[Sequence[LogRecord]], Awaitable[None]]


class Follower(Protocol):
    async def stop(self) -> None: ...


class Transport(Protocol):
    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        expected_last_subject_seq: int | None = None,
    ) -> PublishAck: ...

    def follow(
        self, start_seq: int, on_batch: BatchHandler, *, subjects: Sequence[str] | None = None
    ) -> Follower: ...

    async def last_seq(self) -> int: ...

    async def last_on_subject(self, subject: str) -> LogRecord | None: ...

    async def claim_once(self, bucket: str, key: str) -> bool: ...
