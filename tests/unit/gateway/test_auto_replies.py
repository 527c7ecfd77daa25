"""The gateway's automatic answers: the newest settings win, settings and what was answered
survive a restart, and an unknown zone answers nothing (real state file, real send queue; no
graph, so nothing reaches Meta: the decisions are what is tested here, the sending over the
simulator in tests/integration/test_auto_replies.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.business_hours import AutoKind, BusinessHours, DayHours
from app.domain.content import Text
from app.domain.ids import CustomerId, Wamid
from app.gateway.auto_replies import AutoReplies
from app.gateway.graph import SendResult
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue
from app.gateway.state import GatewayState
from app.log.events import CustomerMessage, NotificationSent
from app.log.kinds.business_hours import BusinessHoursSet

pytestmark = pytest.mark.asyncio

NOW = 1_780_000_000.0
OPEN = BusinessHours(
    "UTC", (DayHours(time(0), time(23, 59)),) * 7, frozenset(), True, "Hi", True, "Closed"
)
SHUT = BusinessHours("UTC", (None,) * 7, frozenset(), True, "Hi", True, "Closed")


def message(n: int, at: float = NOW) -> CustomerMessage:
    return CustomerMessage(
        Wamid(f"wamid.{n}"), CustomerId("cust-1"), "4915112345678", "Lena", int(at), Text("?")
    )


async def ignore(job: SendJob, kind: SendOutcomeKind, result: SendResult) -> None:
    return None


async def never(event: NotificationSent) -> None:
    raise AssertionError("nothing reaches Meta without a graph")


@pytest_asyncio.fixture
async def queue() -> AsyncIterator[SendQueue]:
    sends = SendQueue(ignore)
    sends.start()
    try:
        yield sends
    finally:
        await sends.stop()


async def started(directory: Path, queue: SendQueue) -> tuple[AutoReplies, GatewayState]:
    state = GatewayState(directory)
    await state.open(b"T" * 16, b"G" * 16)
    replies = AutoReplies(state, queue, lambda: None, never, lambda: NOW)
    await replies.start()
    return replies, state


async def test_the_newest_settings_win_and_survive_a_restart(
    tmp_path: Path, queue: SendQueue
) -> None:
    replies, state = await started(tmp_path, queue)
    await replies.apply(BusinessHoursSet(SHUT, 20))
    await replies.apply(BusinessHoursSet(OPEN, 10))  # a late copy of older settings
    assert replies.hours == SHUT
    await replies.stop()
    await state.close()
    again, state = await started(tmp_path, queue)
    assert again.hours == SHUT
    await again.stop()
    await state.close()


async def test_an_answer_is_recorded_before_sending_and_never_repeated(
    tmp_path: Path, queue: SendQueue
) -> None:
    replies, state = await started(tmp_path, queue)
    await replies.apply(BusinessHoursSet(OPEN, 1))
    first = await replies.answer(message(1))
    assert first is not None
    assert first.kind is AutoKind.GREETING
    assert await replies.answer(message(2)) is None  # not the first message any more
    assert replies.queued == 1
    await replies.stop()
    await state.close()
    again, state = await started(tmp_path, queue)
    assert await again.answer(message(1)) is None  # the same webhook, redelivered
    assert again.queued == 0
    await again.stop()
    await state.close()


async def test_an_unknown_zone_answers_nothing(tmp_path: Path, queue: SendQueue) -> None:
    replies, state = await started(tmp_path, queue)
    await replies.apply(
        BusinessHoursSet(BusinessHours("Mars/Olympus", SHUT.week, away_on=True, away="x"), 1)
    )
    assert await replies.answer(message(1)) is None
    await replies.stop()
    await state.close()
