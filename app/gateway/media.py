"""Inbound media: download from Meta, check the hash, seal for the team, store in the hub.

Only ciphertext leaves this module: the file is sealed as a STREAM under a fresh key before it
is stored, and the key travels only inside the sealed event (crypto.md §3.8 step 2). Nothing
touches the disk here; a file is at most Meta's 100 MB in memory, briefly.
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
from dataclasses import replace

from app.crypto.stream import new_object_name, seal_stream
from app.domain.content import Media, StoredMedia
from app.domain.events import CustomerMessage
from app.gateway.graph import MediaClient
from app.sync.transport import MediaStore, TransportError

log = logging.getLogger(__name__)

MAX_PARALLEL_FETCHES = 4
FETCH_BUDGET_S = 20.0
"""How long a webhook may wait for its media: Meta retries a webhook that takes too long, and
a message without its file (shown as "not available") beats holding up the whole batch."""


class MediaFetcher:
    """Attaches the team's encrypted copy of a message's file to its content."""

    def __init__(self, client: MediaClient, store: MediaStore) -> None:
        self._client = client
        self._store = store
        self._in_flight: dict[str, asyncio.Task[StoredMedia | None]] = {}
        self._slots = asyncio.Semaphore(MAX_PARALLEL_FETCHES)

    async def stop(self) -> None:
        """Cancel fetches still running (their messages were answered 503 or published)."""
        tasks = list(self._in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _fetch_once(
        self, wamid: str, media_id: str, webhook_sha256: str
    ) -> StoredMedia | None:
        """One fetch per message, however often Meta delivers it while the fetch runs.

        A redelivery (Meta retries a webhook that took long) waits for the running fetch
        instead of downloading and storing the file again; a waiter that gives up does not
        cancel the fetch others wait for.
        """
        task = self._in_flight.get(wamid)
        if task is None:
            task = asyncio.create_task(self._bounded(media_id, webhook_sha256))
            self._in_flight[wamid] = task
            task.add_done_callback(lambda _: self._in_flight.pop(wamid, None))
        return await asyncio.shield(task)

    async def _bounded(self, media_id: str, webhook_sha256: str) -> StoredMedia | None:
        async with self._slots:  # each fetch holds a whole file in memory: bound them
            return await self._fetch(media_id, webhook_sha256)

    async def attach(self, message: CustomerMessage, media_id: str) -> CustomerMessage:
        """`message` with `content.stored` set, or unchanged if the file could not be had."""
        content = message.content
        if not isinstance(content, Media):
            return message
        try:
            async with asyncio.timeout(FETCH_BUDGET_S):
                stored = await self._fetch_once(message.wamid, media_id, content.meta_sha256)
        except TimeoutError:
            log.warning(
                "media fetch took over %.0f s; sending the message without it", FETCH_BUDGET_S
            )
            stored = None
        if stored is None:
            return message
        return replace(message, content=replace(content, stored=stored))

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
        digest = hashlib.sha256(ciphertext).digest()
        return StoredMedia(name, file_key, digest, len(data))


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
