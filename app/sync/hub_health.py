"""Asking the hub whether it stores writes: the desks' side of the hub's storage health.

A hub whose disk filled up keeps answering pings and reads while every write to the team's
stream times out, until its supervisor restarts it once the disk has room (`app.hub`). Only
the hub knows, from its server's log; its service answers a health question on the info
subject, which every team login may ask. `app.hub.layout` spells the same words (the hub
cannot import `app.sync`; `tests/unit/hub/test_layout.py` keeps them in step).
"""

from __future__ import annotations

import nats.errors
from nats.aio.client import Client

from app.sync.hub_client import INFO_SUBJECT

__all__ = ["HEALTH_QUESTION", "HUB_CANNOT_STORE", "hub_stores"]

HEALTH_QUESTION = b"health"
"""The body of an INFO_SUBJECT request that asks for the hub's storage health."""
HUB_CANNOT_STORE = b"cannot-store"
"""The answer while the hub's store refuses writes (any other answer: it stores)."""


async def hub_stores(nc: Client, within: float) -> bool | None:
    """Whether the hub says it stores writes; None when it does not say (an anonymous hub
    runs no service to ask, or the answer took longer than `within` seconds)."""
    try:
        answer = await nc.request(INFO_SUBJECT, HEALTH_QUESTION, timeout=within)
    except (nats.errors.Error, TimeoutError):
        return None
    return bytes(answer.data) != HUB_CANNOT_STORE
