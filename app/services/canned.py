"""Canned replies as a desk service: shared ones (admins manage them) and personal ones.

Both kinds are events in the team log (`canned_reply`). A personal reply must reach its
author's other devices, and the log is the only channel between devices, so it is in the log
too: sealed to the team like everything else, kept by every desk, listed only on the desks of
the person who wrote it (the devices enrolled under the same name, as the team panel groups
them), and changed only from the device that made it (the fold's rule).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from app.domain.canned import CannedId, CannedReply, CannedScope, canned_refusal
from app.domain.errors import CannedRefused, NotPermitted
from app.domain.ids import DeviceId, short
from app.domain.model import Role
from app.log.events import CannedReplyDefined
from app.services.labels import MyRole, Reached, publish_list_event
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)


class CannedBook:
    """The canned replies one desk lists and manages (`DeskApi.canned`)."""

    def __init__(
        self,
        me: DeviceId,
        replica: Replica,
        publisher: Publisher,
        role: MyRole,
        reached: Reached,
        my_devices: Callable[[], list[DeviceId]],
    ) -> None:
        self._me = me
        self._replica = replica
        self._publisher = publisher
        self._role = role
        self._reached = reached
        self._my_devices = my_devices
        """Every device of this desk's person (this one included)."""

    def is_admin(self) -> bool:
        """Whether this desk may manage the shared replies; cheap, no I/O."""
        return self._role() is Role.ADMIN

    def may_edit(self, reply: CannedReply) -> bool:
        """Whether this desk may change or delete `reply`; cheap, no I/O."""
        if reply.scope is CannedScope.SHARED:
            return self.is_admin()
        return reply.owner == self._me

    async def canned_replies(self) -> list[CannedReply]:
        """The shared replies and this person's personal ones, by shortcut."""
        owners = list(dict.fromkeys([self._me, *self._my_devices()]))
        replies = await self._replica.canned_replies(owners)
        return sorted(replies, key=lambda r: (r.shortcut.casefold(), int(r.scope), r.canned_id))

    async def save_canned(
        self, canned_id: CannedId | None, scope: CannedScope, shortcut: str, body: str
    ) -> CannedId:
        """Define a new canned reply (`canned_id` None) or change one. Returns its id.

        Raises:
            NotPermitted: A shared reply, and this desk is not an admin's.
            CannedRefused: The shortcut or text breaks a rule, the shortcut is taken, or the
                reply is gone or another device's.
            HubUnreachable: The hub did not take it.
        """
        shortcut, body = shortcut.strip().lstrip("/"), body.strip()
        if scope is CannedScope.SHARED and not self.is_admin():
            raise NotPermitted("only an admin manages shared canned replies")
        known = await self.canned_replies()
        if canned_id is not None:
            self._editable(known, canned_id)
        others = [r for r in known if r.canned_id != canned_id]
        count = sum(1 for r in others if r.scope is scope)
        refusal = canned_refusal(shortcut, body, others, count if canned_id is None else 0)
        if refusal is not None:
            raise CannedRefused(refusal)
        chosen = canned_id if canned_id is not None else CannedId(os.urandom(16))
        event = CannedReplyDefined(chosen, scope, shortcut, body)
        await publish_list_event(self._publisher, self._reached, event, chosen)
        log.info("canned reply %s saved", short(chosen))
        return chosen

    async def delete_canned(self, canned_id: CannedId) -> None:
        """Delete a canned reply. Raises as `save_canned`."""
        reply = self._editable(await self.canned_replies(), canned_id)
        event = CannedReplyDefined(canned_id, reply.scope, reply.shortcut, reply.body, True)
        await publish_list_event(self._publisher, self._reached, event, canned_id)

    def _editable(self, known: list[CannedReply], canned_id: CannedId) -> CannedReply:
        reply = next((r for r in known if r.canned_id == canned_id), None)
        if reply is None:
            raise CannedRefused("canned-unknown")
        if not self.may_edit(reply):
            if reply.scope is CannedScope.SHARED:
                raise NotPermitted("only an admin manages shared canned replies")
            raise CannedRefused("canned-not-yours")
        return reply
