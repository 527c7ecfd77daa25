"""The gateway's menu: once per new conversation across restarts, after the greeting, and in a
shape the simulator takes as Meta does (real state file, real send queue; no graph, so nothing
reaches Meta: over the simulator in tests/integration/test_menu_routing.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import time
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.business_hours import BusinessHours, DayHours
from app.domain.content import Content, InteractiveReply, Reaction, ReplyType, Text
from app.domain.ids import CustomerId, Wamid
from app.domain.labels import LabelId
from app.domain.menu import Menu, MenuOption, route_id
from app.gateway.auto_replies import AutoReplies
from app.gateway.graph import GraphClient, SendResult
from app.gateway.menu_replies import MenuReplies, list_object
from app.gateway.outcomes import SendOutcomeKind
from app.gateway.sender import SendJob, SendQueue
from app.gateway.state import GatewayState, OwnHead
from app.log.events import CustomerMessage, NotificationSent
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.simulator.errors import GraphError
from app.simulator.interactive import interactive
from tests.helpers.wait import until

AT = 1_780_000_000
DAY = 24 * 3600
RETURNS = LabelId(b"r" * 16)
MENU = Menu(True, "How can we help?", "Choose", (MenuOption("Returns", RETURNS, "Send back"),))
OPEN = BusinessHours("UTC", (DayHours(time(0), time(23, 59)),) * 7, frozenset(), True, "Hi")


QUESTION = Text("?")


def message(n: int, at: int, content: Content = QUESTION) -> CustomerMessage:
    return CustomerMessage(
        Wamid(f"wamid.{n}"), CustomerId("cust-1"), "4915112345678", "Lena", at, content
    )


class Attempts:
    """Which automatic answer the send queue tried, in order (each finds no graph)."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def graph(self, name: str) -> Callable[[], GraphClient | None]:
        def lookup() -> GraphClient | None:
            self.order.append(name)
            return None

        return lookup


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


class Clock:
    def __init__(self) -> None:
        self.now = float(AT)

    def __call__(self) -> float:
        return self.now


async def started(
    directory: Path, queue: SendQueue, clock: Clock, attempts: Attempts | None = None
) -> tuple[MenuReplies, GatewayState]:
    state = GatewayState(directory)
    await state.open(b"T" * 16, b"G" * 16)
    graph = (attempts or Attempts()).graph("menu")
    menu = MenuReplies(state, queue, graph, never, clock)
    await menu.start()
    return menu, state


@pytest.mark.asyncio
async def test_the_menu_goes_once_per_conversation_across_a_restart(
    tmp_path: Path, queue: SendQueue
) -> None:
    clock = Clock()
    menu, state = await started(tmp_path, queue, clock)
    await menu.apply(MenuSet(MENU, 1))
    assert await menu.answer(message(1, AT))
    assert not await menu.answer(message(2, AT + 60))  # the same conversation
    await state.close()
    menu, state = await started(tmp_path, queue, clock)
    assert not await menu.answer(message(1, AT))  # the opening message, redelivered
    assert not await menu.answer(message(3, AT + DAY))  # a day after the opening, 60 s silent
    clock.now = AT + 2 * DAY + 60
    assert await menu.answer(message(4, AT + 2 * DAY + 60))  # a whole day of silence: new
    await state.close()


@pytest.mark.asyncio
async def test_switched_on_mid_conversation_it_waits_for_the_next_one(
    tmp_path: Path, queue: SendQueue
) -> None:
    menu, state = await started(tmp_path, queue, Clock())
    assert not await menu.answer(message(1, AT))  # no menu yet: the time is noted all the same
    await menu.apply(MenuSet(MENU, 1))
    assert not await menu.answer(message(2, AT + 60))
    await state.close()


@pytest.mark.asyncio
async def test_a_reaction_or_a_late_pick_opens_no_conversation(
    tmp_path: Path, queue: SendQueue
) -> None:
    clock = Clock()
    menu, state = await started(tmp_path, queue, clock)
    await menu.apply(MenuSet(MENU, 1))
    assert not await menu.answer(message(1, AT, Reaction(Wamid("wamid.out"), "👍")))
    pick = InteractiveReply(ReplyType.LIST, route_id(RETURNS), "Returns")
    assert not await menu.answer(message(2, AT + 10, pick))  # picked from a menu of long ago
    assert not await menu.answer(message(3, AT + 20))  # the pick counted as their message
    await state.close()


@pytest.mark.asyncio
async def test_the_newest_menu_wins_and_survives_a_restart(
    tmp_path: Path, queue: SendQueue
) -> None:
    clock = Clock()
    menu, state = await started(tmp_path, queue, clock)
    off = Menu(False, MENU.body, MENU.button, MENU.options)
    await menu.apply(MenuSet(off, 20))
    await menu.apply(MenuSet(MENU, 10))  # a late copy of an older menu
    await state.close()
    menu, state = await started(tmp_path, queue, clock)
    assert menu.menu == off
    await state.close()


@pytest.mark.asyncio
async def test_the_greeting_goes_first_then_the_menu(tmp_path: Path, queue: SendQueue) -> None:
    attempts, clock = Attempts(), Clock()
    menu, state = await started(tmp_path, queue, clock, attempts)
    await menu.apply(MenuSet(MENU, 1))
    replies = AutoReplies(state, queue, attempts.graph("greeting"), never, clock, menu)
    await replies.start()
    await replies.apply(BusinessHoursSet(OPEN, 1))
    replies.on_webhook([message(1, AT)])
    await until(lambda: attempts.order == ["greeting", "menu"], timeout=5)
    await replies.stop()
    await state.close()


def test_the_simulator_takes_the_list_as_meta_would_and_refuses_a_long_title() -> None:
    sent = interactive(list_object(Menu(True, "b", "Choose", MENU.options, "Acme", "Thanks")))
    assert sent["action"]["sections"][0]["rows"][0]["id"] == route_id(RETURNS)
    too_long = Menu(True, "b", "Choose", (MenuOption("t" * 25, RETURNS),))
    with pytest.raises(GraphError) as refused:
        interactive(list_object(too_long))
    assert "24" in (refused.value.details or "")


@pytest.mark.asyncio
async def test_after_an_upgrade_a_customer_of_that_day_gets_no_menu_mid_conversation(
    tmp_path: Path, queue: SendQueue
) -> None:
    """A gateway that served customers before the menu kept no message times: the customer who
    wrote an hour before the upgrade is mid-conversation, not new."""
    state = GatewayState(tmp_path)
    await state.open(b"T" * 16, b"G" * 16)
    await state.advance(OwnHead(7, b"h" * 32, 7))  # the old build published customer messages
    await state.close()
    clock = Clock()
    menu, state = await started(tmp_path, queue, clock)
    await menu.apply(MenuSet(MENU, 1))
    clock.now = AT + 60
    assert not await menu.answer(message(1, AT + 60))
    await state.close()
    menu, state = await started(tmp_path, queue, clock)  # the noted start survives a restart
    clock.now = AT + DAY + 120
    assert await menu.answer(message(2, AT + DAY + 120))  # a whole day of silence: new
    await state.close()
