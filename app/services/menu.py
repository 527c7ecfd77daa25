"""The team's menu, from an admin's desk (issue 12 item 5).

Saving seals a `MenuSet` to the gateway (type-3, like the business hours), which sends the list
as a new conversation's first reply (`app.gateway.menu_replies`). Desks cannot open what they
sealed to the gateway, so this desk keeps its own copy of what it sent (replica meta) for the
editor. Only an active admin may save (the gateway checks it again), and every option must name
one of the team's live labels.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from app.crypto.chain import ChainState
from app.crypto.errors import DecodeError
from app.domain.audit import NotedSetting
from app.domain.errors import NotPermitted
from app.domain.ids import NO_CONVERSATION, DeviceId, EventId
from app.domain.menu import Menu, menu_refusal
from app.domain.model import Role
from app.log.kinds.menu import MenuSet
from app.services.number_settings import gateway_device
from app.services.settings_note import note_setting
from app.store.replica import Replica
from app.sync import codec
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

SENT_KEY = "menu_sent"
"""Replica meta: the plaintext of the menu this desk last sent to the gateway."""


class MenuRefused(ValueError):
    """The menu cannot be saved; `code` says why (`menu_refusal`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class MenuSettings:
    """Reading and saving the menu on one admin's desk."""

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
            raise NotPermitted("only an admin sets the menu")

    async def current(self) -> Menu | None:
        """What this desk last sent, or None (never set here)."""
        kept = await self._replica.get_meta(SENT_KEY)
        if kept is None:
            return None
        try:
            event = codec.decode(kept).event
        except DecodeError:
            return None
        return event.menu if isinstance(event, MenuSet) else None

    async def save(self, menu: Menu) -> None:
        """Send the menu to the gateway and keep a copy.

        Raises:
            NotPermitted: This device is not an active admin.
            MenuRefused: A limit of Meta's broken, an option without a live label …
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take it (nothing is kept).
        """
        self._require_admin()
        labels = frozenset(label.label_id for label in await self._replica.labels())
        refusal = menu_refusal(menu, labels)
        if refusal is not None:
            raise MenuRefused(refusal)
        gateway_device(self._chain())
        event = MenuSet(menu, int(self._clock()))
        await note_setting(self._publisher, NotedSetting.MENU)  # the audit trail
        await self._publisher.outbound_request(event, EventId(os.urandom(16)))
        await self._replica.set_meta(SENT_KEY, codec.encode(event, NO_CONVERSATION, event.at))
        log.info("menu sent to the gateway (%d options)", len(menu.options))
