"""How the hub services of a cluster's nodes agree on the one team they serve.

A founder reaches one node; that node's service founds the team (the replicated stream holds
link 1) and then asks its peers, on ``sbhub.bound``, to bind to the same team before it answers
"ok": by then every running node lets the root device in. A node that was down at the time finds
the team in the replicated store when it starts (:func:`stored_link_one`). Only service logins
may publish on ``sbhub.bound``: devices' permissions are allow lists without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

import nats.errors
import nats.js.errors

from app.hub.layout import BOUND_SUBJECT, TeamLayout

__all__ = ["stored_link_one", "tell_peers"]

_TEAM_STREAM = re.compile(r"^SB_([0-9a-f]{32})$")
OK = b"ok"


async def tell_peers(nc: Any, link: bytes, peers: int, within: float) -> int:
    """Ask the other nodes' services to bind to the team of ``link`` (link 1).

    Returns:
        How many answered "ok" within ``within`` seconds (at most ``peers``).
    """
    if peers <= 0:
        return 0
    inbox = nc.new_inbox()
    sub = await nc.subscribe(inbox)
    agreed = 0
    try:
        await nc.publish(BOUND_SUBJECT, link, reply=inbox)
        async with asyncio.timeout(within):
            while agreed < peers:
                answer = await sub.next_msg(timeout=within)
                agreed += bytes(answer.data) == OK
    except TimeoutError:
        pass  # a node that is down binds when it starts, from the stored link
    finally:
        with contextlib.suppress(nats.errors.Error):
            await sub.unsubscribe()
    return agreed


async def stored_link_one(js: Any) -> bytes | None:
    """Link 1 of the one team whose stream the cluster keeps, or None if there is none (yet).

    Raises:
        nats.errors.Error, TimeoutError: The store did not answer.
    """
    teams = [
        found.group(1)
        for info in await js.streams_info()
        if (found := _TEAM_STREAM.match(info.config.name or ""))
    ]
    if len(teams) != 1:
        return None
    layout = TeamLayout(teams[0])
    try:
        first = await js.get_msg(layout.stream, subject=layout.chain, seq=1, next=True)
    except nats.js.errors.NotFoundError:
        return None
    return bytes(first.data or b"")
