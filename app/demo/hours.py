"""The demo team's business hours: open around the clock with the greeting on, so every new
customer gets the gateway's automatic greeting, which the thread shows as "Automatic".

The admin's desk seals them to the gateway as a real admin does (Desk → Business hours…); the
customers' script starts only once the gateway holds them, or the first customers would write
before there was anything to greet them with.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time

from app.aio import stop_if_cancelled
from app.domain.business_hours import BusinessHours, DayHours
from app.gateway.service import Gateway
from app.services.business_hours import HoursRefused
from app.services.team_api import TeamAdmin

log = logging.getLogger(__name__)

GREETING = "Thanks for writing to Acme Support! An agent will answer you shortly."
AWAY = "Acme Support is closed for a minute; we answer as soon as we open again."
ZONE_SWITCH = time(23, 30)
"""After this (UTC) the demo keeps its hours in Etc/GMT-12, whose day is half over: the one
closed minute of a day (23:59) does not fall into a demo started late in the evening."""
GATEWAY_WAIT = 30.0
"""Seconds to wait for the gateway to hold the hours: it applies them a moment after the hub
took them."""


def demo_hours(now: datetime) -> BusinessHours:
    """Every day 00:00 to 23:59, greeting and away texts on, in a zone where `now` is open."""
    zone = "UTC" if now.astimezone(UTC).time() < ZONE_SWITCH else "Etc/GMT-12"
    day = DayHours(time(0, 0), time(23, 59))
    return BusinessHours(zone, (day,) * 7, frozenset(), True, GREETING, True, AWAY)


async def set_demo_hours(admin: TeamAdmin, gateway: Gateway | None) -> None:
    """Send the demo's hours from the admin's desk and wait until the gateway holds them.
    Without a time zone database (Windows without the `tzdata` package) the demo runs on
    without automatic answers rather than not at all.

    Raises:
        TimeoutError: The gateway did not take them within `GATEWAY_WAIT` seconds.
    """
    try:
        await admin.set_business_hours(demo_hours(datetime.now(UTC)))
    except HoursRefused as refused:
        log.warning("the demo runs without business hours or greeting (%s)", refused.code)
        return
    async with asyncio.timeout(GATEWAY_WAIT):
        while gateway is not None and gateway.auto_replies.hours is None:
            stop_if_cancelled()
            await asyncio.sleep(0.05)  # a bounded poll of the gateway's own state
