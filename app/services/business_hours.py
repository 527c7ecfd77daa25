"""The team's business hours, greeting and away texts, from an admin's desk (issue 12 item 4).

Saving seals a `BusinessHoursSet` to the gateway (`GatewaySetting`: type-3, noted in the audit
trail, a copy kept for the editor), which answers customers automatically
(`app.gateway.auto_replies`). Only an active admin may save (the gateway checks it again).
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.audit import NotedSetting
from app.domain.business_hours import BusinessHours, hours_refusal
from app.log.kinds.business_hours import BusinessHoursSet
from app.services.gateway_setting import GatewaySetting, SettingRefused

log = logging.getLogger(__name__)

SENT_KEY = "business_hours_sent"
"""Replica meta: the plaintext of the hours this desk last sent to the gateway."""


class HoursRefused(SettingRefused):
    """The settings cannot be saved; `code` says why (`hours_refusal`, or "hours-zone")."""


class BusinessHoursSettings(GatewaySetting[BusinessHoursSet]):
    """Reading and saving the business hours on one admin's desk."""

    kind = BusinessHoursSet
    sent_key = SENT_KEY
    noted = NotedSetting.BUSINESS_HOURS

    async def current(self) -> BusinessHours | None:
        """What this desk last sent, or None (never set here)."""
        event = await self._last_sent()
        return None if event is None else event.hours

    async def save(self, hours: BusinessHours) -> None:
        """Send the hours to the gateway and keep a copy.

        Raises:
            NotPermitted: This device is not an active admin.
            HoursRefused: Days out of order, an empty text switched on, an unknown zone.
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take them (nothing is kept).
        """
        self._require_admin("the business hours")
        refusal = hours_refusal(hours) or _zone_refusal(hours.zone)
        if refusal is not None:
            raise HoursRefused(refusal)
        await self._send(BusinessHoursSet(hours, int(self._clock())))
        log.info("business hours sent to the gateway")


def _zone_refusal(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "hours-zone"
    return None
