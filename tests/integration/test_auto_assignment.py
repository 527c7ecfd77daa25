"""Auto-assignment over a real hub (issue 12 item 3): four desks, one agent away; 300 new
conversations are each assigned exactly once, within every capacity, never to the away
agent, alike on every desk; the rest wait, and are assigned once someone resolves some."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo.stack import DemoStack
from app.desk.team import TeamDesk, TeamDeskFactory
from app.domain.assignment import AgentRule, AssignmentSettings
from app.domain.audit import AuditAction
from app.domain.content import Activity, ActivityKind
from app.domain.handling import ConversationState
from app.domain.ids import ConversationId, DeviceId
from app.domain.labels import PALETTE
from app.domain.menu import Menu, MenuOption
from app.domain.model import Direction, QueueView, Role
from app.domain.presence import REANNOUNCE_EVERY
from app.hub import Hub
from app.services.desk import DeskSession
from tests.helpers.stack import running_stack
from tests.helpers.team_desks import add_gateway, enroll
from tests.helpers.wait import until, until_async
from tests.unit.store.builders import raw

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.timeout(180)]

CONVERSATIONS = 300
CAPACITY = {"Anna": 80, "Ben": 80, "Carl": 100}
"""260 places for 300 conversations: 40 wait. Dora is away."""
RESOLVED = 10


async def four_desks(hub: Hub, factory: TeamDeskFactory) -> dict[str, TeamDesk]:
    assert hub.setup_code is not None
    anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
    desks = {"Anna": anna}
    for name in ("Ben", "Carl", "Dora"):
        desks[name] = await enroll(hub, anna, factory, name, Role.MEMBER)
    return desks


async def assignees(desk: TeamDesk) -> dict[ConversationId, DeviceId | None]:
    page = await desk.desk.session.queue_page(QueueView.ALL_OPEN, 0, 1000)
    return {row.conversation_id: row.assignee for row in page}


async def automatic_records(desk: TeamDesk) -> list[bytes]:
    """The conversation of each automatic assignment this desk applied (refused ones aside)."""
    rows = await raw(
        desk.desk.replica,
        "SELECT audit_conversation FROM events WHERE audit_action = ?",
        (int(AuditAction.AUTO_ASSIGNED),),
    )
    return [bytes(r[0]) for r in rows]


async def test_three_agents_online_and_one_away_share_300_conversations(
    hub: Hub, factory: TeamDeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.presence.REANNOUNCE_EVERY", REANNOUNCE_EVERY / 10)
    desks = await four_desks(hub, factory)
    anna, dora = desks["Anna"], desks["Dora"]
    ids = {name: d.keys.device_id for name, d in desks.items()}
    await dora.desk.session.assignment.set_away(True)
    for desk in desks.values():  # every desk hears every other: presence says online
        others = {i for i in ids.values() if i != desk.keys.device_id}
        presence = desk.desk.presence
        assert presence is not None
        await until(lambda p=presence, o=others: p.online() >= o, timeout=15)  # type: ignore[misc]

    rules = tuple(AgentRule(ids[name], capacity) for name, capacity in CAPACITY.items())
    settings = AssignmentSettings(enabled=True, default_capacity=1, rules=rules)
    await anna.desk.session.assignment.save_settings(settings)
    for desk in desks.values():
        await desk.desk.caught_up()

    gateway = await add_gateway(anna, hub)
    for n in range(CONVERSATIONS):
        await gateway.customer_writes(anna.writer.chain, f"DE.{n:017d}", f"hello {n}")

    places = sum(CAPACITY.values())

    async def settled(open_now: int) -> bool:
        for desk in desks.values():
            await desk.desk.caught_up()
        seen = await assignees(anna)
        held = [a for a in seen.values() if a is not None]
        return len(seen) == open_now and len(held) == places

    await until_async(lambda: settled(CONVERSATIONS), within=60)
    await check_everywhere(desks, ids, CAPACITY)

    # Ben resolves some of his: as many waiting conversations go to him, nobody else.
    ben = desks["Ben"].desk.session
    mine = await ben.queue_page(QueueView.MINE, 0, RESOLVED)
    for row in mine:
        await ben.set_state(row.conversation_id, ConversationState.RESOLVED)
    await until_async(lambda: settled(CONVERSATIONS - RESOLVED), within=30)
    waiting = await anna.desk.session.queue_count(QueueView.UNASSIGNED)
    assert waiting == CONVERSATIONS - places - RESOLVED
    await check_everywhere(desks, ids, CAPACITY)


async def check_everywhere(
    desks: dict[str, TeamDesk], ids: dict[str, DeviceId], capacity: dict[str, int]
) -> None:
    for desk in desks.values():
        await desk.desk.caught_up()
    views = [await assignees(d) for d in desks.values()]
    assert all(view == views[0] for view in views)  # alike on every desk
    held = [a for a in views[0].values() if a is not None]
    for name, limit in capacity.items():
        assert held.count(ids[name]) == limit  # each full, none over
    assert ids["Dora"] not in held  # away
    records = [await automatic_records(d) for d in desks.values()]
    assert all(r == records[0] for r in records)
    assert len(records[0]) == len(set(records[0]))  # each conversation assigned once


MENU_WAIT = 5


async def test_a_label_routes_and_an_unlabelled_one_waits_for_the_menu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 5's routing over the real hub: a conversation labelled Billing goes to Ben, who
    handles Billing; one nobody labels is assigned only once the menu's wait is over."""
    monkeypatch.setattr("app.services.presence.REANNOUNCE_EVERY", REANNOUNCE_EVERY / 10)
    async with running_stack(tmp_path, ("Anna", "Ben")) as stack:
        anna, ben = stack.desks["Anna"].session, stack.desks["Ben"].session
        await everyone_online(stack)
        billing = await anna.labels.save_label(None, "Billing", PALETTE[0])
        orders = await anna.labels.save_label(None, "Orders", PALETTE[5])
        rules = (AgentRule(anna.me, None, (orders,)), AgentRule(ben.me, None, (billing,)))
        await anna.assignment.save_settings(AssignmentSettings(True, 5, rules, MENU_WAIT))
        await stack.desks["Ben"].caught_up()

        first = await arrives(stack, "Lena", 1)
        await anna.labels.set_label(first, billing, True)  # what the menu's choice does
        await until_async(lambda: holds(ben, first, ben.me), within=15)

        second = await arrives(stack, "Omar", 2)
        await until_async(lambda: holds(anna, second, None, anyone=True), within=20)
        thread = await anna.messages_page(second, None, 20)
        asked = next(m for m in thread if m.direction is Direction.INBOUND)
        line = next(m for m in thread if m.direction is Direction.ACTIVITY)
        assert isinstance(line.content, Activity)
        assert line.content.activity is ActivityKind.AUTO_ASSIGNED
        assert line.at - asked.at >= MENU_WAIT - 1  # seconds on the wire: one of rounding


async def arrives(stack: DemoStack, name: str, n: int) -> ConversationId:
    sim = stack.simulator
    assert sim is not None
    customer = sim.add_customer(name, wa_id=f"49151000000{n:02d}")
    await sim.customer_sends_text(customer.user_id, f"Hello {n}")
    anna = stack.desks["Anna"].session

    async def listed() -> bool:
        return await anna.queue_count(QueueView.ALL_OPEN) == n

    await until_async(listed, within=15)
    page = await anna.queue_page(QueueView.ALL_OPEN, 0, 10)
    return next(row.conversation_id for row in page if row.customer_name == name)


async def holds(
    desk: DeskSession, cid: ConversationId, agent: DeviceId | None, anyone: bool = False
) -> bool:
    detail = await desk.conversation(cid)
    assert detail is not None
    return detail.assignee is not None if anyone else detail.assignee == agent


async def test_the_customers_menu_pick_routes_to_who_handles_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items 3 and 5 end to end: the gateway sends the menu, the customer picks Returns, the
    pick labels the conversation and auto-assignment gives it to Ben, who handles Returns
    (the menu's wait is long: only the pick can make it due in time)."""
    monkeypatch.setattr("app.services.presence.REANNOUNCE_EVERY", REANNOUNCE_EVERY / 10)
    async with running_stack(tmp_path, ("Anna", "Ben")) as stack:
        sim, anna, ben = stack.simulator, stack.desks["Anna"].session, stack.desks["Ben"].session
        assert sim is not None
        await everyone_online(stack)
        routes = {
            n: await anna.labels.save_label(None, n, PALETTE[0]) for n in ("Orders", "Returns")
        }
        menu = Menu(
            True, "How can we help?", "Choose", tuple(MenuOption(n, routes[n]) for n in routes)
        )
        await stack.team_desks["Anna"].admin.set_menu(menu)
        rules = (
            AgentRule(anna.me, None, (routes["Orders"],)),
            AgentRule(ben.me, None, (routes["Returns"],)),
        )
        await anna.assignment.save_settings(AssignmentSettings(True, 5, rules, 600))
        lena = sim.add_customer("Lena", wa_id="4915112345678")
        await until_async(lambda: _gateway_has_menu(stack), within=10)
        await sim.customer_sends_text(lena.user_id, "Hello")
        await until(lambda: any(m.type == "interactive" for m in sim.received(lena.user_id)), 10)
        await sim.customer_picks(lena.user_id, "Returns")

        async def bens() -> bool:
            return await ben.queue_count(QueueView.MINE) == 1

        await until_async(bens, within=15)
        [row] = await ben.queue_page(QueueView.MINE, 0, 1)
        assert row.labels == (routes["Returns"],)


async def everyone_online(stack: DemoStack) -> None:
    desks = list(stack.desks.values())
    for desk in desks:
        presence = desk.presence
        assert presence is not None
        others = {d.session.me for d in desks if d is not desk}
        await until(lambda p=presence, o=others: p.online() >= o, timeout=15)  # type: ignore[misc]


async def _gateway_has_menu(stack: DemoStack) -> bool:
    return stack.gateway is not None and stack.gateway.menu_replies.menu is not None
