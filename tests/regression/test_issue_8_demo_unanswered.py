"""Issue 8, item 7: the headless demo hung (CI's 120 s timeout) on a message nobody answered.

A customer wrote again while the agent's reply to the first message was on its way; the reply
reached the log after the second message and cleared the conversation's waiting mark, and the
agent then resolved it. The conversation sat in Resolved, not waiting, with a message the
scripted agent never answered, and the demo waited for that answer until its time limit. The
agent now also reopens a put-away conversation of its own that holds a message it has not
answered.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.aio import cancel_and_wait
from app.demo.agents import ScriptedAgent
from app.domain.handling import ConversationState
from app.domain.model import Direction, QueueView
from tests.helpers.stack import customer_claimed_by, running_stack
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(120)]


async def test_the_scripted_agent_answers_a_message_its_own_reply_marked_answered(
    tmp_path: Path,
) -> None:
    async with running_stack(tmp_path) as stack:
        sim = stack.simulator
        assert sim is not None
        lena, conversation = await customer_claimed_by(stack, "Anna", "First")
        anna = stack.desks["Anna"].session
        await sim.customer_sends_text(lena.user_id, "Second, while you type")

        async def both_in() -> bool:
            messages = await anna.messages_page(conversation, None, 10)
            return sum(m.direction is Direction.INBOUND for m in messages) == 2

        await until_async(both_in, within=15)
        first = next(
            m.event_id
            for m in await anna.messages_page(conversation, None, 10)
            if m.text == "First"
        )
        await anna.reply(conversation, "Answer to the first")  # lands after "Second"
        await anna.set_state(conversation, ConversationState.RESOLVED)

        async def resolved_and_not_waiting() -> bool:
            rows = await anna.queue_page(QueueView.RESOLVED, 0, 10)
            return [r.waiting_since for r in rows] == [None]

        await until_async(resolved_and_not_waiting, within=15)
        agent = ScriptedAgent("Anna", anna, answered={first})
        task = asyncio.create_task(agent.run())
        try:
            await until(lambda: agent.replies_sent == 1, timeout=20)
        finally:
            await cancel_and_wait(task)
        await until(lambda: len(sim.received(lena.user_id)) == 2, timeout=20)
        texts = [m.text or "" for m in sim.received(lena.user_id)]
        assert texts[0] == "Answer to the first"
        assert texts[1].startswith("Thanks, Anna here. Ref ")
