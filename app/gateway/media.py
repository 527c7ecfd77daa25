"""Inbound media: download from Meta, check the hash, seal for the team, store in the hub.

Webhooks are answered as soon as their messages are in the log (cloud-api.md §13: ack fast);
files follow in the background and are announced with a `MediaStored` event that desks attach
by wamid. A failed fetch is tried again with growing gaps while Meta keeps the media id.
Only ciphertext leaves this module: the file is sealed as a STREAM under a fresh key before it
is stored, and the key travels only inside the sealed event (crypto.md §3.8 step 2).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
from collections.abc import Awaitable, Callable, Sequence

from app.aio import cancel_and_wait
from app.crypto.stream import new_object_name, seal_stream
from app.domain.content import StoredMedia
from app.domain.ids import Wamid
from app.gateway.graph import MediaClient
from app.log.events import MediaStored
from app.sync.transport import MediaStore, TransportError

log = logging.getLogger(__name__)

MAX_PARALLEL_FETCHES = 4
"""Each fetch holds a whole file (up to 100 MB) in memory for a moment: bound them."""
RETRY_DELAYS_S: tuple[float, ...] = (30.0, 120.0, 600.0, 3600.0, 6 * 3600.0)
"""Gaps between attempts; Meta keeps inbound media ids for 7 days (cloud-api.md §10)."""

Publish = Callable[[MediaStored], Awaitable[None]]


class MediaFetcher:
    """Fetches files in the background, one task per message, and announces each one stored."""

    def __init__(
        self,
        client: MediaClient,
        store: MediaStore,
        publish: Publish,
        stats: dict[str, int],
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
    ) -> None:
        self._client = client
        self._store = store
        self._publish = publish
        self._stats = stats
        self._delays = tuple(retry_delays)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(MAX_PARALLEL_FETCHES)

    def schedule(self, wamid: Wamid, media_id: str, webhook_sha256: str) -> None:
        """Fetch a message's file unless a fetch for it already runs (Meta redelivered)."""
        if wamid in self._tasks:
            return
        task = asyncio.create_task(self._fetch_until_stored(wamid, media_id, webhook_sha256))
        self._tasks[wamid] = task
        task.add_done_callback(lambda _: self._tasks.pop(wamid, None))

    async def stop(self) -> None:
        """Cancel fetches still waiting or running (a restart cannot resume them: v1 keeps no
        list of pending files, so those messages stay without their file)."""
        await cancel_and_wait(*self._tasks.values())

    async def _fetch_until_stored(self, wamid: Wamid, media_id: str, webhook_sha256: str) -> None:
        for attempt, delay in enumerate((0.0, *self._delays)):
            if delay:
                await asyncio.sleep(delay)  # a gap before trying again, not a wait for a state
            try:
                async with self._slots:
                    stored = await self._fetch(media_id, webhook_sha256)
            except Exception:  # one bad file must not end the worker's other attempts
                log.exception("media fetch failed")
                stored = None
            if stored is not None:
                await self._announce(MediaStored(wamid, stored))
                return
            log.info("media not fetched (attempt %d)", attempt + 1)
        self._stats["media_failed"] += 1

    async def _announce(self, event: MediaStored) -> None:
        while True:
            try:
                await self._publish(event)
            except TransportError:
                await asyncio.sleep(5.0)  # the hub is away: the file is stored, keep trying
                continue
            self._stats["media_stored"] += 1
            return

    async def _fetch(self, media_id: str, webhook_sha256: str) -> StoredMedia | None:
        info = await self._client.info(media_id)
        if info is None:
            return None
        expected = expected_digest(info.sha256_hex, webhook_sha256)
        if expected is None:
            log.warning("media refused: Meta gave no usable sha256 to check it against")
            return None
        data = await self._client.download(info)
        if data is None:
            return None
        digest = await asyncio.to_thread(lambda: hashlib.sha256(data).digest())
        if not hmac.compare_digest(digest, expected):
            log.warning("media refused: the download does not match Meta's sha256")
            return None
        file_key, ciphertext = await asyncio.to_thread(seal_stream, data, os.urandom)
        name = new_object_name(os.urandom)
        try:
            await self._store.put(name, ciphertext)
        except TransportError as exc:
            log.warning("media not stored: %s", type(exc).__name__)
            return None
        cipher_digest = await asyncio.to_thread(lambda: hashlib.sha256(ciphertext).digest())
        return StoredMedia(name, file_key, cipher_digest, len(data))


def expected_digest(info_hex: str, webhook_b64: str) -> bytes | None:
    """The SHA-256 the download must have: hex from `GET /{media-id}` (§10), else the webhook's
    base64 (§4). None when neither is a well-formed 32-byte digest: the file is refused."""
    if re.fullmatch(r"[0-9a-f]{64}", info_hex.lower()):
        return bytes.fromhex(info_hex)
    try:
        raw = base64.b64decode(webhook_b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None
