"""An admin desk appends links to the team chain: built on the validated head, guarded, applied.

Every link extends the head this desk has validated, and is published with
`Nats-Expected-Last-Subject-Sequence` set to the chain record that head came from, so of two
admins acting at once exactly one wins (crypto.md §3.5 "Concurrency"). The loser catches up,
rebuilds from the new head (a rotation with a fresh seed and fresh boxes, since the roster may
have changed) and tries again. The call returns once this desk's own engine has applied the
link, so the roster the UI shows next already includes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from app.crypto.chain import ChainState
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import sha256
from app.domain.errors import (
    HubUnreachable,
    NotPermitted,
    TeamBusy,
    TeamChainMissing,
    TeamChangeOutdated,
    TeamKeyMissing,
)
from app.store.replica import Replica
from app.sync.engine import SyncEngine
from app.sync.transport import StaleWrite, Transport, TransportUnavailable

log = logging.getLogger(__name__)

MAX_REBUILDS = 5
"""Rebuilds after losing a race before giving up; each loss means another admin wrote."""

T = TypeVar("T")


class ChainWriter:
    """Appends links signed by this (admin) device."""

    def __init__(
        self, keys: DeviceKeys, engine: SyncEngine, replica: Replica, transport: Transport
    ) -> None:
        self._keys = keys
        self._engine = engine
        self._replica = replica
        self._transport = transport
        self._subject = engine.reader.subjects.chain

    @property
    def chain(self) -> ChainState:
        """The newest validated chain of this desk."""
        return self._engine.reader.chain

    def require_admin(self) -> None:
        """Raises NotPermitted unless this device is an active admin (the chain enforces it too)."""
        if not self.chain.is_admin(self._keys.device_id):
            raise NotPermitted("only an admin may change the team")

    async def ready(self) -> None:
        """Catch up with the chain the hub holds, then check this device may change it.

        Raises:
            NotPermitted: This device is not an active admin.
            HubUnreachable: The hub did not answer.
        """
        await self._head_record_seq()
        self.require_admin()

    async def current_seed(self) -> bytes:
        """The current epoch's seed, as stored when this desk's box was opened."""
        seed = (await self._replica.seeds()).get(self.chain.epoch)
        if seed is None:
            raise TeamKeyMissing("this desk does not hold the current team key yet")
        return seed

    async def append(self, build: Callable[[ChainState], tuple[bytes, T]]) -> T:
        """Build a link on the current head, publish it guarded, wait until applied here.

        Args:
            build: Makes `(link, result)` from the validated head; called again after a lost
                race, on the newer head. It may raise ValueError for a change the new head
                no longer allows.

        Returns:
            `build`'s result for the link that was stored.

        Raises:
            NotPermitted: This device is not an active admin.
            HubUnreachable: The hub did not take the link.
            UserFault: Other admins kept winning, or the change is no longer possible.
        """
        for _attempt in range(MAX_REBUILDS):
            expected = await self._head_record_seq()
            self.require_admin()
            try:
                link, result = build(self.chain)
            except ValueError as err:
                raise TeamChangeOutdated(str(err)) from err
            try:
                ack = await self._transport.publish(
                    self._subject,
                    link,
                    msg_id=sha256(link)[:16].hex(),
                    expected_last_subject_seq=expected,
                )
            except StaleWrite:
                log.info("another admin changed the chain first; rebuilding")
                await self._engine.caught_up(within=None)
                continue
            except TransportUnavailable as err:
                raise HubUnreachable("the hub did not take the change") from err
            await self._engine.reached(ack.seq, within=None)
            return result
        raise TeamBusy("other admins kept changing the team; try again")

    async def _head_record_seq(self) -> int:
        """The stream sequence of the chain record this desk's head came from.

        If the hub holds a newer link, catch up first so the link extends it.
        """
        for _ in range(MAX_REBUILDS):
            try:
                last = await self._transport.last_on_subject(self._subject)
            except TransportUnavailable as err:
                raise HubUnreachable("the hub did not answer") from err
            if last is None:
                raise TeamChainMissing("the hub holds no team chain")
            if sha256(last.data) == self.chain.head_hash:
                return last.seq
            await self._engine.reached(last.seq, within=None)
        raise TeamBusy("the team chain keeps changing; try again")
