"""NatsMediaStore against a real nats-server: round trips, not-found, delete, and no plaintext.

The hub holds only what `app.crypto.stream` sealed (crypto.md §3.13, §6 item 3).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import nats
import pytest
import pytest_asyncio

from app.crypto.primitives import sha256
from app.crypto.stream import MediaRef, StreamOpener, StreamSealer, new_object_name, seal_stream
from app.crypto.stream import open_stream as open_sealed
from app.hub import Hub
from app.sync.media_store import CHUNK_SIZE, NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import (
    MediaNotFound,
    MediaStore,
    TransportError,
    TransportUnavailable,
    media_bucket,
)
from tests.helpers.hub import connected, new_team, running_hub

MiB = 1024 * 1024
ROLLUP = {"Nats-Rollup": "sub"}


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    async with running_hub(tmp_path) as running:
        yield running


@pytest.fixture
def team() -> str:
    return new_team()


@pytest_asyncio.fixture
async def transport(hub: Hub, team: str) -> AsyncIterator[NatsTransport]:
    async with connected(hub.url, team, ensure_stream=False) as opened:
        yield opened


@pytest_asyncio.fixture
async def store(transport: NatsTransport) -> NatsMediaStore:
    return await NatsMediaStore.open(transport)


def _name() -> str:
    return new_object_name(os.urandom)


async def _in_pieces(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_bucket_is_named_per_team() -> None:
    assert media_bucket("ab12") == "SB_ab12_media"
    with pytest.raises(ValueError, match="team id"):
        media_bucket("AB.12")


@pytest.mark.asyncio
async def test_one_mib_round_trip(store: NatsMediaStore) -> None:
    plaintext = os.urandom(MiB)
    file_key, ciphertext = seal_stream(plaintext, os.urandom)
    name = _name()
    stored = await store.put(name, ciphertext)
    assert (stored.name, stored.size, stored.sha256) == (name, len(ciphertext), sha256(ciphertext))
    assert await store.get(name) == ciphertext
    assert open_sealed(file_key, await store.get(name)) == plaintext


@pytest.mark.asyncio
async def test_twenty_mib_streamed_both_ways(store: NatsMediaStore) -> None:
    plaintext = os.urandom(20 * MiB)
    sealer = StreamSealer(os.urandom)

    async def sealed_pieces() -> AsyncIterator[bytes]:
        # Odd piece sizes, as a download would deliver them, sealed as they come.
        async for piece in _in_pieces(plaintext, 100_003):
            yield sealer.update(piece)
        yield sealer.finish()

    name = _name()
    stored = await store.put(name, sealed_pieces())
    ref = MediaRef(name, sealer.file_key, stored.sha256, len(plaintext), "video/mp4", "ride.mp4")
    opener = StreamOpener.for_ref(ref)
    opened = [opener.update(chunk) async for chunk in store.stream(name)]
    assert b"".join([*opened, opener.finish()]) == plaintext


@pytest.mark.asyncio
async def test_layout_is_the_standard_object_store(
    store: NatsMediaStore, transport: NatsTransport
) -> None:
    """nats-py's own ObjectStore reads what we wrote, and we read what it wrote."""
    ours, theirs = _name(), _name()
    data = os.urandom(3 * CHUNK_SIZE + 7)
    await store.put(ours, data)
    bucket = await transport._js.object_store(media_bucket(transport._team))
    assert (await bucket.get(ours)).data == data
    await bucket.put(theirs, data)
    assert await store.get(theirs) == data


@pytest.mark.asyncio
async def test_missing_objects(store: NatsMediaStore) -> None:
    name = _name()
    assert not await store.exists(name)
    assert not await store.delete(name)
    with pytest.raises(MediaNotFound):
        await store.get(name)
    with pytest.raises(MediaNotFound):
        _ = [chunk async for chunk in store.stream(name)]
    assert issubclass(MediaNotFound, TransportError)  # callers catching TransportError see it


@pytest.mark.asyncio
async def test_delete_frees_the_chunks(store: NatsMediaStore, transport: NatsTransport) -> None:
    name = _name()
    await store.put(name, os.urandom(MiB))
    assert await store.exists(name)
    assert await store.delete(name)
    assert not await store.exists(name)
    with pytest.raises(MediaNotFound):
        await store.get(name)
    info = await transport._js.stream_info(f"OBJ_{media_bucket(transport._team)}")
    assert info.state.messages == 1  # only the deletion marker is left


@pytest.mark.asyncio
async def test_put_again_replaces_and_frees_the_old_chunks(
    store: NatsMediaStore, transport: NatsTransport
) -> None:
    name = _name()
    await store.put(name, os.urandom(2 * CHUNK_SIZE))
    await store.put(name, b"second")
    assert await store.get(name) == b"second"
    info = await transport._js.stream_info(f"OBJ_{media_bucket(transport._team)}")
    assert info.state.messages == 2  # one chunk and one metadata message


@pytest.mark.asyncio
async def test_bucket_is_file_backed_without_ttl_and_reopens(
    store: NatsMediaStore, transport: NatsTransport
) -> None:
    reopened: MediaStore = await NatsMediaStore.open(transport)  # exists now: no error
    name = _name()
    await reopened.put(name, b"x")
    assert await store.get(name) == b"x"
    info = await transport._js.stream_info(f"OBJ_{media_bucket(transport._team)}")
    assert info.config.storage == "file"
    assert not info.config.max_age


@pytest.mark.asyncio
async def test_names_must_be_random_hex(store: NatsMediaStore) -> None:
    for bad in ("", "photo.jpg", "AB" * 16, "ab" * 15, "../" + "a" * 29):
        with pytest.raises(ValueError, match="hex"):
            await store.put(bad, b"x")
        with pytest.raises(ValueError, match="hex"):
            await store.exists(bad)


@pytest.mark.asyncio
async def test_a_failing_upload_leaves_no_chunks(
    store: NatsMediaStore, transport: NatsTransport
) -> None:
    async def failing() -> AsyncIterator[bytes]:
        yield os.urandom(3 * CHUNK_SIZE)
        raise TimeoutError("download timed out")  # the source's, not the hub's

    name = _name()
    with pytest.raises(TimeoutError, match="download timed out"):
        await store.put(name, failing())
    assert not await store.exists(name)
    info = await transport._js.stream_info(f"OBJ_{media_bucket(transport._team)}")
    assert info.state.messages == 0


@pytest.mark.asyncio
async def test_unreachable_hub_is_transport_unavailable(hub: Hub, team: str) -> None:
    nc = await nats.connect(hub.url)
    try:
        # A JetStream domain no server serves: every request gets "no responders" at once.
        with pytest.raises(TransportUnavailable):
            await NatsMediaStore.from_jetstream(nc.jetstream(domain="nowhere"), team)
        store = await NatsMediaStore.from_jetstream(nc.jetstream(timeout=0.5), team)
        await hub.stop()
        with pytest.raises(TransportUnavailable):
            await store.exists(_name())
    finally:
        # nats-py's close can trip over the socket the stopped hub reset.
        with contextlib.suppress(ConnectionResetError):
            await nc.close()


def _needles(canary: bytes) -> Iterator[bytes]:
    yield canary
    yield canary.hex().encode()
    yield canary.hex().upper().encode()
    yield base64.b64encode(canary)
    yield base64.urlsafe_b64encode(canary)


def _hits(store_dir: Path, canary: bytes) -> list[str]:
    return [
        str(path)
        for path in sorted(store_dir.rglob("*"))
        if path.is_file() and any(needle in path.read_bytes() for needle in _needles(canary))
    ]


@pytest.mark.asyncio
async def test_the_hub_stores_no_plaintext(tmp_path: Path) -> None:
    canary, control = os.urandom(24), os.urandom(24)  # high entropy: no chance hits
    team = new_team()
    async with running_hub(tmp_path) as hub, connected(hub.url, team, ensure_stream=False) as t:
        store = await NatsMediaStore.open(t)
        _, sealed = seal_stream(canary * 12_000, os.urandom)  # ~288 KB, five chunks
        await store.put(_name(), sealed)
        # The scan must be able to fail: a plaintext stored unsealed is found.
        await store.put(_name(), control * 12_000)
        store_dir = hub.store_dir
    # The hub has stopped, so everything it wrote is on disk.
    bucket_dir = store_dir / "jetstream" / "$G" / "streams" / f"OBJ_{media_bucket(team)}"
    assert bucket_dir.is_dir()
    assert _hits(store_dir, control)
    assert _hits(store_dir, canary) == []


@pytest.mark.asyncio
async def test_bytes_that_do_not_match_the_digest_are_refused(
    store: NatsMediaStore, transport: NatsTransport
) -> None:
    name, bucket = _name(), media_bucket(transport._team)
    await store.put(name, b"a" * 10)
    # A hub that rewrites an object's metadata (it cannot forge STREAM chunks, but it can lie).
    info = await (await transport._js.object_store(bucket)).get_info(name)
    info.digest = "SHA-256=" + base64.urlsafe_b64encode(sha256(b"b" * 10)).decode()
    meta = f"$O.{bucket}.M.{base64.urlsafe_b64encode(name.encode()).decode()}"
    await transport._js.publish(meta, json.dumps(info.as_dict()).encode(), headers=ROLLUP)
    with pytest.raises(TransportError, match="digest"):
        await store.get(name)
