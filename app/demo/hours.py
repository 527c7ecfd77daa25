"""The demo team's business hours, greeting and away message, sent by the gateway and shown in
the thread as "Automatic".

The headless demo is open around the clock, so every new customer is greeted. With windows the
shop closes about two minutes after the start, in a made-up zone (`Etc/GMT±N`, where it is just
past noon), so the people watching see the greeting first and then, on each customer's next
message, the away message.

The admin's desk seals them to the gateway as a real admin does (Desk → Business hours…); the
customers' script starts only once the gateway holds them, or the first customers would write
before there was anything to greet them with.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta

from app.aio import stop_if_cancelled
from app.domain.business_hours import BusinessHours, DayHours
from app.gateway.service import Gateway
from app.services.business_hours import HoursRefused
from app.services.team_api import TeamAdmin

log = logging.getLogger(__name__)

GREETING = "Thanks for writing to Acme Support! An agent will answer you shortly."
AWAY = "Acme Support is closed now (demo time); we answer as soon as we open again."
ZONE_SWITCH = time(23, 30)
"""After this (UTC) the demo keeps its hours in Etc/GMT-12, whose day is half over: the one
closed minute of a day (23:59) does not fall into a demo started late in the evening."""
CLOSES_AFTER = timedelta(minutes=2)
"""How long after the start the windowed demo's shop closes (to the minute, so 1 to 2)."""
GATEWAY_WAIT = 30.0
"""Seconds to wait for the gateway to hold the hours: it applies them a moment after the hub
took them."""


def demo_hours(now: datetime) -> BusinessHours:
    """Every day 00:00 to 23:59, greeting and away texts on, in a zone where `now` is open."""
    zone = "UTC" if now.astimezone(UTC).time() < ZONE_SWITCH else "Etc/GMT-12"
    day = DayHours(time(0, 0), time(23, 59))
    return BusinessHours(zone, (day,) * 7, frozenset(), True, GREETING, True, AWAY)


def closing_soon(now: datetime) -> BusinessHours:
    """Open from midnight to about `CLOSES_AFTER` after `now`, every day, in the `Etc/GMT±N`
    zone where `now` falls between 12:00 and 12:59: the closing stays within the day."""
    utc = now.astimezone(UTC)
    shift = 12 - utc.hour  # hours east of UTC: -11 to +12, each an Etc zone
    zone = f"Etc/GMT{-shift:+d}"  # Etc names count west: Etc/GMT-3 is three hours east
    closes = (utc + timedelta(hours=shift) + CLOSES_AFTER).time().replace(second=0, microsecond=0)
    day = DayHours(time(0, 0), closes)
    return BusinessHours(zone, (day,) * 7, frozenset(), True, GREETING, True, AWAY)


async def set_demo_hours(admin: TeamAdmin, gateway: Gateway | None, hours: BusinessHours) -> None:
    """Send the demo's hours from the admin's desk and wait until the gateway holds them.
    Without a time zone database (Windows without the `tzdata` package) the demo runs on
    without automatic answers rather than not at all.

    Raises:
        TimeoutError: The gateway did not take them within `GATEWAY_WAIT` seconds.
    """
    try:
        await admin.set_business_hours(hours)
    except HoursRefused as refused:
        log.warning("the demo runs without business hours or greeting (%s)", refused.code)
        return
    async with asyncio.timeout(GATEWAY_WAIT):
        while gateway is not None and gateway.auto_replies.hours is None:
            stop_if_cancelled()
            await asyncio.sleep(0.05)  # a bounded poll of the gateway's own state
