"""Build `AppliedRecord`s as the sync engine would: stream and author sequences count up."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from app.domain.content import NO_CONTEXT, Content, MessageContext, Reaction, Text
from app.domain.ids import ConversationId, CustomerId, DeviceId, EventId, Wamid
from app.domain.model import DeliveryStatus
from app.domain.pricing import Pricing
from app.log.events import (
    Claim,
    CustomerIdChanged,
    CustomerMessage,
    DeliveryStatusChanged,
    Event,
    NumberStatus,
    OutboundRequest,
    Preference,
    PreferenceChanged,
    Reply,
    SendOutcome,
)
from app.store.records import AppliedRecord
from app.store.replica import Replica

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
GATEWAY = DeviceId(b"G" * 16)
ANNA = DeviceId(b"A" * 16)
BORIS = DeviceId(b"B" * 16)


def conversation_of(customer: str) -> ConversationId:
    """Stands in for the subject-key derivation the sync layer does."""
    return ConversationId(hashlib.sha256(b"conv:" + customer.encode()).digest()[:16])


@dataclass
class LogBuilder:
    """A team log in the making; each call returns the next record."""

    seq: int = 0
    author_seqs: dict[DeviceId, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def event_id(self) -> EventId:
        return EventId(hashlib.sha256(b"event:%d" % next(self._ids)).digest()[:16])

    def record(
        self,
        event: Event | None,
        *,
        author: DeviceId = GATEWAY,
        conversation_id: ConversationId | None = None,
        event_id: EventId | None = None,
        chain_link: bytes | None = None,
        author_time: int | None = None,
        subject: str = "sb.team.in",
    ) -> AppliedRecord:
        self.seq += 1
        author_seq = self.author_seqs.get(author, 0) + 1
        self.author_seqs[author] = author_seq
        event_id = self.event_id() if event_id is None else event_id
        envelope = b"SB\x00\x01 sealed " + event_id + self.seq.to_bytes(8, "big")
        return AppliedRecord(
            seq=self.seq,
            subject=subject,
            envelope=envelope,
            envelope_hash=hashlib.sha256(envelope).digest(),
            event_id=event_id,
            author=author,
            author_seq=author_seq,
            conversation_id=conversation_id,
            event=event,
            chain_link=chain_link,
            author_time=author_time,
        )

    def customer(
        self,
        text: str,
        *,
        customer: str = "CC.alice",
        wamid: str | None = None,
        at: int = 1_000,
        name: str = "Alice",
        wa_id: str = "4915112345678",
        content: Content | None = None,
        context: MessageContext = NO_CONTEXT,
        conversation: str | None = None,
    ) -> AppliedRecord:
        """A customer's message; `content` replaces `Text(text)`. The record's conversation id
        is derived from `conversation` (default: `customer`), as the sync layer would."""
        wamid = f"wamid.IN{self.seq + 1:06d}" if wamid is None else wamid
        body = Text(text) if content is None else content
        event = CustomerMessage(Wamid(wamid), CustomerId(customer), wa_id, name, at, body, context)
        return self.record(event, conversation_id=conversation_of(conversation or customer))

    def reaction(
        self, target: str, emoji: str, *, customer: str = "CC.alice", at: int = 1_000
    ) -> AppliedRecord:
        return self.customer("", customer=customer, at=at, content=Reaction(Wamid(target), emoji))

    def id_changed(
        self, previous: str, new: str, *, wa_id: str = "", at: int = 1_000
    ) -> AppliedRecord:
        return self.record(CustomerIdChanged(CustomerId(previous), CustomerId(new), wa_id, at))

    def preference(
        self, customer: str, preference: Preference, *, at: int = 1_000
    ) -> AppliedRecord:
        return self.record(PreferenceChanged(CustomerId(customer), preference, at))

    def number(
        self,
        *,
        name: str = "Acme Support",
        name_status: str = "APPROVED",
        quality: str = "GREEN",
        oba: bool = False,
        at: int = 1_000,
    ) -> AppliedRecord:
        status = NumberStatus(
            "+49 30 555000", name, name_status, quality, oba, "STANDARD", "TIER_2K", at
        )
        return self.record(status)

    def status(
        self,
        wamid: str,
        status: DeliveryStatus,
        *,
        at: int = 2_000,
        error_code: int = 0,
        pricing: Pricing | None = None,
    ) -> AppliedRecord:
        event = DeliveryStatusChanged(Wamid(wamid), status, at, error_code, "", pricing)
        return self.record(event)

    def outcome(
        self, reply: EventId, wamid: str | None = None, *, error_code: int = 0
    ) -> AppliedRecord:
        event = SendOutcome(reply, None if wamid is None else Wamid(wamid), error_code, "")
        return self.record(event)

    def claim(self, customer: str, author: DeviceId) -> AppliedRecord:
        cid = conversation_of(customer)
        return self.record(Claim(cid), author=author, conversation_id=cid, subject="sb.team.c")

    def reply(
        self,
        customer: str,
        text: str,
        author: DeviceId,
        *,
        event_id: EventId | None = None,
        author_time: int | None = 1_500,
    ) -> AppliedRecord:
        cid = conversation_of(customer)
        return self.record(
            Reply(cid, Text(text)),
            author=author,
            conversation_id=cid,
            event_id=event_id,
            author_time=author_time,
            subject="sb.team.c",
        )

    def member(
        self, event: Event, customer: str, author: DeviceId, *, author_time: int | None = 1_600
    ) -> AppliedRecord:
        """Any member event on the customer's conversation subject (hand-over, state, note)."""
        cid = conversation_of(customer)
        return self.record(
            event, author=author, conversation_id=cid, author_time=author_time, subject="sb.team.c"
        )

    def request(self, reply: EventId, author: DeviceId) -> AppliedRecord:
        event = OutboundRequest(reply, CustomerId("CC.alice"), "4915112345678", Text("hi"))
        return self.record(event, author=author, subject="sb.team.out")

    def sealed_only(self, author: DeviceId) -> AppliedRecord:
        """A record this desk stores but cannot open."""
        return self.record(None, author=author, subject="sb.team.out")

    def link(self, link: bytes, author: DeviceId = ANNA) -> AppliedRecord:
        return self.record(None, author=author, chain_link=link, subject="sb.team.chain")


async def raw(replica: Replica, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Run SQL on the replica's own connection (for inspecting and injecting faults)."""
    async with replica._db.read() as tx:  # tests may look behind the API
        rows = await tx.fetchall(sql, params)
    return [tuple(row[i] for i in range(len(row))) for row in rows]
