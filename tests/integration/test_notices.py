"""Notices over the real team: a hub (nats-server), the simulator, the gateway, two desks.

A customer's message notifies only the desk of the conversation's holder; a new conversation
notifies every desk; a note tells the colleagues it mentions, a hand-over the one who gets it or
loses it; a customer coming back to a resolved conversation nobody holds is news for everyone;
and a desk that opens after being away hears nothing of what it catches up on, only of what
happens once it is live.
"""

from __future__ import annotations

import pytest

from app.demo.stack import DemoStack
from app.domain.handling import ConversationState, HandoverAction
from app.domain.model import QueueView
from app.domain.notify import Notice, NoticeKind
from app.services.session import OpenDesk
from app.simulator.state import Customer
from tests.helpers.wait import until

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]

WITHIN = 20.0


def listen(desk: OpenDesk) -> list[Notice]:
    heard: list[Notice] = []
    desk.session.subscribe_notices(heard.append)
    return heard


def said(heard: list[Notice]) -> list[tuple[NoticeKind, str, str]]:
    return [(n.kind, n.customer_name, n.text) for n in heard]


async def writes(stack: DemoStack, name: str, text: str) -> Customer:
    assert stack.simulator is not None
    customer = stack.simulator.add_customer(name)
    await stack.simulator.customer_sends_text(customer.user_id, text)
    return customer


async def test_a_customer_message_notifies_only_the_holders_desk(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    anna, ben = stack.desks["Anna"], stack.desks["Ben"]
    anna_heard, ben_heard = listen(anna), listen(ben)
    lena = await writes(stack, "Lena", "Is the oak table back?")
    await until(lambda: len(anna_heard) == len(ben_heard) == 1, timeout=WITHIN)
    conversation = anna_heard[0].conversation_id
    await anna.session.claim(conversation)

    await sim.customer_sends_text(lena.user_id, "The big one.")
    await until(lambda: len(anna_heard) == 2, timeout=WITHIN)
    assert anna_heard[1].kind is NoticeKind.CUSTOMER_MESSAGE
    assert anna_heard[1].target == anna.session.me
    assert anna_heard[1].text == "The big one."

    # Ben's desk applied that message too (it is in his replica) but told Ben nothing: the
    # next thing he hears is the next new conversation.
    await writes(stack, "Omar", "Do you deliver?")
    await until(lambda: len(ben_heard) == 2, timeout=WITHIN)
    assert said(ben_heard) == [
        (NoticeKind.NEW_CONVERSATION, "Lena", "Is the oak table back?"),
        (NoticeKind.NEW_CONVERSATION, "Omar", "Do you deliver?"),
    ]
    assert len(await ben.session.messages_page(conversation, None, 10)) == 2


async def test_what_a_desk_catches_up_on_gives_no_notice(stack: DemoStack) -> None:
    assert stack.factory is not None
    anna_heard = listen(stack.desks["Anna"])
    away = stack.team_desks["Ben"]
    await away.close()
    stack.factory.desks.remove(away)

    await writes(stack, "Petra", "Written while Ben was away")
    await until(lambda: len(anna_heard) == 1, timeout=WITHIN)  # the hub holds it

    back = await stack.factory.reopen(away.profile, await stack._master_key(away.profile))
    stack.team_desks["Ben"], stack.desks["Ben"] = back, back.desk
    ben_heard = listen(back.desk)  # before the desk applied anything: no await since it opened
    await back.desk.caught_up()
    assert await back.desk.session.queue_count(QueueView.UNASSIGNED) == 1  # Petra's: history

    await writes(stack, "Quinn", "Written once Ben was back")
    await until(lambda: len(ben_heard) >= 1, timeout=WITHIN)
    assert said(ben_heard) == [
        (NoticeKind.NEW_CONVERSATION, "Quinn", "Written once Ben was back"),
    ]


async def test_mentions_hand_overs_and_a_customer_coming_back(stack: DemoStack) -> None:
    sim = stack.simulator
    assert sim is not None
    anna, ben = stack.desks["Anna"], stack.desks["Ben"]
    anna_heard, ben_heard = listen(anna), listen(ben)
    lena = await writes(stack, "Lena", "Is the oak table back?")
    await until(lambda: len(anna_heard) == len(ben_heard) == 1, timeout=WITHIN)
    conversation = ben_heard[0].conversation_id
    await ben.session.claim(conversation)
    bens = ben.session

    await bens.add_note(conversation, "Anna, is it in Altona?", (anna.session.me,))
    await bens.hand_over(conversation, HandoverAction.TRANSFER, anna.session.me, "VIP")
    await bens.hand_over(conversation, HandoverAction.TAKE_OVER)
    await until(lambda: len(anna_heard) == 4, timeout=WITHIN)
    assert [(n.kind, n.actor, n.target, n.text) for n in anna_heard[1:]] == [
        (NoticeKind.MENTION, ben.session.me, anna.session.me, "Anna, is it in Altona?"),
        (NoticeKind.ASSIGNED_TO_YOU, ben.session.me, anna.session.me, "VIP"),
        (NoticeKind.TAKEN_OVER, ben.session.me, anna.session.me, ""),
    ]

    # Put away with nobody holding it: the customer's next message is news for everyone, and
    # Ben heard nothing of his own note and hand-overs in between.
    await bens.hand_over(conversation, HandoverAction.RELEASE)
    await bens.set_state(conversation, ConversationState.RESOLVED)
    await sim.customer_sends_text(lena.user_id, "Me again!")
    await until(lambda: len(anna_heard) == 5 and len(ben_heard) == 2, timeout=WITHIN)
    for heard in (anna_heard, ben_heard):
        assert (heard[-1].kind, heard[-1].text) == (NoticeKind.NEW_CONVERSATION, "Me again!")
    assert [n.kind for n in ben_heard] == [NoticeKind.NEW_CONVERSATION] * 2
