"""The team's back-office systems (`api_tokens`), from the admins' `BackOfficeSystemNoted`
records (and this desk's own creations, written at once), each with when it last sent a
notification this replica holds (`messages.sent_by_system`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.back_office import BackOfficeSystem
from app.store.db import Row, Tx

if TYPE_CHECKING:
    from app.log.state import BatchState

_SQL_LIST = (
    "SELECT t.token_id, t.name, t.created_at, t.revoked_at, "
    "(SELECT max(m.at) FROM messages AS m WHERE m.sent_by_system = t.name) AS last_used "
    "FROM api_tokens AS t ORDER BY t.revoked_at IS NOT NULL, t.name COLLATE NOCASE, t.created_at"
)
_SQL_ADD = "INSERT OR IGNORE INTO api_tokens (token_id, name, created_at) VALUES (?, ?, ?)"
_SQL_REVOKE = "UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL"


async def systems(tx: Tx) -> list[BackOfficeSystem]:
    """Every system, live ones first, by name."""
    return [_from_row(row) for row in await tx.fetchall(_SQL_LIST, ())]


async def add(tx: Tx, system: BackOfficeSystem) -> None:
    await tx.execute(_SQL_ADD, (system.token_id, system.name, system.created_at))


async def revoke(tx: Tx, token_id: bytes, at: int) -> None:
    await tx.execute(_SQL_REVOKE, (at, token_id))


async def flush(tx: Tx, state: BatchState) -> None:
    """What admins told the team, in log order: a grant adds the system once, a revocation
    marks it (first revocation wins; a revoked token never comes back)."""
    for noted in state.back_office:
        await tx.execute(_SQL_ADD, (noted.token_id, noted.name, noted.at))
        if noted.revoked:
            await tx.execute(_SQL_REVOKE, (noted.at, noted.token_id))


def _from_row(row: Row) -> BackOfficeSystem:
    revoked, used = row["revoked_at"], row["last_used"]
    return BackOfficeSystem(
        token_id=bytes(row["token_id"]),
        name=str(row["name"]),
        created_at=int(row["created_at"]),
        revoked_at=None if revoked is None else int(revoked),
        last_used=None if used is None else int(used),
    )
