"""What the hub service creates and stores for a team on its own server (crypto.md §3.13).

Devices on an authenticated hub may not create streams or buckets, so the service makes them
when the team is founded (and again, idempotently, on every start): the team stream, the join
stream (24 h), the gateway's send log and the media object store. The configurations match what
``NatsTransport`` and ``NatsMediaStore`` create on an anonymous hub, so either may come first.
"""

from __future__ import annotations

from typing import Any

import nats.js.errors
from nats.js import api

from app.hub.layout import JOIN_MAX_AGE, TeamLayout

__all__ = ["ensure_team_streams", "last_chain_seq", "store_link_one"]

_ERR_STALE = 10071  # wrong last sequence
_DUPLICATE_WINDOW = 120.0  # as NatsTransport.ensure_stream, so an existing stream matches


async def ensure_team_streams(js: Any, layout: TeamLayout, replicas: int = 1) -> None:
    """Create (or accept identical) team stream, join stream, send log and media store.

    Args:
        js: The service connection's JetStream context.
        layout: The team's names.
        replicas: Copies of each, on as many nodes: 3 on a cluster (``cluster.py``), else 1.
    """
    await js.add_stream(
        api.StreamConfig(
            name=layout.stream,
            subjects=layout.team_subjects,
            retention=api.RetentionPolicy.LIMITS,
            storage=api.StorageType.FILE,
            max_age=0,  # the log is kept forever (crypto.md §3.12)
            num_replicas=replicas,
            duplicate_window=_DUPLICATE_WINDOW,
        )
    )
    await js.add_stream(
        api.StreamConfig(
            name=layout.join_stream,
            subjects=[layout.joins],
            retention=api.RetentionPolicy.LIMITS,
            storage=api.StorageType.FILE,
            max_age=JOIN_MAX_AGE,
            num_replicas=replicas,
            duplicate_window=_DUPLICATE_WINDOW,
        )
    )
    await js.create_key_value(
        api.KeyValueConfig(
            bucket=layout.sent_bucket,
            history=1,
            storage=api.StorageType.FILE,
            replicas=replicas,
        )
    )
    await js.create_object_store(
        layout.media_bucket,
        config=api.ObjectStoreConfig(storage=api.StorageType.FILE, replicas=replicas),
    )


async def store_link_one(js: Any, layout: TeamLayout, link: bytes) -> int | None:
    """Publish link 1 on an empty chain subject; its sequence, or None if another is there.

    A retry after a crash between storing and binding finds its own link and goes on.
    """
    headers = {
        "Nats-Msg-Id": f"link1-{layout.team}",
        "Nats-Expected-Last-Subject-Sequence": "0",
    }
    try:
        ack = await js.publish(layout.chain, link, stream=layout.stream, headers=headers)
    except nats.js.errors.APIError as err:
        if err.err_code != _ERR_STALE:
            raise
        stored = await js.get_msg(layout.stream, subject=layout.chain, seq=1, next=True)
        return int(stored.seq or 0) if stored.data == link else None
    return int(ack.seq or 0)


async def last_chain_seq(js: Any, layout: TeamLayout) -> int:
    """Stream sequence of the newest stored link (0 if there is none)."""
    try:
        last = await js.get_last_msg(layout.stream, layout.chain)
    except nats.js.errors.NotFoundError:
        return 0
    return int(last.seq or 0)
