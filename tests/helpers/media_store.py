"""An in-memory `MediaStore` for services tests: a dict of objects, plus an outage switch."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator

from app.crypto.stream import valid_object_name
from app.sync.transport import MediaNotFound, StoredObject, TransportError, TransportUnavailable


class MemoryMediaStore:
    """Holds objects in memory, as the hub's object store would.

    Attributes:
        objects: Stored bytes by object name (tests scan them for plaintext).
        down: When True every call fails as if the hub did not answer.
        refuse: When True `put` fails as if the hub refused the object (store full).
    """

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.down = False
        self.refuse = False

    async def put(self, name: str, data: bytes | AsyncIterable[bytes]) -> StoredObject:
        self._check(name)
        if self.refuse:
            raise TransportError("the store is full")
        if not isinstance(data, bytes):
            data = b"".join([piece async for piece in data])
        self.objects[name] = data
        return StoredObject(name, len(data), hashlib.sha256(data).digest())

    async def get(self, name: str, max_bytes: int | None = None) -> bytes:
        self._check(name)
        if name not in self.objects:
            raise MediaNotFound(name)
        return self.objects[name]

    async def stream(self, name: str, max_bytes: int | None = None) -> AsyncIterator[bytes]:
        yield await self.get(name)

    async def exists(self, name: str) -> bool:
        self._check(name)
        return name in self.objects

    async def delete(self, name: str) -> bool:
        self._check(name)
        return self.objects.pop(name, None) is not None

    def _check(self, name: str) -> None:
        if not valid_object_name(name):
            raise ValueError("not a random object name")
        if self.down:
            raise TransportUnavailable("the hub is down")
