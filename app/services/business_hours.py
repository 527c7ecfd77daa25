"""The team's business hours, greeting and away texts, from an admin's desk (issue 12 item 4).

Saving seals a `BusinessHoursSet` to the gateway (type-3, like the number's settings), which
answers customers automatically (`app.gateway.auto_replies`). Desks cannot open what they
sealed to the gateway, so this desk keeps its own copy of what it sent (replica meta) to show
in the editor next time. Only an active admin may save (the gateway checks it again).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.crypto.chain import ChainState
from app.crypto.errors import DecodeError
from app.domain.audit import NotedSetting
from app.domain.business_hours import BusinessHours, hours_refusal
from app.domain.errors import NotPermitted
from app.domain.ids import NO_CONVERSATION, DeviceId, EventId
from app.domain.model import Role
from app.log.kinds.business_hours import BusinessHoursSet
from app.services.number_settings import gateway_device
from app.services.settings_note import note_setting
from app.store.replica import Replica
from app.sync import codec
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

SENT_KEY = "business_hours_sent"
"""Replica meta: the plaintext of the hours this desk last sent to the gateway."""


class HoursRefused(ValueError):
    """The settings cannot be saved; `code` says why (`hours_refusal`, or "hours-zone")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class BusinessHoursSettings:
    """Reading and saving the business hours on one admin's desk."""

    def __init__(
        self,
        me: DeviceId,
        publisher: Publisher,
        replica: Replica,
        chain: Callable[[], ChainState],
        clock: Callable[[], float],
    ) -> None:
        self._me = me
        self._publisher = publisher
        self._replica = replica
        self._chain = chain
        self._clock = clock

    def _require_admin(self) -> None:
        entry = self._chain().devices.get(self._me)
        if entry is None or not entry.active or entry.role is not Role.ADMIN:
            raise NotPermitted("only an admin sets the business hours")

    async def current(self) -> BusinessHours | None:
        """What this desk last sent, or None (never set here)."""
        kept = await self._replica.get_meta(SENT_KEY)
        if kept is None:
            return None
        try:
            event = codec.decode(kept).event
        except DecodeError:
            return None
        return event.hours if isinstance(event, BusinessHoursSet) else None

    async def save(self, hours: BusinessHours) -> None:
        """Send the hours to the gateway and keep a copy.

        Raises:
            NotPermitted: This device is not an active admin.
            HoursRefused: Days out of order, an empty text switched on, an unknown zone.
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take them (nothing is kept).
        """
        self._require_admin()
        refusal = hours_refusal(hours) or _zone_refusal(hours.zone)
        if refusal is not None:
            raise HoursRefused(refusal)
        gateway_device(self._chain())
        event = BusinessHoursSet(hours, int(self._clock()))
        await note_setting(self._publisher, NotedSetting.BUSINESS_HOURS)  # the audit trail
        await self._publisher.outbound_request(event, EventId(os.urandom(16)))
        await self._replica.set_meta(SENT_KEY, codec.encode(event, NO_CONVERSATION, event.at))
        log.info("business hours sent to the gateway")


def _zone_refusal(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "hours-zone"
    return None
