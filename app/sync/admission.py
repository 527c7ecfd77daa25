"""Logging in just after joining: the hub lets a new device in once it has followed the chain.

The `add_device` link is in the log before the hub service has read it, rewritten its users
and had nats-server reload them (about a second; longer on a loaded hub). A device that logs
in at once is refused meanwhile, so a fresh device retries a refusal for a while; a device the
hub knew before treats a refusal as final (it was removed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.sync.transport import HubAccessDenied

__all__ = ["ADMITTED_WITHIN", "once_admitted"]

ADMITTED_WITHIN = 30.0
"""Seconds a new device keeps asking to be let in: the hub reloads its users in about one."""
_PAUSE = 0.2
"""Seconds between attempts (a refusal comes back at once, so attempts cost little)."""

T = TypeVar("T")


async def once_admitted(connect: Callable[[], Awaitable[T]], within: float = ADMITTED_WITHIN) -> T:
    """Log in with `connect`, trying again while the hub refuses, for `within` seconds.

    Raises:
        HubAccessDenied: The hub still refused after `within` seconds.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        try:
            return await connect()
        except HubAccessDenied:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(_PAUSE)
