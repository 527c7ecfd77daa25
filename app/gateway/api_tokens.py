"""The back-office tokens the gateway accepts: folded from admins' `ApiToken` events.

Admins grant and revoke tokens from their desks (`app.services.back_office`); each event is
sealed to the gateway on `.out` and opened only when an active admin signed it
(`GatewayLog.open_outbound`). The book keeps the live set in memory for every request and in
the notification store for the next start (the checkpoint moves past the events, so they are
not read again). A revoked token id stays revoked, whatever arrives later.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from app.crypto.api_token import MAX_TOKEN_CHARS, token_hash
from app.domain.ids import short
from app.gateway.notify_store import NotifyStore, StoredToken
from app.log.events import ApiToken

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class System:
    """The back-office system a request came from."""

    token_id: bytes
    name: str


class TokenBook:
    """Which bearer tokens are good now, and whose they are."""

    def __init__(self, store: NotifyStore) -> None:
        self._store = store
        self._live: dict[bytes, StoredToken] = {}
        """Token hash → the grant, for tokens not revoked."""
        self._revoked: set[bytes] = set()

    async def load(self) -> None:
        for token in await self._store.tokens():
            self._take(token)

    async def apply(self, event: ApiToken) -> None:
        """An admin's grant or revocation, verified and opened."""
        token = StoredToken(event.token_id, event.name, event.secret_hash, event.revoked, event.at)
        if await self._store.keep_token(token):
            self._take(token)
            log.info(
                "back-office token %s %s",
                short(event.token_id),
                "revoked" if event.revoked else "granted",
            )

    def system(self, bearer: str) -> System | None:
        """The system whose live token `bearer` is; None for an unknown or revoked one."""
        if not bearer or len(bearer) > MAX_TOKEN_CHARS:
            return None
        digest = token_hash(bearer)
        found = self._live.get(digest)
        # The lookup found a candidate by its hash; compare in constant time all the same.
        if found is None or not hmac.compare_digest(found.secret_hash, digest):
            return None
        return System(found.token_id, found.name)

    @property
    def live(self) -> int:
        return len(self._live)

    def _take(self, token: StoredToken) -> None:
        if token.revoked:
            self._revoked.add(token.token_id)
            self._live = {h: t for h, t in self._live.items() if t.token_id != token.token_id}
        elif token.token_id not in self._revoked:
            self._live[token.secret_hash] = token
