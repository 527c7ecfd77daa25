"""An admin invites a device: the invite link, the handshake, and `add_device` or a burnt invite.

`InviteHost` makes a code (96 bits), publishes `invite_create` with the code's public keys only
(Keybase Seitan idea: neither the hub nor another admin can use the invite), then watches the
invite's join subject. A request is answered, the reveal checked against the commitment, and
the SAS shown; only when the admin says "they match" **and** the newcomer confirmed the same
transcript is `add_device` published. A mismatch, a cancel or a broken commitment burns the
invite with `invite_revoke`, so a code is never tried twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from app.crypto.chain import (
    ChainState,
    RevokeReason,
    add_device,
    invite_create,
    invite_revoke,
    open_seed_box,
)
from app.crypto.chain.entries import SEED_READERS
from app.crypto.enroll import (
    CancelReason,
    InviteCode,
    InviteKeys,
    Sas,
    Stretch,
    argon2id_stretch,
    new_invite_code,
)
from app.crypto.epoch import EpochSecrets
from app.crypto.errors import BadSignature
from app.crypto.keys import DeviceKeys, DevicePublic
from app.crypto.primitives import sha256
from app.domain.errors import EnvelopeRejected, InviteExpired, JoinCancelled, SasMismatch
from app.domain.model import Role
from app.services.chain_writer import ChainWriter
from app.sync.join_protocol import AdminSide, Cancelled, Newcomer
from app.sync.transport import Follower, LogRecord, Transport, join_subject

log = logging.getLogger(__name__)

INVITE_LIFETIME = 24 * 3600

OfferSnapshot = Callable[[DevicePublic], Awaitable[bytes | None]]
"""Packs this desk's log and returns the type-5 offer sealed to the newcomer's key (None: the
team does not start new desks from snapshots)."""


@dataclass(frozen=True, slots=True)
class OpenInvite:
    """An invite this admin made: the code to hand over, and what the QR code carries."""

    code: InviteCode
    invite_id: bytes
    role: Role
    expires_at: int


@dataclass(eq=False)
class _Hosting:
    """One invite being watched."""

    invite: OpenInvite
    side: AdminSide
    inbox: asyncio.Queue[bytes] = field(default_factory=asyncio.Queue)
    follower: Follower | None = None
    confirmed: bool = False
    cancelled: Cancelled | None = None


class InviteHost:
    """The admin side of enrollment for one desk."""

    def __init__(
        self,
        keys: DeviceKeys,
        writer: ChainWriter,
        transport: Transport,
        epochs: Callable[[], dict[int, EpochSecrets]],
        clock: Callable[[], float],
        stretch: Stretch = argon2id_stretch,
        snapshots: OfferSnapshot | None = None,
    ) -> None:
        """Args:
        snapshots: Packs this desk's log for a newcomer and seals the offer to its key
            (security.md 2.12 part 4); None offers none, and newcomers replay the log.
        """
        self._keys = keys
        self._writer = writer
        self._transport = transport
        self._epochs = epochs
        self._clock = clock
        self._stretch = stretch
        self._snapshots = snapshots
        self._hosting: dict[bytes, _Hosting] = {}

    async def create(self, role: Role) -> OpenInvite:
        """Make a code and publish its `invite_create` (Argon2id runs off the loop).

        Raises:
            NotPermitted: This device is not an admin.
            HubUnreachable: The hub did not take the link.
        """
        await self._writer.ready()
        code = new_invite_code()
        team_id = self._writer.chain.team_id
        loop = asyncio.get_running_loop()
        nonce = os.urandom(16)
        keys = await loop.run_in_executor(
            None, InviteKeys.from_code, code, team_id, nonce, self._stretch
        )
        expires_at = int(self._clock()) + INVITE_LIFETIME

        def build(chain: ChainState) -> tuple[bytes, None]:
            now = int(self._clock())
            link = invite_create(
                chain,
                self._keys,
                invite=keys.public(),
                role=role,
                expires_at=expires_at,
                created_at=now,
            )
            return link, None

        await self._writer.append(build)
        invite = OpenInvite(code, keys.invite_id, role, expires_at)
        await self._host(invite)
        return invite

    async def next_request(self, invite: OpenInvite, within: float | None = None) -> Newcomer:
        """Wait for a newcomer's request, answer it, check the reveal; return who it is.

        `sas()` then gives what both screens show.

        Raises:
            InviteExpired: Nobody came before the invite expired.
            JoinCancelled: The newcomer gave up.
            SasMismatch: The reveal broke the commitment (the invite is burnt).
        """
        hosting = self._hosting[invite.invite_id]
        side = hosting.side
        remaining = invite.expires_at - self._clock()
        limit = remaining if within is None else min(within, remaining)
        try:
            async with asyncio.timeout(max(0.0, limit)):
                while side.sas is None:
                    data = await self._next(hosting)
                    chain = self._writer.chain
                    try:
                        answer = side.on_request(data, chain, int(self._clock()))
                        if answer is not None:
                            await self._publish(invite, answer)
                            continue
                        side.on_reveal(data, chain)
                    except BadSignature as broken:
                        if broken.reason == "commit":
                            await self._burn(hosting, CancelReason.COMMIT_MISMATCH)
                            raise SasMismatch("the newcomer's keys changed mid-way") from None
                        log.warning("join message refused: %s", broken.reason)
                    except EnvelopeRejected as refused:
                        log.warning("join message refused: %s", refused.reason)
        except TimeoutError:
            if self._clock() >= invite.expires_at:
                raise InviteExpired("nobody used the invite in time") from None
            raise
        assert side.newcomer is not None
        return side.newcomer

    def sas(self, invite: OpenInvite) -> Sas:
        sas = self._hosting[invite.invite_id].side.sas
        if sas is None:
            raise ValueError("no SAS before the newcomer revealed")
        return sas

    async def confirm(self, invite: OpenInvite, within: float | None = None) -> None:
        """The admin says the SAS matches: wait for the newcomer's confirmation, then add.

        Raises:
            SasMismatch: The newcomer said the SAS differs (the invite is burnt).
            JoinCancelled: The newcomer cancelled.
        """
        hosting = self._hosting[invite.invite_id]
        side = hosting.side
        async with asyncio.timeout(within):
            while not hosting.confirmed:
                data = await self._next(hosting)
                with contextlib.suppress(EnvelopeRejected):
                    hosting.confirmed = side.on_confirm(data, self._writer.chain)
        newcomer, transcript = side.newcomer, side.transcript
        assert newcomer is not None
        assert transcript is not None
        await self._offer_snapshot(invite, newcomer)

        def build(chain: ChainState) -> tuple[bytes, None]:
            # The seed of the head this attempt extends: after a lost race it may be newer.
            seed = open_seed_box(chain, self._keys)
            link = add_device(
                chain,
                self._keys,
                device=newcomer.device,
                hub_key=newcomer.hub_key,
                role=newcomer.role,
                seed=seed,
                display_name=newcomer.name,
                created_at=int(self._clock()),
                invite_id=invite.invite_id,
                join_request=side.request_bytes,
                sas_transcript=transcript,
            )
            return link, None

        await self._writer.append(build)
        await self._stop(hosting)

    async def _offer_snapshot(self, invite: OpenInvite, newcomer: Newcomer) -> None:
        """Before `add_device`: so the offer arrives with the join's completion or not at all.

        A desk (admin or member) gets one; a gateway keeps no replica. Failing to make one
        only costs the newcomer time: it replays the log.
        """
        if self._snapshots is None or newcomer.role not in SEED_READERS:
            return
        try:
            offer = await self._snapshots(newcomer.device)
            if offer is not None:
                await self._publish(invite, offer)
        except Exception as failed:  # the join goes on; the newcomer replays
            log.warning("no snapshot offered: %s", type(failed).__name__)

    async def reject(self, invite: OpenInvite, mismatch: bool = True) -> None:
        """The SAS differs (or the admin gives up): tell the newcomer and burn the invite."""
        hosting = self._hosting.get(invite.invite_id)
        reason = CancelReason.SAS_MISMATCH if mismatch else CancelReason.CANCELLED
        if hosting is not None:
            await self._burn(hosting, reason)

    async def close(self) -> None:
        for hosting in list(self._hosting.values()):
            await self._stop(hosting)

    async def _burn(self, hosting: _Hosting, reason: CancelReason) -> None:
        invite = hosting.invite
        with contextlib.suppress(Exception):
            await self._publish(invite, hosting.side.cancel(self._writer.chain, reason))
        revoke = (
            RevokeReason.CANCELLED
            if reason is CancelReason.CANCELLED
            else RevokeReason.SAS_MISMATCH
        )

        def build(chain: ChainState) -> tuple[bytes, None]:
            link = invite_revoke(
                chain,
                self._keys,
                invite_id=invite.invite_id,
                reason=revoke,
                created_at=int(self._clock()),
            )
            return link, None

        invite_entry = self._writer.chain.invites.get(invite.invite_id)
        if invite_entry is not None and invite_entry.closed_at_seqno is None:
            await self._writer.append(build)
        await self._stop(hosting)

    async def _next(self, hosting: _Hosting) -> bytes:
        """The next join message; a cancel from the newcomer ends the wait."""
        data = await hosting.inbox.get()
        try:
            cancelled = hosting.side.on_cancel(data, self._writer.chain)
        except EnvelopeRejected:
            cancelled = None
        if cancelled is not None:
            hosting.cancelled = cancelled
            await self._burn(hosting, cancelled.reason)
            if cancelled.reason is CancelReason.SAS_MISMATCH:
                raise SasMismatch("the newcomer saw different emoji; nobody was added")
            raise JoinCancelled("the newcomer gave up")
        return data

    async def _host(self, invite: OpenInvite) -> None:
        side = AdminSide(
            admin=self._keys,
            invite_id=invite.invite_id,
            epochs=self._epochs(),
        )
        hosting = _Hosting(invite, side)

        async def on_batch(records: Sequence[LogRecord]) -> None:
            for record in records:
                hosting.inbox.put_nowait(record.data)

        subject = join_subject(self._writer.chain.team_id.hex(), invite.invite_id)
        hosting.follower = self._transport.follow(1, on_batch, subjects=[subject])
        self._hosting[invite.invite_id] = hosting

    async def _stop(self, hosting: _Hosting) -> None:
        self._hosting.pop(hosting.invite.invite_id, None)
        if hosting.follower is not None:
            await hosting.follower.stop()
            hosting.follower = None

    async def _publish(self, invite: OpenInvite, data: bytes) -> None:
        subject = join_subject(self._writer.chain.team_id.hex(), invite.invite_id)
        await self._transport.publish(subject, data, msg_id=sha256(data)[:16].hex())
