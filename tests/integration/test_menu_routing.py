"""Menu routing over the real hub (issue 12 item 5): the gateway sends the admin's menu once
per new conversation, across a restart, and the customer's pick labels the conversation on
every desk with the choice in the thread."""

from __future__ import annotations

import time

import pytest

from app.demo.stack import DemoStack
from app.domain.audit import NEWEST, AuditAction, AuditFilter
from app.domain.business_hours import AUTOMATIC_SYSTEM
from app.domain.content import InteractiveReply
from app.domain.ids import ConversationId
from app.domain.labels import LabelId
from app.domain.menu import Menu, MenuOption, route_id
from app.domain.model import QueueView
from app.services.session import OpenDesk
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

BODY = "How can we help?"


@pytest.mark.asyncio
async def test_the_menu_goes_out_once_and_the_pick_labels_the_conversation_on_every_desk(
    stack: DemoStack,
) -> None:
    sim, anna = stack.simulator, stack.desks["Anna"].session
    assert sim is not None
    routes = {name: await anna.labels.save_label(None, name, 0x3A7BD5) for name in TOPICS}
    menu = Menu(True, BODY, "Choose", tuple(MenuOption(n, routes[n]) for n in TOPICS))
    await stack.team_desks["Anna"].admin.set_menu(menu)
    await until_async(lambda: _has_menu(stack), within=10)
    lena = sim.add_customer("Lena", wa_id="4915112345678")

    def lists() -> list[str]:
        return [m.wamid for m in sim.received(lena.user_id) if m.type == "interactive"]

    await sim.customer_sends_text(lena.user_id, "Hello")  # greeting-less: the menu alone
    await until(lambda: len(lists()) == 1, timeout=10)
    opened = int(time.time())
    await stack.restart_gateway()  # within the same conversation: no second menu
    # A later second than the first message's, so only the conversation's record can stop it.
    await until(lambda: int(time.time()) > opened, timeout=3)
    await sim.customer_sends_text(lena.user_id, "Is anyone there?")
    await until_async(lambda: _handled(stack, 1), within=10)
    assert stack.gateway is not None
    assert stack.gateway.menu_replies.queued == 0
    assert len(lists()) == 1

    await sim.customer_picks(lena.user_id, "Returns")
    for desk in stack.desks.values():
        await until_async(lambda d=desk: _routed(d, routes["Returns"]), within=10)
    # Who then gets it: tests/integration/test_auto_assignment.py (the agent handling it).
    assert anna.audit is not None  # the admin's trail lists the menu she sent, signed
    changed = AuditFilter(actions=frozenset({AuditAction.MENU_CHANGED}))
    assert [e.actor for e in await anna.audit.page(changed, NEWEST, 5)] == [anna.me]


TOPICS = ("Orders", "Returns", "Billing")


async def _has_menu(stack: DemoStack) -> bool:
    return stack.gateway is not None and stack.gateway.menu_replies.menu is not None


async def _handled(stack: DemoStack, count: int) -> bool:
    return stack.gateway is not None and stack.gateway.auto_replies.handled == count


async def _conversation(desk: OpenDesk) -> ConversationId | None:
    rows = await desk.session.queue_page(QueueView.UNASSIGNED, 0, 1)
    return rows[0].conversation_id if rows else None


async def _routed(desk: OpenDesk, label: LabelId) -> bool:
    """The desk shows the conversation labelled, the menu as automatic and the pick in the
    thread."""
    cid = await _conversation(desk)
    if cid is None or await desk.session.labels.labels_of(cid) != (label,):
        return False
    messages = await desk.replica.messages_page(cid, None, 20)
    automatic = [m.text for m in messages if m.sent_by_system == AUTOMATIC_SYSTEM]
    picks = [m.content for m in messages if isinstance(m.content, InteractiveReply)]
    shown = len(automatic) == 1 and automatic[0].startswith(BODY)
    return shown and [p.reply_id for p in picks] == [route_id(label)]
