"""What the demo team's admin does before the first customer writes: the labels, the shared
canned replies and the business hours with the automatic greeting."""

from __future__ import annotations

import asyncio

from app.aio import stop_if_cancelled
from app.demo.hours import set_demo_hours
from app.demo.stack import DemoStack
from app.demo.team_lists import CANNED, LABELS, seed_lists
from app.domain.business_hours import BusinessHours
from app.services.api import DeskApi

LISTS_WAIT = 30.0
"""Seconds for every desk to learn the lists (each applies them from the hub)."""


async def set_up_team(stack: DemoStack, hours: BusinessHours) -> None:
    """The founder (the team's admin) defines the lists and the hours; returns once every desk
    knows the lists and the gateway the hours, so the scripted agents find the labels and the
    "hello" reply and the first customer is greeted.

    Raises:
        TimeoutError: A desk or the gateway did not catch up in time.
    """
    admin = stack.agents[0]
    await seed_lists(stack.desks[admin].session)
    await set_demo_hours(stack.team_desks[admin].admin, stack.gateway, hours)
    async with asyncio.timeout(LISTS_WAIT):
        for desk in stack.desks.values():
            while not await _knows_lists(desk.session):
                stop_if_cancelled()
                await asyncio.sleep(0.05)  # a bounded poll: the desk applies them from the hub


async def _knows_lists(desk: DeskApi) -> bool:
    labels = await desk.labels.labels()
    canned = await desk.canned.canned_replies()
    return len(labels) >= len(LABELS) and len(canned) >= len(CANNED)
