"""Sending a file from the desk: seal it, store the ciphertext in the hub, keep it in the cache.

The file is sealed under a fresh random `file_key` as an age-style STREAM (crypto.md §3.8 step
2) in a worker thread, never on the UI thread. Only the ciphertext leaves this module: to the
hub's media store under a random object name, and to the desk's attachment cache (crypto.md
§3.14: attachments stay ciphertext on disk, their keys in the encrypted replica). The returned
`Media` names the copy (`StoredMedia`); the outbox then publishes it inside the sealed Reply and
the type-3 request, from which the gateway fetches, opens and uploads the file (§3.9).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
from dataclasses import replace
from pathlib import Path

from app.crypto.primitives import Rng
from app.crypto.stream import new_object_name, seal_stream
from app.domain.content import Media, StoredMedia
from app.domain.errors import EnvironmentFault, HubUnreachable
from app.services.media import cache_path, write_private
from app.sync.transport import MediaStore, TransportError, TransportUnavailable

log = logging.getLogger(__name__)


class FileHubUnreachable(HubUnreachable):
    """The hub did not take the file, so nothing was queued: the file stays with the agent.

    Unlike a text reply, a file is not kept for later (see `MediaSender.store`).
    """

    code = "file-hub-unreachable"


class FileNotStored(EnvironmentFault):
    """The hub answered but refused the file (its store is full, say); nothing was queued."""

    code = "file-not-stored"


class MediaSender:
    """Seals and stores the files one desk sends."""

    def __init__(
        self, store: MediaStore | None, cache_dir: Path | None, rng: Rng = os.urandom
    ) -> None:
        """Set up sending for one desk.

        Args:
            store: The hub's media store; None on a desk without one (sending then fails).
            cache_dir: The attachment cache `MediaAccess` reads; None keeps no copy here.
            rng: The random source for file keys and object names.
        """
        self._store = store
        self._cache = cache_dir
        self._rng = rng

    async def store(self, media: Media, data: bytes) -> Media:
        """Seal `data`, store the ciphertext in the hub and the cache; `media` with its copy.

        The hub must hold the file before the reply is queued: the outbox cannot send a file
        the gateway cannot fetch. Queueing files while the hub is away needs the sealed file
        kept on disk for a later upload; until a later issue adds that, the agent keeps the
        file and tries again.

        Raises:
            FileHubUnreachable: The hub did not answer (or this desk has no media store).
            FileNotStored: The hub refused the object.
        """
        if self._store is None:
            raise FileHubUnreachable("this desk has no media store")
        name = new_object_name(self._rng)
        file_key, ciphertext, digest = await asyncio.to_thread(_seal, data, self._rng)
        await self._put(self._store, name, ciphertext, digest)
        await self._keep(name, ciphertext)
        stored = StoredMedia(name, file_key, digest, len(data))
        log.info("file stored: %s, %d bytes sealed", media.media_kind.name.lower(), len(data))
        return replace(media, stored=stored)

    async def discard(self, media: Media) -> None:
        """Best effort: remove a stored copy whose reply could not be queued."""
        stored = media.stored
        if stored is None:
            return
        cached = cache_path(self._cache, stored.object_name)
        if cached is not None:
            with contextlib.suppress(OSError):
                await asyncio.to_thread(cached.unlink, missing_ok=True)
        if self._store is not None:
            with contextlib.suppress(TransportError, TimeoutError):
                await self._store.delete(stored.object_name)

    async def _put(self, store: MediaStore, name: str, ciphertext: bytes, digest: bytes) -> None:
        try:
            stored = await store.put(name, ciphertext)
        except (TransportUnavailable, TimeoutError):
            raise FileHubUnreachable("the hub did not take the file") from None
        except TransportError as exc:
            raise FileNotStored(type(exc).__name__) from None
        if stored.size != len(ciphertext) or not hmac.compare_digest(stored.sha256, digest):
            raise FileNotStored("the hub stored other bytes than were sent")

    async def _keep(self, name: str, ciphertext: bytes) -> None:
        """Cache the ciphertext, so opening our own file needs no download."""
        path = cache_path(self._cache, name)
        if path is None:
            return
        try:
            await asyncio.to_thread(write_private, path, ciphertext)
        except OSError as exc:
            # The hub has the file, so the reply can go; opening it later downloads it.
            log.warning("sent file not cached: %s", exc.strerror)


def _seal(data: bytes, rng: Rng) -> tuple[bytes, bytes, bytes]:
    """`(file_key, ciphertext, sha256(ciphertext))`; CPU-heavy, so run in a worker thread."""
    file_key, ciphertext = seal_stream(data, rng)
    return file_key, ciphertext, hashlib.sha256(ciphertext).digest()
