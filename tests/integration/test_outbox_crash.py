"""A desk that crashes part-way through sending a reply neither loses nor doubles it.

The outbox publishes two envelopes per reply: the reply itself (for the team) and the request
that asks the gateway to send it. These tests stop the runner after each step, as a crash
would, start a fresh runner on the same replica, and count what the customer receives.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from app.demo.stack import DemoStack
from app.domain.content import Text
from app.domain.model import DeliveryStatus, Direction
from app.log.events import OutboundRequest, Reply
from app.services.session import OpenDesk
from app.sync.outbox import OutboxRunner, request_event_id
from tests.helpers.stack import customer_claimed_by
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow


async def _crash_runner(desk: OpenDesk) -> None:
    desk.outbox_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await desk.outbox_task


def _restart_runner(desk: OpenDesk) -> None:
    subject_key = desk.engine.reader.keyring.require_subject_key
    runner = OutboxRunner(desk.replica, desk.publisher, desk.engine, subject_key, time.time)
    desk.outbox, desk.outbox_task = runner, asyncio.create_task(runner.run())


@pytest.mark.asyncio
@pytest.mark.parametrize("crash_after", ["reply", "request"])
async def test_a_crash_between_steps_sends_exactly_once(stack: DemoStack, crash_after: str) -> None:
    lena, conversation = await customer_claimed_by(stack, "Anna")
    sim = stack.simulator
    assert sim is not None
    desk = stack.desks["Anna"]
    anna = desk.session
    await _crash_runner(desk)

    text = "We are on it."
    pending = await anna.reply(conversation, text)
    [job] = await desk.replica.due_outbox(int(time.time()))
    assert job.event_id == pending.event_id
    # The crashed runner got this far before dying:
    await desk.publisher.member_event(
        Reply(conversation, Text(text)), conversation, job.event_id, job.expected_subject_seq
    )
    if crash_after == "request":
        detail = await desk.replica.conversation(conversation)
        assert detail is not None
        request = OutboundRequest(
            job.event_id, detail.customer_id, detail.customer_wa_id, Text(text)
        )
        subject_key = desk.engine.reader.keyring.require_subject_key()
        request_id = request_event_id(subject_key, job.event_id)
        await desk.publisher.outbound_request(request, request_id)

    _restart_runner(desk)
    await until(lambda: [m.text for m in sim.received(lena.user_id)] == [text], timeout=10)

    async def read_by_customer() -> bool:
        messages = await anna.messages_page(conversation, None, 10)
        outbound = [m for m in messages if m.direction is Direction.OUTBOUND]
        return [m.status for m in outbound] == [DeliveryStatus.READ]

    await until_async(read_by_customer, within=10)
    assert await desk.replica.due_outbox(int(time.time()) + 3600) == []
    assert [m.text for m in sim.received(lena.user_id)] == [text]  # still exactly once


@pytest.mark.asyncio
async def test_a_crash_inside_a_burst_of_replies_sends_the_rest(stack: DemoStack) -> None:
    """Issue 9, fault 3: replies typed in a burst are all guarded by the sequence the agent
    saw. The runner used to remember only in memory that the first one moved the subject, so
    after a crash the rest were marked "conversation changed" although nobody else wrote."""
    lena, conversation = await customer_claimed_by(stack, "Anna")
    sim = stack.simulator
    assert sim is not None
    desk = stack.desks["Anna"]
    anna = desk.session
    await _crash_runner(desk)

    texts = ["One moment.", "Found it.", "Sent today."]
    for text in texts:
        await anna.reply(conversation, text)
    # All three are guarded by the sequence Anna saw; one conversation's jobs go in turn.
    [first] = await desk.replica.due_outbox(int(time.time()))
    # The crashed runner published the first reply and its request, then died:
    await desk.publisher.member_event(
        Reply(conversation, Text(texts[0])),
        conversation,
        first.event_id,
        first.expected_subject_seq,
    )
    detail = await desk.replica.conversation(conversation)
    assert detail is not None
    subject_key = desk.engine.reader.keyring.require_subject_key()
    request = OutboundRequest(
        first.event_id, detail.customer_id, detail.customer_wa_id, first.content
    )
    await desk.publisher.outbound_request(request, request_event_id(subject_key, first.event_id))

    _restart_runner(desk)
    await until(lambda: [m.text for m in sim.received(lena.user_id)] == texts, timeout=10)

    async def all_read() -> bool:
        messages = await anna.messages_page(conversation, None, 10)
        outbound = [m for m in messages if m.direction is Direction.OUTBOUND]
        return [m.status for m in outbound] == [DeliveryStatus.READ] * len(texts)

    await until_async(all_read, within=10)
    assert [m.text for m in sim.received(lena.user_id)] == texts  # each exactly once
