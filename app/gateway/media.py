"""Inbound media: download from Meta, check the hash, seal for the team, store in the hub.

Only ciphertext leaves this module: the file is sealed as a STREAM under a fresh key before it
is stored, and the key travels only inside the sealed event (crypto.md §3.8 step 2). Nothing
touches the disk here; a file is at most Meta's 100 MB in memory, briefly.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
from dataclasses import replace

from app.crypto.stream import new_object_name, seal_stream
from app.domain.content import Media, StoredMedia
from app.domain.events import CustomerMessage
from app.gateway.graph import MediaClient
from app.sync.transport import MediaStore, TransportError

log = logging.getLogger(__name__)

FETCH_BUDGET_S = 20.0
"""How long a webhook may wait for its media: Meta retries a webhook that takes too long, and
a message without its file (shown as "not available") beats holding up the whole batch."""


class MediaFetcher:
    """Attaches the team's encrypted copy of a message's file to its content."""

    def __init__(self, client: MediaClient, store: MediaStore) -> None:
        self._client = client
        self._store = store

    async def attach(self, message: CustomerMessage, media_id: str) -> CustomerMessage:
        """`message` with `content.stored` set, or unchanged if the file could not be had."""
        content = message.content
        if not isinstance(content, Media):
            return message
        try:
            async with asyncio.timeout(FETCH_BUDGET_S):
                stored = await self._fetch(media_id)
        except TimeoutError:
            log.warning(
                "media fetch took over %.0f s; sending the message without it", FETCH_BUDGET_S
            )
            stored = None
        if stored is None:
            return message
        return replace(message, content=replace(content, stored=stored))

    async def _fetch(self, media_id: str) -> StoredMedia | None:
        info = await self._client.info(media_id)
        if info is None:
            return None
        data = await self._client.download(info)
        if data is None:
            return None
        if info.sha256_hex and not hmac.compare_digest(
            hashlib.sha256(data).hexdigest(), info.sha256_hex
        ):
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
