"""Back-office systems: the ones an admin gave a token to send notifications (issue 10 item 5).

The token's secret is shown once when it is made and kept nowhere on the desk; the gateway
keeps only its hash (`app.crypto.api_token`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_NAME_CHARS = 80
"""Characters of a system's name (shown on its notifications' bubbles)."""


@dataclass(frozen=True, slots=True)
class BackOfficeSystem:
    """A token this desk's admin created, as the Back-office systems dialog lists it."""

    token_id: bytes
    name: str
    created_at: int
    revoked_at: int | None = None
    last_used: int | None = None
    """When the newest notification it sent went out, if this desk has seen one."""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: its system, and the secret to hand to that system once."""

    system: BackOfficeSystem
    secret: str = field(repr=False)


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a system ("empty", "too-long"), or None when it can."""
    stripped = name.strip()
    if not stripped:
        return "empty"
    if len(stripped) > MAX_NAME_CHARS:
        return "too-long"
    return None
