"""The team's menu, from an admin's desk (issue 12 item 5).

Saving seals a `MenuSet` to the gateway (`GatewaySetting`: type-3, like the business hours,
noted in the audit trail, a copy kept for the editor), which sends the list as a new
conversation's first reply (`app.gateway.menu_replies`). Only an active admin may save (the
gateway checks it again), and every option must name one of the team's live labels.
"""

from __future__ import annotations

import logging

from app.domain.audit import NotedSetting
from app.domain.menu import Menu, menu_refusal
from app.log.kinds.menu import MenuSet
from app.services.gateway_setting import GatewaySetting, SettingRefused

log = logging.getLogger(__name__)

SENT_KEY = "menu_sent"
"""Replica meta: the plaintext of the menu this desk last sent to the gateway."""


class MenuRefused(SettingRefused):
    """The menu cannot be saved; `code` says why (`menu_refusal`)."""


class MenuSettings(GatewaySetting[MenuSet]):
    """Reading and saving the menu on one admin's desk."""

    kind = MenuSet
    sent_key = SENT_KEY
    noted = NotedSetting.MENU

    async def current(self) -> Menu | None:
        """What this desk last sent, or None (never set here)."""
        event = await self._last_sent()
        return None if event is None else event.menu

    async def save(self, menu: Menu) -> None:
        """Send the menu to the gateway and keep a copy.

        Raises:
            NotPermitted: This device is not an active admin.
            MenuRefused: A limit of Meta's broken, an option without a live label …
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take it (nothing is kept).
        """
        self._require_admin("the menu")
        labels = frozenset(label.label_id for label in await self._replica.labels())
        refusal = menu_refusal(menu, labels)
        if refusal is not None:
            raise MenuRefused(refusal)
        await self._send(MenuSet(menu, int(self._clock())))
        log.info("menu sent to the gateway (%d options)", len(menu.options))
