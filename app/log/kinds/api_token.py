"""An admin grants or revokes a back-office system's bearer token (sealed to the gateway only).

Grant and revoke are one kind: the gateway keeps, per token id, the newest state it read, and
a revoked id never comes back. The event carries the system's name and the token's hash
(`app.crypto.api_token`), never the token. The gateway takes it from an active admin only
(`GatewayLog.open_outbound`); desks cannot open it and keep their own admin's list
(`app.store.api_tokens`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crypto.api_token import HASH_LEN
from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.domain.ids import ID_LEN
from app.log.kind import KindSpec, read_flag

MAX_SYSTEM_NAME = 80
"""Characters of a system's name (shown on every notification's bubble)."""


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A back-office system's token, granted or revoked (type-3 event, to the gateway)."""

    token_id: bytes
    """16 random bytes naming the token (not secret: revoking names it)."""
    name: str
    """The system, as the admin named it: shown on the bubbles of what it sends."""
    secret_hash: bytes = field(repr=False)
    """SHA-256 of the token (`token_hash`); zeros in a revocation."""
    revoked: bool
    at: int
    """Unix seconds on the admin's desk."""

    kind = EventKind.API_TOKEN


def _write(w: Writer, e: ApiToken) -> None:
    w.fixed(e.token_id, ID_LEN).text(e.name).fixed(e.secret_hash, HASH_LEN)
    w.u8(e.revoked).u64(e.at)


def _read(r: Reader) -> ApiToken:
    return ApiToken(
        token_id=r.fixed(ID_LEN),
        name=r.text(MAX_SYSTEM_NAME * 4),
        secret_hash=r.fixed(HASH_LEN),
        revoked=read_flag(r),
        at=r.u64(),
    )


# Desks store it without applying it: they cannot open it.
SPEC = KindSpec(EventKind.API_TOKEN, ApiToken, _write, _read, envelope=EventType.OUTBOUND)
