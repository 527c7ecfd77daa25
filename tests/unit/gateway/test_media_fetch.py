"""Inbound media fetching: the token goes only to trusted origins, every file is checked
against Meta's hash, and a redelivered webhook never downloads the same file twice."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from app.domain.ids import Wamid
from app.gateway.graph import GraphConfig, MediaClient
from app.gateway.media import MediaFetcher, expected_digest
from app.log.events import MediaStored
from app.sync.transport import StoredObject
from tests.helpers.wait import until

FILE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
TOKEN = "SECRET-TOKEN"


class Server:
    """A loopback server playing Graph's media node and a file host; records every request."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        self.info: dict[str, Any] = {}
        self.delay = 0.0
        self.url = ""

    async def media_node(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, request.headers.get("Authorization")))
        return web.json_response(self.info)

    async def file(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, request.headers.get("Authorization")))
        await asyncio.sleep(self.delay)  # a slow download, as the scenario needs
        return web.Response(body=FILE, content_type="image/png")


@pytest_asyncio.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    app = web.Application()
    app.router.add_get("/v23.0/{media_id}", state.media_node)
    app.router.add_get("/files/photo", state.file)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield state
    finally:
        await runner.cleanup()


class Store:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    async def put(self, name: str, data: Any) -> StoredObject:
        self.objects[name] = data
        return StoredObject(name, len(data), hashlib.sha256(data).hexdigest())


class Announced:
    """Collects MediaStored events the fetcher publishes."""

    def __init__(self) -> None:
        self.events: list[MediaStored] = []

    async def __call__(self, event: MediaStored) -> None:
        self.events.append(event)


async def _fetcher(
    server: Server,
    session: aiohttp.ClientSession,
    origins: tuple[str, ...],
    store: Store,
    announced: Announced,
    delays: tuple[float, ...] = (),
) -> MediaFetcher:
    config = GraphConfig(server.url, "770", TOKEN, media_origins=origins)
    stats = {"media_stored": 0, "media_failed": 0}
    return MediaFetcher(MediaClient(config, session), store, announced, stats, delays)  # type: ignore[arg-type]


async def _settled(fetcher: MediaFetcher) -> None:
    """Wait for every scheduled fetch to finish (the fetcher's own tasks)."""
    await asyncio.gather(*list(fetcher._tasks.values()), return_exceptions=True)


WAMID = Wamid("wamid.M1")


@pytest.mark.asyncio
async def test_the_token_never_goes_to_an_untrusted_origin(server: Server) -> None:
    server.info = {"url": f"{server.url}/files/photo", "sha256": hashlib.sha256(FILE).hexdigest()}
    store, announced = Store(), Announced()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(
            server, session, ("https://lookaside.fbsbx.com",), store, announced
        )
        fetcher.schedule(WAMID, "1555", "")
        await _settled(fetcher)
    assert announced.events == []
    assert [path for path, _ in server.requests] == ["/v23.0/1555"]  # no download at all
    assert store.objects == {}


@pytest.mark.asyncio
@pytest.mark.parametrize("where", ["info-hex", "webhook-base64"])
async def test_a_file_is_stored_only_when_it_matches_a_hash_from_meta(
    server: Server, where: str
) -> None:
    digest = hashlib.sha256(FILE).digest()
    server.info = {"url": f"{server.url}/files/photo"}
    webhook = ""
    if where == "info-hex":
        server.info["sha256"] = digest.hex()
    else:
        webhook = base64.b64encode(digest).decode()
    store, announced = Store(), Announced()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store, announced)
        fetcher.schedule(WAMID, "1555", webhook)
        await _settled(fetcher)
    [event] = announced.events
    assert event.wamid == WAMID
    assert event.stored.size == len(FILE)
    assert len(store.objects) == 1
    assert FILE not in next(iter(store.objects.values()))  # only ciphertext is stored


@pytest.mark.asyncio
@pytest.mark.parametrize("sha", [None, "not-a-hash", hashlib.sha256(b"other").hexdigest()])
async def test_a_file_without_a_matching_hash_is_refused(server: Server, sha: str | None) -> None:
    server.info = {"url": f"{server.url}/files/photo"}
    if sha is not None:
        server.info["sha256"] = sha
    store, announced = Store(), Announced()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store, announced)
        fetcher.schedule(WAMID, "1555", "")
        await _settled(fetcher)
    assert announced.events == []
    assert store.objects == {}


@pytest.mark.asyncio
async def test_a_redelivery_does_not_fetch_again(server: Server) -> None:
    server.info = {"url": f"{server.url}/files/photo", "sha256": hashlib.sha256(FILE).hexdigest()}
    server.delay = 0.2
    store, announced = Store(), Announced()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store, announced)
        fetcher.schedule(WAMID, "1555", "")
        fetcher.schedule(WAMID, "1555", "")  # Meta delivered the webhook again meanwhile
        await _settled(fetcher)
    assert [path for path, _ in server.requests if path == "/files/photo"] == ["/files/photo"]
    assert len(announced.events) == 1
    assert len(store.objects) == 1


@pytest.mark.asyncio
async def test_a_failed_fetch_is_tried_again_later(server: Server) -> None:
    server.info = {"error": {"code": 131016, "message": "Service unavailable"}}
    store, announced = Store(), Announced()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store, announced, (0.05,))
        fetcher.schedule(WAMID, "1555", "")
        await until(lambda: len(server.requests) == 1)  # the first attempt was refused
        # Meta recovers before the retry.
        server.info = {
            "url": f"{server.url}/files/photo",
            "sha256": hashlib.sha256(FILE).hexdigest(),
        }
        await _settled(fetcher)
    assert len(announced.events) == 1
    assert [path for path, _ in server.requests].count("/v23.0/1555") == 2


def test_expected_digest_forms() -> None:
    digest = hashlib.sha256(b"x").digest()
    assert expected_digest(digest.hex(), "") == digest
    assert expected_digest("", base64.b64encode(digest).decode()) == digest
    assert expected_digest("", "") is None
    assert expected_digest("abc", "!!!") is None
