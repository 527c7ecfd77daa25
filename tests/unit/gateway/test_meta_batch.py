"""The automatic answers' records: a batch of customer messages reads and writes the gateway
state once, sees its own writes, and queues its answers only once they are on disk (real state
file, real send queue, no graph)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.business_hours import BusinessHours, DayHours
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.auto_replies import AutoReplies
from app.gateway.graph import SendResult
from app.gateway.meta_batch import MetaBatch
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue
from app.gateway.state import FILE_NAME, GatewayState
from app.log.events import CustomerMessage, NotificationSent
from app.log.kinds.business_hours import BusinessHoursSet
from tests.helpers.wait import until

pytestmark = pytest.mark.asyncio

NOW = 1_780_000_000.0
OPEN = BusinessHours("UTC", (DayHours(time(0), time(23, 59)),) * 7, frozenset(), True, "Hi")


def message(n: int, customer: str) -> CustomerMessage:
    return CustomerMessage(
        Wamid(f"wamid.{n}"), CustomerId(customer), "4915112345678", "Lena", int(NOW), Text("?")
    )


async def ignore(job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
    return None


async def never(event: NotificationSent) -> None:
    raise AssertionError("nothing reaches Meta without a graph")


@pytest_asyncio.fixture
async def state(tmp_path: Path) -> AsyncIterator[GatewayState]:
    kept = GatewayState(tmp_path)
    await kept.open(b"T" * 16, b"G" * 16)
    try:
        yield kept
    finally:
        await kept.close()


def on_disk(directory: Path, key: str) -> bytes | None:
    with sqlite3.connect(directory / FILE_NAME) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else bytes(row[0])


async def test_a_batch_sees_its_own_writes_and_sends_only_after_they_are_on_disk(
    state: GatewayState,
) -> None:
    batch = MetaBatch(state)
    await batch.load(["a", "b"])
    batch.put("a", b"1")
    assert await batch.get("a") == b"1"
    assert await batch.get("b") is None
    sent: list[bytes | None] = []
    batch.sends.append(lambda: sent.append(on_disk(state.directory, "a")))
    assert on_disk(state.directory, "a") is None  # nothing written before the commit
    await batch.commit()
    assert sent == [b"1"]  # the send ran once the record was on disk
    assert await state.meta("a") == b"1"


async def test_a_batch_that_sends_nothing_is_noted_and_written_before_a_later_send(
    state: GatewayState,
) -> None:
    quiet = MetaBatch(state)
    quiet.put("seen", b"1")
    await quiet.commit()
    assert await state.meta("seen") == b"1"  # read back at once
    assert on_disk(state.directory, "seen") is None  # no flush of its own

    answering = MetaBatch(state)
    answering.put("sent", b"1")
    sent: list[tuple[bytes | None, bytes | None]] = []
    answering.sends.append(
        lambda: sent.append((on_disk(state.directory, "sent"), on_disk(state.directory, "seen")))
    )
    await answering.commit()
    assert sent == [(b"1", b"1")]  # both on disk before the send was queued


async def test_a_failed_commit_sends_nothing(state: GatewayState) -> None:
    batch = MetaBatch(state)
    batch.put("a", b"1")
    sent: list[str] = []
    batch.sends.append(lambda: sent.append("sent"))
    await state.close()
    with pytest.raises(RuntimeError):
        await batch.commit()
    assert sent == []


async def test_many_messages_of_one_new_customer_in_one_batch_get_one_greeting(
    state: GatewayState,
) -> None:
    sends = SendQueue(ignore)
    sends.start()
    replies = AutoReplies(state, sends, lambda: None, never, lambda: NOW)
    await replies.start()
    await replies.apply(BusinessHoursSet(OPEN, 1))
    replies.on_webhook([message(n, "cust-1") for n in range(5)] + [message(9, "cust-2")])
    await until(lambda: replies.handled == 6, timeout=5)
    assert replies.queued == 2  # the first message of each customer
    await replies.stop()
    await sends.stop()
