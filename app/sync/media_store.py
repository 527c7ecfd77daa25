"""The team's media object store on the hub (crypto.md §3.13): a JetStream object store bucket.

Holds STREAM ciphertext only (``app.crypto.stream``): callers seal before :meth:`put` and open
after :meth:`get`, so the hub sees object sizes and nothing else. Names are random hex.

Objects use the JetStream object-store layout, so ``nats object`` and other clients read them:
chunks of at most 128 KiB on ``$O.<bucket>.C.<nuid>``, then one metadata message (name, size,
chunk count, SHA-256) on ``$O.<bucket>.M.<base64url(name)>`` that rolls up any older one. nats-py's
``ObjectStore`` takes whole bytes or a blocking file and reads objects into one growing buffer,
so uploads from an async iterable and chunk-by-chunk downloads are written here: uploads publish
each chunk and await its ack, downloads fetch chunk after chunk with direct gets (no consumer on
the hub, at most one chunk in flight).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import nats.errors
import nats.js.errors
from nats.js import api
from nats.js.object_store import (
    OBJ_CHUNKS_PRE_TEMPLATE,
    OBJ_DIGEST_TEMPLATE,
    OBJ_META_PRE_TEMPLATE,
    OBJ_STREAM_TEMPLATE,
)

from app.crypto.stream import valid_object_name
from app.sync.nats_transport import NatsTransport, _hub_errors
from app.sync.transport import MediaNotFound, StoredObject, TransportError, media_bucket

__all__ = ["NatsMediaStore"]

CHUNK_SIZE = 128 * 1024
"""Bytes per stored chunk: the object store's usual size, well below the hub's 1 MB payload cap."""
_ROLLUP = {"Nats-Rollup": "sub"}  # the newest metadata message replaces older ones


@contextlib.contextmanager
def _store_errors(what: str) -> Iterator[None]:
    """The transport's error mapping (one list of "unavailable" errors), plus not-found."""
    with _hub_errors(what):
        try:
            yield
        except nats.js.errors.NotFoundError as err:  # the object, a chunk, or the bucket
            raise MediaNotFound(what) from err


class _SourceFailed(Exception):
    """An error raised by the caller's data, carried past the hub-error mapping.

    A download's ``TimeoutError`` must not turn into "hub unavailable".
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(repr(error))
        self.error = error


def _check_name(name: str) -> None:
    if not valid_object_name(name):
        raise ValueError("media object names are 32 random lowercase hex digits")


async def _pieces(data: bytes | AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """Re-cut the caller's bytes into stored chunks of exactly ``CHUNK_SIZE`` (the last: less)."""
    if isinstance(data, bytes):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
        return
    held, pieces = bytearray(), aiter(data)
    while True:
        try:
            piece = await anext(pieces)
        except StopAsyncIteration:
            break
        except Exception as err:
            raise _SourceFailed(err) from err
        held += piece
        full = len(held) - len(held) % CHUNK_SIZE
        for start in range(0, full, CHUNK_SIZE):
            yield bytes(held[start : start + CHUNK_SIZE])
        del held[:full]  # once per piece, so a huge piece is not shifted chunk by chunk
    if held:
        yield bytes(held)


class NatsMediaStore:
    """:class:`app.sync.transport.MediaStore` over a JetStream object store ``SB_<team>_media``.

    Use :meth:`open` (or :meth:`from_jetstream`); the store shares the transport's connection
    and so its reconnects.
    """

    def __init__(self, js: Any, bucket: str, store: Any) -> None:
        """Wrap an opened bucket; use :meth:`open` instead."""
        self._js = js
        self._bucket = bucket
        self._stream = OBJ_STREAM_TEMPLATE.format(bucket=bucket)
        self._store = store  # nats-py's ObjectStore, for metadata reads and deletes

    @classmethod
    async def open(cls, transport: NatsTransport, *, replicas: int = 1) -> NatsMediaStore:
        """Open the team's bucket on the transport's connection, creating it if missing.

        Raises:
            TransportUnavailable: The hub did not answer.
            TransportError: The hub refused to create the bucket.
        """
        # NatsTransport has no public accessor (its module is at its size limit); sharing the
        # context on purpose: one connection per desk, reconnecting for both.
        return await cls.from_jetstream(transport._js, transport._team, replicas=replicas)

    @classmethod
    async def from_jetstream(
        cls, js: Any, team_id_hex: str, *, replicas: int = 1
    ) -> NatsMediaStore:
        """Like :meth:`open`, from a nats-py ``JetStreamContext``.

        Args:
            js: The JetStream context of a connected client.
            team_id_hex: The team id in lowercase hex.
            replicas: 1 for a single hub, 3 for a cluster.
        """
        bucket = media_bucket(team_id_hex)
        with _hub_errors(f"open media store {bucket}"):
            try:
                store = await js.object_store(bucket)
            except nats.js.errors.BucketNotFoundError:
                # File storage, no TTL, no size cap but the hub's; an identical concurrent
                # create by another desk succeeds as well.
                config = api.ObjectStoreConfig(storage=api.StorageType.FILE, replicas=replicas)
                store = await js.create_object_store(bucket, config=config)
        return cls(js, bucket, store)

    async def put(self, name: str, data: bytes | AsyncIterable[bytes]) -> StoredObject:
        """See :meth:`app.sync.transport.MediaStore.put`."""
        _check_name(name)
        nuid = secrets.token_hex(11)  # a fresh chunk subject per upload, as the layout asks
        chunks_subject = OBJ_CHUNKS_PRE_TEMPLATE.format(bucket=self._bucket, obj=nuid)
        try:
            with _store_errors(f"put media {name}"):
                old = await self._info(name)
                size, count, digest = await self._upload(name, nuid, chunks_subject, data)
                if old is not None:
                    await self._purge_chunks(old.nuid)
        except _SourceFailed as failed:
            raise failed.error from failed.error.__cause__
        return StoredObject(name=name, size=size, sha256=digest)

    async def get(self, name: str, max_bytes: int | None = None) -> bytes:
        """See :meth:`app.sync.transport.MediaStore.get`."""
        return b"".join([piece async for piece in self.stream(name, max_bytes)])

    async def stream(self, name: str, max_bytes: int | None = None) -> AsyncIterator[bytes]:
        """See :meth:`app.sync.transport.MediaStore.stream`; yields the stored chunks.

        `max_bytes` is the size the caller expects (from the sealed event): the hub's own
        metadata is not trusted to bound what we read.
        """
        _check_name(name)
        with _store_errors(f"get media {name}"):
            info = await self._store.get_info(name)
        if max_bytes is not None and (info.size or 0) > max_bytes:
            raise TransportError(f"media {name} is larger than expected")
        subject = OBJ_CHUNKS_PRE_TEMPLATE.format(bucket=self._bucket, obj=info.nuid)
        digest, received, count, seq = hashlib.sha256(), 0, 0, 0
        while received < (info.size or 0):
            with _store_errors(f"get media {name}"):
                msg = await self._js.get_msg(
                    self._stream, seq=seq + 1, subject=subject, direct=True, next=True
                )
            seq, chunk, count = int(msg.seq), bytes(msg.data or b""), count + 1
            received += len(chunk)
            if received > (info.size or 0) or count > (info.chunks or 0):
                raise TransportError(f"media {name}: more data than its metadata says")
            digest.update(chunk)
            yield chunk
        if not _same_digest(info.digest, digest.digest()):
            raise TransportError(f"media {name}: stored bytes do not match their digest")

    async def exists(self, name: str) -> bool:
        """See :meth:`app.sync.transport.MediaStore.exists`."""
        _check_name(name)
        with _store_errors(f"look up media {name}"):
            return await self._info(name) is not None

    async def delete(self, name: str) -> bool:
        """See :meth:`app.sync.transport.MediaStore.delete`."""
        _check_name(name)
        with _store_errors(f"delete media {name}"):
            try:
                await self._store.delete(name)  # a tombstone in the metadata, chunks purged
            except nats.js.errors.ObjectNotFoundError:
                return False
        return True

    async def _info(self, name: str) -> Any:
        """The object's metadata, or None if there is none (or it was deleted)."""
        try:
            return await self._store.get_info(name)
        except nats.js.errors.ObjectNotFoundError:
            return None

    async def _upload(
        self, name: str, nuid: str, subject: str, data: bytes | AsyncIterable[bytes]
    ) -> tuple[int, int, bytes]:
        """Chunks, then metadata; on any failure the chunks sent so far are purged."""
        try:
            size, count, digest = await self._send_chunks(subject, data)
            await self._send_meta(name, nuid, size, count, digest)
        except BaseException:
            # Also on cancellation: chunks nobody's metadata names would never be freed.
            with contextlib.suppress(nats.errors.Error, TimeoutError):
                await self._js.purge_stream(self._stream, subject=subject)
            raise
        return size, count, digest

    async def _send_chunks(
        self, subject: str, data: bytes | AsyncIterable[bytes]
    ) -> tuple[int, int, bytes]:
        """Publish the chunks, one acknowledged write at a time; returns size, count, SHA-256."""
        digest, size, count = hashlib.sha256(), 0, 0
        async for chunk in _pieces(data):
            await self._js.publish(subject, chunk, stream=self._stream)
            digest.update(chunk)
            size, count = size + len(chunk), count + 1
        return size, count, digest.digest()

    async def _send_meta(self, name: str, nuid: str, size: int, count: int, digest: bytes) -> None:
        info = api.ObjectInfo(
            name=name,
            bucket=self._bucket,
            nuid=nuid,
            size=size,
            chunks=count,
            digest=OBJ_DIGEST_TEMPLATE.format(digest=_b64(digest)),
            mtime=datetime.now(UTC).isoformat(),
            options=api.ObjectMetaOptions(max_chunk_size=CHUNK_SIZE),
        )
        subject = OBJ_META_PRE_TEMPLATE.format(bucket=self._bucket, obj=_b64(name.encode()))
        payload = json.dumps(info.as_dict()).encode()
        await self._js.publish(subject, payload, stream=self._stream, headers=_ROLLUP)

    async def _purge_chunks(self, nuid: str) -> None:
        subject = OBJ_CHUNKS_PRE_TEMPLATE.format(bucket=self._bucket, obj=nuid)
        await self._js.purge_stream(self._stream, subject=subject)


def _b64(data: bytes) -> str:
    """URL-safe base64 with padding, as the object-store layout writes names and digests."""
    return base64.urlsafe_b64encode(data).decode()


def _same_digest(stored: str | None, actual: bytes) -> bool:
    """Compare with a ``SHA-256=<base64url>`` digest, padded or not (clients differ)."""
    prefix, _, encoded = (stored or "").partition("=")
    if prefix.upper() != "SHA-256":
        return False
    with contextlib.suppress(ValueError):
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)) == actual
    return False
