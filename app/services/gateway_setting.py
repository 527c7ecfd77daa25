"""An admin setting only the gateway can read, from an admin's desk: the shared half of
`BusinessHoursSettings` and `MenuSettings`.

Saving seals the setting to the gateway (type-3, `Publisher.outbound_request`), after a
`SettingsNoted` that puts the change, never its content, in every admin's audit trail. Desks
cannot open what they sealed to the gateway, so this desk keeps its own copy of what it sent
(replica meta) to show in the editor next time. Only an active admin may save (the gateway
checks it again). What a setting refuses, and how it reads its value back, is its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

from app.crypto.chain import ChainState
from app.crypto.errors import DecodeError
from app.domain.audit import NotedSetting
from app.domain.errors import NotPermitted
from app.domain.ids import NO_CONVERSATION, DeviceId, EventId
from app.log.kinds.business_hours import BusinessHoursSet
from app.log.kinds.menu import MenuSet
from app.services.number_settings import gateway_device
from app.services.settings_note import note_setting
from app.store.replica import Replica
from app.sync import codec
from app.sync.publisher import Publisher

SealedSetting = TypeVar("SealedSetting", BusinessHoursSet, MenuSet)


class SettingRefused(ValueError):
    """The setting cannot be saved; `code` says why (the setting's own refusal codes)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class GatewaySetting(Generic[SealedSetting]):
    """Reading back and sending one kind of gateway-sealed setting on an admin's desk; a
    subclass names its event kind, its replica key and its audit note."""

    kind: type[SealedSetting]
    """The event kind the setting travels in."""
    sent_key: str
    """Replica meta: the plaintext of the setting this desk last sent to the gateway."""
    noted: NotedSetting
    """What the audit trail says changed."""

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

    def _require_admin(self, what: str) -> None:
        if not self._chain().is_admin(self._me):
            raise NotPermitted(f"only an admin sets {what}")

    async def _last_sent(self) -> SealedSetting | None:
        """What this desk last sent, or None (never set here, or unreadable)."""
        kept = await self._replica.get_meta(self.sent_key)
        if kept is None:
            return None
        try:
            event = codec.decode(kept).event
        except DecodeError:
            return None
        return event if isinstance(event, self.kind) else None

    async def _send(self, event: SealedSetting) -> None:
        """Note the change for the trail, seal the setting to the gateway, keep a copy.

        Raises:
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take it (nothing is kept).
        """
        gateway_device(self._chain())
        await note_setting(self._publisher, self.noted)  # the audit trail
        await self._publisher.outbound_request(event, EventId(os.urandom(16)))
        await self._replica.set_meta(self.sent_key, codec.encode(event, NO_CONVERSATION, event.at))
