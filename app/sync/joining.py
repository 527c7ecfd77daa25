"""Joining a team with an invite code: the newcomer's side over the hub (team-setup.md §3).

Used by a desk's *Join a team* and by `switchboard gateway join` alike:

1. log in with the code's invite key and ask the hub which team it serves;
2. read and validate the chain, find the open invite the code names, re-derive its signing key
   (Argon2id, off the loop);
3. publish the join request, wait for an admin's answer, reveal, show the SAS;
4. on "they match", confirm; then wait for the `add_device` link that admits this device.

Errors are the typed ones the UI words: a code no open invite has, an expired or used invite,
a cancel or mismatch from the admin, an unreachable hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from app.crypto.chain import ChainState, InviteStatus, RevokeReason
from app.crypto.enroll import (
    CancelReason,
    InviteCode,
    InviteCodeError,
    InviteKeys,
    Sas,
    Stretch,
    argon2id_stretch,
    invite_hub_key,
    invite_id,
)
from app.crypto.keys import DeviceKeys
from app.crypto.primitives import sha256
from app.crypto.snapshot import is_offer
from app.domain.errors import (
    EnvelopeRejected,
    HubUnreachable,
    InviteCodeInvalid,
    InviteExpired,
    InviteUsed,
    JoinCancelled,
    SasMismatch,
)
from app.domain.ids import TeamId
from app.domain.model import Role
from app.sync.admission import once_admitted
from app.sync.chain_watch import ChainWatch
from app.sync.hub_client import ask_team
from app.sync.join_protocol import Cancelled, JoinerSide
from app.sync.transport import Follower, HubAccessDenied, LogRecord, Transport, join_subject

log = logging.getLogger(__name__)

Connect = Callable[[str, bytes], Awaitable[Transport]]
"""`connect(team_hex, nkey_seed)`: a transport of that team on the hub, logged in with the seed."""


@dataclass(frozen=True, slots=True)
class Joined:
    """What a newcomer has once its `add_device` is on the chain."""

    team_id: TeamId
    fingerprint: bytes
    chain: ChainState
    role: Role
    snapshot_offer: bytes | None = None
    """The type-5 offer the approving admin published just before `add_device`, unchecked
    (security.md 2.12 part 4); None: replay the log from sequence 1."""


_MISTYPED = {
    "length": "a code has 20 characters",
    "character": "it holds a character no code has",
    "checksum": "one of its characters is wrong",
}
"""What `InviteCodeError.reason` means, in words (the code's own alphabet and checksum)."""


def parse_code(text: str) -> InviteCode:
    """The code as typed. Raises InviteCodeInvalid with a reason for the UI."""
    try:
        return InviteCode.parse(text)
    except InviteCodeError as err:
        why = _MISTYPED.get(err.reason, err.reason)
        raise InviteCodeInvalid(
            f"the invite code is mistyped: {why}; copy it again from the admin's desk"
        ) from None


class Joining:
    """One newcomer's enrollment in progress. Build it with `start`; `close` it in any case."""

    def __init__(self, transport: Transport, watch: ChainWatch, side: JoinerSide) -> None:
        self._transport = transport
        self._watch = watch
        self._side = side
        self._subject = join_subject(side.chain.team_id.hex(), side.invite_id)
        self._inbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._follower: Follower | None = None
        self._cancelled: Cancelled | None = None
        self._offer: bytes | None = None
        self._delivered = 0
        self._arrived = asyncio.Event()

    @classmethod
    async def start(
        cls,
        hub_url: str,
        code_text: str,
        device: DeviceKeys,
        display_name: str,
        *,
        connect: Connect,
        tls_fingerprint: bytes | None = None,
        fingerprint: bytes | None = None,
        now: Callable[[], float],
        stretch: Stretch = argon2id_stretch,
        expect_role: Role | None = None,
    ) -> Joining:
        """Find the invite and send the join request.

        Args:
            hub_url: Where the hub is.
            code_text: The invite code as typed.
            device: The newcomer's fresh keys.
            display_name: Shown to the admin (sealed) and to the team.
            connect: Opens a team transport with a login seed.
            tls_fingerprint: The hub certificate to pin, if known.
            fingerprint: The team fingerprint to pin (from a QR code); None: the SAS checks it.
            now: Unix seconds.
            stretch: Argon2id, replaceable in tests only.
            expect_role: Refuse an invite for another role (the gateway wants `GATEWAY`).

        Raises:
            InviteCodeInvalid, InviteExpired, InviteUsed, HubUnreachable, HubIdentityMismatch.
        """
        code = parse_code(code_text)
        hub_seed = invite_hub_key(code).private_bytes_raw()
        team_hex = await _team_for_invite(hub_url, hub_seed, tls_fingerprint)
        if team_hex is None:
            raise InviteCodeInvalid("this hub has no team yet")
        team_id = TeamId(bytes.fromhex(team_hex))
        # On a cluster the node that answered may have reloaded before the one this login
        # reaches: the same grace as above.
        try:
            transport = await once_admitted(
                lambda: connect(team_hex, hub_seed), within=INVITE_LOGIN_GRACE
            )
        except HubAccessDenied:
            raise InviteCodeInvalid("no open invite has this code") from None
        try:
            return await cls._begin(
                transport,
                team_id,
                code,
                device,
                display_name,
                fingerprint,
                now,
                stretch,
                expect_role,
            )
        except BaseException:
            await transport.close()
            raise

    @classmethod
    async def _begin(
        cls,
        transport: Transport,
        team_id: TeamId,
        code: InviteCode,
        device: DeviceKeys,
        display_name: str,
        fingerprint: bytes | None,
        now: Callable[[], float],
        stretch: Stretch,
        expect_role: Role | None,
    ) -> Joining:
        watch = ChainWatch(transport, team_id, fingerprint)
        await watch.start()
        chain = await watch.caught_up()
        invite = chain.invites.get(invite_id(code))
        if invite is None:
            raise InviteCodeInvalid("no invite on this team has this code")
        if invite.status is not InviteStatus.OPEN:
            raise InviteUsed("this invite was used or cancelled")
        if not invite.is_open(int(now())):
            raise InviteExpired("this invite has expired")
        if expect_role is not None and invite.role is not expect_role:
            raise InviteCodeInvalid(f"this invite is for a {invite.role.name.lower()}")
        loop = asyncio.get_running_loop()
        # Argon2id: tenths of a second and 64 MiB, never on the loop (the UI thread).
        keys = await loop.run_in_executor(
            None, InviteKeys.from_code, code, team_id, invite.nonce, stretch
        )
        side = JoinerSide(
            chain=chain, invite=invite, invite_keys=keys, device=device, display_name=display_name
        )
        joining = cls(transport, watch, side)
        await joining._listen()
        await joining._publish(side.request())
        return joining

    @property
    def role(self) -> Role:
        return self._side.invite.role

    @property
    def team_id(self) -> TeamId:
        return self._side.chain.team_id

    async def wait_sas(self, within: float | None = None) -> Sas:
        """Wait for an admin's answer, reveal, and return the SAS both screens show.

        Raises:
            JoinCancelled: The admin cancelled first.
            TimeoutError: Nobody answered within `within` seconds.
        """
        async with asyncio.timeout(within):
            while self._side.sas is None:
                data = await self._next()
                reveal = self._side.on_answer(data, self._chain())
                if reveal is not None:
                    await self._publish(reveal)
        return self._side.sas

    async def confirm(self) -> None:
        """The person says the SAS matches."""
        await self._publish(self._side.confirm())

    async def cancel(self, mismatch: bool = False) -> None:
        """Give up; never raises (the hub may be gone)."""
        reason = CancelReason.SAS_MISMATCH if mismatch else CancelReason.CANCELLED
        with contextlib.suppress(Exception):
            await self._publish(self._side.cancel(reason))

    async def wait_added(self, offer_wanted: bool = True) -> Joined:
        """Wait for the `add_device` link that admits this device.

        Args:
            offer_wanted: Look for the snapshot offer the admin published (a desk that starts
                from snapshots); False: none is looked for (a gateway, or a desk that replays).

        Raises:
            SasMismatch: The admin said the SAS did not match (the invite is burnt).
            JoinCancelled: The admin cancelled, or burnt the invite otherwise.
        """
        cancel_watch = asyncio.create_task(self._watch_for_cancel())
        try:
            chain = await self._watch.wait_for(self._settled)
        finally:
            cancel_watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await cancel_watch
        if self._side.added_in(chain):
            offer = await self._snapshot_offer() if offer_wanted else None
            role = self._side.invite.role
            return Joined(chain.team_id, chain.pinned_fingerprint, chain, role, offer)
        if self._cancelled is not None:
            self._raise_cancel(self._cancelled)
        # The chain says why, even when the hub cut this login before the cancel arrived.
        invite = chain.invites.get(self._side.invite_id)
        if invite is not None and invite.revoke_reason is RevokeReason.SAS_MISMATCH:
            raise SasMismatch("the admin saw different emoji; nobody was added")
        raise JoinCancelled("the admin cancelled the invitation")

    async def close(self) -> None:
        if self._follower is not None:
            await self._follower.stop()
            self._follower = None
        await self._watch.stop()
        await self._transport.close()

    async def _snapshot_offer(self) -> bytes | None:
        """The offer published before the `add_device` link, if any.

        The admin stored it before the link, so it is among the messages the join subject
        holds now: asked once, waited for only while those already stored come in. Without
        one (none was made, or the hub closed this login first) the desk replays the log.
        """
        self._drain_offer()  # delivered, but not yet read by the watch for a cancel
        if self._offer is not None:  # the usual case
            return self._offer
        # Asking costs a round trip, or a timeout when the hub has already cut this login.
        with contextlib.suppress(Exception):  # TransportError, or the wait below ran out
            stored = await self._transport.count_on_subject(self._subject)
            async with asyncio.timeout(OFFER_DELIVERY):
                while self._delivered < stored:
                    self._arrived.clear()
                    await self._arrived.wait()
        self._drain_offer()
        return self._offer

    def _drain_offer(self) -> None:
        while self._offer is None and not self._inbox.empty():
            self._keep_offer(self._inbox.get_nowait())

    def _keep_offer(self, data: bytes) -> None:
        if self._offer is None and is_offer(data):
            self._offer = data

    def _settled(self, chain: ChainState) -> bool:
        invite = chain.invites.get(self._side.invite_id)
        closed = invite is not None and invite.status is not InviteStatus.OPEN
        return self._cancelled is not None or closed

    async def _watch_for_cancel(self) -> None:
        while self._cancelled is None:
            data = await self._inbox.get()
            self._keep_offer(data)
            try:
                cancelled = self._side.on_cancel(data, self._chain())
            except EnvelopeRejected:
                continue
            if cancelled is not None:
                self._cancelled = cancelled
                await self._watch.poke()

    def _raise_cancel(self, cancelled: Cancelled) -> None:
        if cancelled.reason in (CancelReason.SAS_MISMATCH, CancelReason.COMMIT_MISMATCH):
            raise SasMismatch("the admin saw different emoji; nobody was added")
        raise JoinCancelled("the admin cancelled the invitation")

    async def _next(self) -> bytes:
        """The next join message not from this device that is worth reading."""
        while True:
            data = await self._inbox.get()
            try:
                cancelled = self._side.on_cancel(data, self._chain())
            except EnvelopeRejected:
                cancelled = None
            if cancelled is not None:
                self._cancelled = cancelled
                self._raise_cancel(cancelled)
            return data

    def _chain(self) -> ChainState:
        return self._watch.state or self._side.chain

    async def _listen(self) -> None:
        async def on_batch(records: Sequence[LogRecord]) -> None:
            for record in records:
                self._inbox.put_nowait(record.data)
            self._delivered += len(records)
            self._arrived.set()

        self._follower = self._transport.follow(1, on_batch, subjects=[self._subject])

    async def _publish(self, data: bytes) -> None:
        await self._transport.publish(self._subject, data, msg_id=sha256(data)[:16].hex())


OFFER_DELIVERY = 10.0
"""Seconds to wait for join messages the hub already stored: a handful, whatever the log's size."""

INVITE_LOGIN_GRACE = 5.0
"""Seconds a fresh invite's login may lag behind its link while the hub reloads its users."""


async def _team_for_invite(hub_url: str, seed: bytes, tls_fingerprint: bytes | None) -> str | None:
    """The team of the hub, asked with the invite's login.

    The hub lets an invite's login in only while the invite is open; it learns of a new one
    from the chain and reloads, so a code used the moment it was made may be refused briefly.

    Raises:
        InviteCodeInvalid: Still refused after the grace: no open invite has this code.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + INVITE_LOGIN_GRACE
    refused = False
    while True:
        try:
            return await ask_team(hub_url, nkey_seed=seed, tls_fingerprint=tls_fingerprint)
        except HubAccessDenied:
            refused = True
        except HubUnreachable:
            # A refused login can also end as a reset connection before the refusal is read.
            if loop.time() > deadline:
                if refused:
                    raise InviteCodeInvalid("no open invite has this code") from None
                raise
        if loop.time() > deadline:
            raise InviteCodeInvalid("no open invite has this code")
        await asyncio.sleep(0.25)
