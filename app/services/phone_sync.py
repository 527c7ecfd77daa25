"""Asking for the phone's contacts and chat history (coexistence, cloud-api.md §15.1).

An admin's desk seals a `PhoneSyncRequest` to the gateway (published like the number's
settings); the gateway asks Meta (`smb_app_data`: the phone book, then the history) and answers
on the team log with a `HistorySync`. What follows, the chunks with their progress or the
owner's decline, reaches every desk through the log and is kept in `history_import`; the
number panel reads it with `TeamAdmin.phone_history`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from app.crypto.chain import ChainState
from app.domain.audit import NotedSetting
from app.domain.errors import NotPermitted
from app.domain.ids import DeviceId, EventId, short
from app.log.events import PhoneSyncRequest
from app.services.number_settings import gateway_device
from app.services.settings_note import note_setting
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)


class PhoneSyncRequests:
    """Requests for the phone's data from one admin's desk."""

    def __init__(
        self,
        me: DeviceId,
        publisher: Publisher,
        chain: Callable[[], ChainState],
        *,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._me = me
        self._publisher = publisher
        self._chain = chain
        self._rng = rng

    async def request(self) -> None:
        """Ask the gateway to fetch the phone's contacts and chat history (once per number, at
        Meta; the answer comes through the log).

        Raises:
            NotPermitted: This device is not an active admin.
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take the request.
        """
        chain = self._chain()
        if not chain.is_admin(self._me):
            raise NotPermitted("only an admin asks for the phone's chat history")
        gateway_device(chain)
        event_id = EventId(self._rng(16))
        await note_setting(self._publisher, NotedSetting.PHONE_HISTORY)  # the audit trail
        await self._publisher.outbound_request(PhoneSyncRequest(), event_id)
        log.info("phone sync request %s sent to the gateway", short(event_id))
