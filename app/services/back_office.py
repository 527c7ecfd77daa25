"""Tokens for back-office systems, from an admin's desk (issue 10 item 5, docs/notifications.md).

Creating a token makes 256 random bits, seals an `ApiToken` grant with the system's name and
the token's hash to the gateway (a type-3 event, like the number's settings), and hands the
secret to the admin once. The team learns the system's name and dates, never the secret nor its
hash, from a `BackOfficeSystemNoted` record published first, so that every admin's desk lists
the system and may revoke it (a token never goes unlisted, even if its grant then fails).
Revoking does both again with `revoked` set; the gateway refuses the token from then on. Only
an active admin may do either (the gateway and the desks check it again on the chain).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from app.crypto.api_token import HASH_LEN, new_token, token_hash
from app.crypto.chain import ChainState
from app.domain.back_office import BackOfficeSystem, NewToken, name_problem
from app.domain.errors import NotPermitted
from app.domain.ids import ConversationId, DeviceId, EventId, short
from app.log.events import ApiToken, BackOfficeSystemNoted
from app.services.number_settings import gateway_device
from app.store.replica import Replica
from app.sync.publisher import Publisher

log = logging.getLogger(__name__)

TOKEN_ID_LEN = 16


class BackOfficeTokens:
    """Creating, revoking and listing back-office systems' tokens on one admin's desk."""

    def __init__(
        self,
        me: DeviceId,
        publisher: Publisher,
        replica: Replica,
        chain: Callable[[], ChainState],
        clock: Callable[[], float],
        *,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._me = me
        self._publisher = publisher
        self._replica = replica
        self._chain = chain
        self._clock = clock
        self._rng = rng

    def _require_admin(self) -> None:
        if not self._chain().is_admin(self._me):
            raise NotPermitted("only an admin manages back-office systems")

    async def systems(self) -> list[BackOfficeSystem]:
        """The systems this desk's admin gave a token, live ones first. Raises NotPermitted."""
        self._require_admin()
        return await self._replica.back_office_systems()

    async def create(self, name: str) -> NewToken:
        """Make a token for the system `name` and grant it at the gateway.

        Raises:
            NotPermitted: This device is not an active admin.
            ValueError: The name is empty or too long (the dialog offers no such name).
            GatewayMissing: No gateway device is on the team yet.
            HubUnreachable, TransportError: The hub did not take the grant (nothing is kept).
        """
        self._require_admin()
        problem = name_problem(name)
        if problem is not None:
            raise ValueError(f"system name {problem}")
        gateway_device(self._chain())
        secret = new_token(self._rng)
        now = int(self._clock())
        system = BackOfficeSystem(self._rng(TOKEN_ID_LEN), name.strip(), now)
        await self._tell_the_team(BackOfficeSystemNoted(system.token_id, system.name, now))
        grant = ApiToken(system.token_id, system.name, token_hash(secret), False, now)
        await self._publisher.outbound_request(grant, EventId(self._rng(16)))
        await self._replica.add_back_office_system(system)
        log.info("back-office token %s granted", short(system.token_id))
        return NewToken(system, secret)

    async def revoke(self, system: BackOfficeSystem) -> None:
        """Revoke the system's token at the gateway; its next request gets 401.

        Raises:
            NotPermitted, GatewayMissing, HubUnreachable, TransportError: As for `create`.
        """
        self._require_admin()
        gateway_device(self._chain())
        now = int(self._clock())
        await self._tell_the_team(
            BackOfficeSystemNoted(system.token_id, system.name, now, revoked=True)
        )
        revocation = ApiToken(system.token_id, system.name, bytes(HASH_LEN), True, now)
        await self._publisher.outbound_request(revocation, EventId(self._rng(16)))
        await self._replica.revoke_back_office_system(system.token_id, now)
        log.info("back-office token %s revoked", short(system.token_id))

    async def _tell_the_team(self, noted: BackOfficeSystemNoted) -> None:
        """Every admin's desk lists the system (on the subject of the token's own id)."""
        conversation = ConversationId(noted.token_id)
        await self._publisher.member_event(noted, conversation, EventId(self._rng(16)), None)
