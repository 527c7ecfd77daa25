"""Greeting and away messages over the real hub: sent by the gateway once per customer and
period, across gateway restarts, and shown on every desk as automatic."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.demo.stack import DemoStack
from app.domain.audit import NEWEST, AuditAction, AuditFilter
from app.domain.business_hours import AUTOMATIC_SYSTEM, BusinessHours, DayHours
from app.domain.model import QueueView
from app.services.desk import DeskSession
from app.services.session import OpenDesk
from tests.helpers.wait import until, until_async

pytestmark = pytest.mark.slow

GREETING = "Welcome to Acme: we answer shortly."
AWAY = "We are closed; we answer when we open."


def always_open() -> BusinessHours:
    """Open all day every day in a zone where it is not the last minute of the day now."""
    zone = "UTC" if datetime.now(UTC).time() < time(23, 50) else "Etc/GMT-12"
    day = DayHours(time(0, 0), time(23, 59))
    return BusinessHours(zone, (day,) * 7, frozenset(), True, GREETING, True, AWAY)


def never_open() -> BusinessHours:
    return BusinessHours("Europe/Berlin", (None,) * 7, frozenset(), True, GREETING, True, AWAY)


@pytest.mark.asyncio
async def test_greeting_and_away_go_out_once_per_customer_and_period_across_restarts(
    stack: DemoStack,
) -> None:
    sim, anna = stack.simulator, stack.team_desks["Anna"]
    assert sim is not None
    lena = sim.add_customer("Lena", wa_id="4915112345678")

    def texts() -> list[str]:
        return [m.text or "" for m in sim.received(lena.user_id)]

    async def reached(wamid: str) -> bool:
        """The gateway decided on this message (a count would also take a spooled webhook the
        restarted gateway publishes again)."""
        assert stack.gateway is not None
        return stack.gateway.auto_replies.last_handled == wamid

    await anna.admin.set_business_hours(always_open())
    await until_async(lambda: _has_hours(stack), within=10)
    await sim.customer_sends_text(lena.user_id, "Hello")
    await until(lambda: texts() == [GREETING], timeout=10)

    await stack.restart_gateway()  # the greeting is this customer's, once ever
    anyone = await sim.customer_sends_text(lena.user_id, "Anyone there?")
    await until_async(lambda: reached(anyone), within=10)
    assert stack.gateway is not None
    assert stack.gateway.auto_replies.queued == 0

    await anna.admin.set_business_hours(never_open())
    await until_async(lambda: _is_closed(stack), within=10)
    await sim.customer_sends_text(lena.user_id, "Hello again")
    await until(lambda: texts() == [GREETING, AWAY], timeout=10)

    await stack.restart_gateway()  # the same closed period: no second away message
    still = await sim.customer_sends_text(lena.user_id, "Still closed?")
    await until_async(lambda: reached(still), within=10)
    assert stack.gateway.auto_replies.queued == 0
    assert texts() == [GREETING, AWAY]

    for desk in stack.desks.values():
        await until_async(lambda d=desk: _automatic_shown(d), within=10)
    assert await _hours_changes_listed(anna.desk.session) == 2  # the admin's trail has both


async def _hours_changes_listed(session: DeskSession) -> int:
    assert session.audit is not None
    changed = AuditFilter(actions=frozenset({AuditAction.HOURS_CHANGED}))
    return len(await session.audit.page(changed, NEWEST, 10))


async def _automatic_shown(desk: OpenDesk) -> bool:
    """The desk shows both answers in Lena's thread, marked as automatic."""
    rows = await desk.session.queue_page(QueueView.UNASSIGNED, 0, 1)
    if not rows:
        return False
    messages = await desk.replica.messages_page(rows[0].conversation_id, None, 20)
    automatic = [m.text for m in messages if m.sent_by_system == AUTOMATIC_SYSTEM]
    return automatic == [GREETING, AWAY]


async def _has_hours(stack: DemoStack) -> bool:
    return stack.gateway is not None and stack.gateway.auto_replies.hours is not None


async def _is_closed(stack: DemoStack) -> bool:
    hours = None if stack.gateway is None else stack.gateway.auto_replies.hours
    return hours is not None and hours.week[0] is None
