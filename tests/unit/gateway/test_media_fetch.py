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

from app.domain.content import ContentKind, Media
from app.domain.events import CustomerMessage
from app.domain.ids import CustomerId, Wamid
from app.gateway.graph import GraphConfig, MediaClient
from app.gateway.media import MediaFetcher, expected_digest
from app.sync.transport import StoredObject

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


def _message(sha_b64: str = "") -> CustomerMessage:
    media = Media(ContentKind.IMAGE, "image/png", meta_sha256=sha_b64)
    return CustomerMessage(Wamid("wamid.M1"), CustomerId("DE.1"), "", "Lena", 1, media)


async def _fetcher(
    server: Server, session: aiohttp.ClientSession, origins: tuple[str, ...], store: Store
) -> MediaFetcher:
    config = GraphConfig(server.url, "770", TOKEN, media_origins=origins)
    return MediaFetcher(MediaClient(config, session), store)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_the_token_never_goes_to_an_untrusted_origin(server: Server) -> None:
    server.info = {"url": f"{server.url}/files/photo", "sha256": hashlib.sha256(FILE).hexdigest()}
    store = Store()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, ("https://lookaside.fbsbx.com",), store)
        message = await fetcher.attach(_message(), "1555")
    assert isinstance(message.content, Media)
    assert message.content.stored is None
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
    store = Store()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store)
        message = await fetcher.attach(_message(webhook), "1555")
    assert isinstance(message.content, Media)
    assert message.content.stored is not None
    assert len(store.objects) == 1
    assert FILE not in next(iter(store.objects.values()))  # only ciphertext is stored


@pytest.mark.asyncio
@pytest.mark.parametrize("sha", [None, "not-a-hash", hashlib.sha256(b"other").hexdigest()])
async def test_a_file_without_a_matching_hash_is_refused(server: Server, sha: str | None) -> None:
    server.info = {"url": f"{server.url}/files/photo"}
    if sha is not None:
        server.info["sha256"] = sha
    store = Store()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store)
        message = await fetcher.attach(_message(), "1555")
    assert isinstance(message.content, Media)
    assert message.content.stored is None
    assert store.objects == {}


@pytest.mark.asyncio
async def test_a_redelivery_waits_for_the_running_fetch(server: Server) -> None:
    server.info = {"url": f"{server.url}/files/photo", "sha256": hashlib.sha256(FILE).hexdigest()}
    server.delay = 0.3
    store = Store()
    async with aiohttp.ClientSession() as session:
        fetcher = await _fetcher(server, session, (server.url,), store)
        first, second = await asyncio.gather(
            fetcher.attach(_message(), "1555"), fetcher.attach(_message(), "1555")
        )
    downloads = [path for path, _ in server.requests if path == "/files/photo"]
    assert downloads == ["/files/photo"]
    assert len(store.objects) == 1
    assert first == second


def test_expected_digest_forms() -> None:
    digest = hashlib.sha256(b"x").digest()
    assert expected_digest(digest.hex(), "") == digest
    assert expected_digest("", base64.b64encode(digest).decode()) == digest
    assert expected_digest("", "") is None
    assert expected_digest("abc", "!!!") is None
