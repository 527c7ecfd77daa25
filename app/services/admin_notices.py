"""Admins' notices as a team service: what Meta said about the account, number and templates.

Every desk keeps the notices its log brings (`app.store.notice_rows`), but only admins are
shown them: they concern whoever runs the WhatsApp account, and an agent can do nothing about
a paused template or a restricted number. Members asking get `NotPermitted`. This is a rule of
what the desk shows, not a secret: the notices travel sealed to the whole team like the rest
of the gateway's events (docs/security.md).

A mixin of `TeamAdminService`, which holds the replica and the engine it reads the chain from.
"""

from __future__ import annotations

from app.domain.admin_notice import ListedNotice
from app.domain.errors import NotPermitted
from app.domain.ids import DeviceId
from app.domain.model import Role
from app.store.replica import Replica
from app.sync.engine import SyncEngine

NOTICES_SHOWN = 200
"""The newest notices the list holds; older ones stay in the replica."""


class AdminNoticeBoard:
    """The notices calls of `TeamAdmin`, for admins only."""

    _replica: Replica
    _engine: SyncEngine

    @property
    def _me(self) -> DeviceId:
        return self._engine.reader.me.device_id

    def _require_admin(self) -> None:
        entry = self._engine.reader.chain.devices.get(self._me)
        if entry is None or entry.removed_at_seqno is not None or entry.role is not Role.ADMIN:
            raise NotPermitted("admin notices are for admins")

    async def admin_notices(self, limit: int = NOTICES_SHOWN) -> list[ListedNotice]:
        """The newest notices, newest first, each marked unread or not. Raises NotPermitted."""
        self._require_admin()
        return await self._replica.admin_notices(limit)

    async def unread_admin_notices(self) -> int:
        """How many notices this desk's admin has not seen. Raises NotPermitted."""
        self._require_admin()
        return await self._replica.unread_admin_notices()

    async def mark_admin_notices_read(self, up_to_seq: int) -> None:
        """The admin saw every notice up to `up_to_seq` (this desk only). Raises NotPermitted."""
        self._require_admin()
        await self._replica.mark_admin_notices_read(up_to_seq)
