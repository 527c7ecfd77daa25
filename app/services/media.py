"""Opening a message's file on the desk: fetch the sealed copy, check it, decrypt in memory.

The ciphertext is cached in the profile (crypto.md §3.14: attachments stay STREAM ciphertext
on disk, their keys in the encrypted replica); plaintext only ever lives in memory, handed to
the UI to show or to save where the user chooses.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import tempfile
from pathlib import Path

from app.crypto.errors import Undecryptable
from app.crypto.primitives import Rng
from app.crypto.stream import ciphertext_size, open_stream, valid_object_name
from app.crypto.thumbnail import open_thumbnail, seal_thumbnail
from app.domain.content import Media, StoredMedia
from app.domain.errors import EnvelopeRejected, HubUnreachable, MediaDamaged, UserFault
from app.domain.ids import EventId
from app.store.replica import Replica
from app.sync.transport import MediaNotFound, MediaStore, TransportError

log = logging.getLogger(__name__)


class MediaUnavailable(UserFault):
    """The file of this message cannot be had (never fetched by the gateway, or gone)."""

    code = "media-unavailable"


class MediaAccess:
    """Gets the plaintext of a message's file for the desk."""

    def __init__(
        self,
        replica: Replica,
        store: MediaStore | None,
        cache_dir: Path | None,
        rng: Rng = os.urandom,
    ) -> None:
        self._replica = replica
        self._store = store
        self._cache = cache_dir
        self._rng = rng
        self._locks: dict[str, asyncio.Lock] = {}

    async def open(self, event_id: EventId) -> tuple[Media, bytes]:
        """The message's media content and the file's bytes.

        Raises:
            MediaUnavailable: No file for this message.
            HubUnreachable: The hub is away and the file is not cached here.
            MediaDamaged: The stored copy does not match its hash or key (tampered).
        """
        message = await self._replica.message_by_event_id(event_id)
        content = message.content if message else None
        if not isinstance(content, Media) or content.stored is None:
            raise MediaUnavailable("this message has no file the team could fetch")
        ciphertext = await self._ciphertext(content.stored)
        try:
            plaintext = await asyncio.to_thread(_open, content.stored, ciphertext)
        except Undecryptable as exc:
            raise MediaDamaged("the stored file does not match its key") from exc
        return content, plaintext

    async def _ciphertext(self, stored: StoredMedia) -> bytes:
        """The sealed file, from the cache when it is there and intact, else from the hub.

        One fetch per object at a time (a double-click must not race two writes of the same
        cache file); a cached copy that no longer matches its hash is dropped and fetched again.
        """
        lock = self._locks.setdefault(stored.object_name, asyncio.Lock())
        async with lock:
            cached = self._cached_path(stored)
            if cached is not None and cached.exists():
                data = await asyncio.to_thread(cached.read_bytes)
                if await _matches(data, stored):
                    return data
                log.warning("a cached attachment was damaged: fetching it again")
                await asyncio.to_thread(cached.unlink, missing_ok=True)
            data = await self._from_hub(stored)
            if cached is not None:
                await asyncio.to_thread(write_private, cached, data)
            return data

    async def _from_hub(self, stored: StoredMedia) -> bytes:
        if self._store is None:
            raise HubUnreachable("no connection to the hub's media store")
        try:
            data = await self._store.get(stored.object_name, ciphertext_size(stored.size))
        except MediaNotFound:
            raise MediaUnavailable("the file is no longer in the hub") from None
        except TransportError:
            raise HubUnreachable("the hub did not give the file") from None
        if not await _matches(data, stored):
            raise MediaDamaged("the hub's copy of the file was altered")
        return data

    def _cached_path(self, stored: StoredMedia) -> Path | None:
        return cache_path(self._cache, stored.object_name)

    async def cached_thumbnail(self, event_id: EventId) -> bytes | None:
        """The thumbnail kept for the message's file, opened in memory; None if there is none
        (no file, no cache, never kept, or a damaged copy, which is dropped)."""
        stored = await self._stored(event_id)
        path = thumbnail_path(self._cache, stored.object_name) if stored else None
        if stored is None or path is None:
            return None
        try:
            blob = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None
        try:
            return open_thumbnail(stored.file_key, blob)
        except EnvelopeRejected:
            log.warning("a cached thumbnail was damaged: dropping it")
            await asyncio.to_thread(path.unlink, missing_ok=True)
            return None

    async def keep_thumbnail(self, event_id: EventId, thumbnail: bytes) -> None:
        """Keep `thumbnail` for the message's file, sealed under a key derived from the file's
        key (never in clear on disk); does nothing for a message without a file or cache."""
        stored = await self._stored(event_id)
        path = thumbnail_path(self._cache, stored.object_name) if stored else None
        if stored is None or path is None:
            return
        blob = await asyncio.to_thread(seal_thumbnail, stored.file_key, thumbnail, self._rng)
        try:
            await asyncio.to_thread(write_private, path, blob)
        except OSError as exc:
            log.warning("thumbnail not cached: %s", exc.strerror)  # it is made again next time

    async def cached_file(self, stored: StoredMedia) -> bytes | None:
        """A file's bytes if this desk holds its sealed copy already, opened in memory; None
        when it would have to come from the hub, or the copy is damaged (an export then names
        the file instead of fetching a whole history's media)."""
        path = self._cached_path(stored)
        try:
            data = None if path is None else await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None
        if data is None or not await _matches(data, stored):
            return None
        try:
            return await asyncio.to_thread(_open, stored, data)
        except Undecryptable:
            return None

    async def _stored(self, event_id: EventId) -> StoredMedia | None:
        message = await self._replica.message_by_event_id(event_id)
        content = message.content if message else None
        return content.stored if isinstance(content, Media) else None


def cache_path(cache_dir: Path | None, object_name: str) -> Path | None:
    """Where the attachment cache keeps an object's ciphertext; None without a cache.

    Files sent and received share the folder and the naming (the random object name), so a file
    this desk sent opens from the cache like one it fetched.
    """
    if cache_dir is None or not valid_object_name(object_name):
        return None  # the name comes from the log: never let it pick a path
    return cache_dir / object_name


THUMBNAILS = "thumbnails"
"""The attachment cache's folder of sealed thumbnails."""


def thumbnail_path(cache_dir: Path | None, object_name: str) -> Path | None:
    """Where the sealed thumbnail of an object is kept, beside the attachments; None without
    a cache."""
    path = cache_path(cache_dir, object_name)
    return None if path is None else path.parent / THUMBNAILS / object_name


async def _matches(data: bytes, stored: StoredMedia) -> bool:
    """Whether `data` is the ciphertext the sealed event names (hashed off the loop)."""
    digest = await asyncio.to_thread(lambda: hashlib.sha256(data).digest())
    return hmac.compare_digest(digest, stored.ciphertext_sha256)


def _open(stored: StoredMedia, ciphertext: bytes) -> bytes:
    if len(ciphertext) != ciphertext_size(stored.size):
        raise Undecryptable("stream-size")
    return open_stream(stored.file_key, ciphertext)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by this user only, whole or not at all (blocking)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A temporary file of its own (created 0600 by mkstemp: no moment where others may read
    # it), renamed into place: readers see the whole file or none.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
