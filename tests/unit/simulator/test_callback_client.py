"""The webhook POST client over real loopback sockets: keep-alive, framings, failures."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from aiohttp import web

from app.simulator.callback_client import USER_AGENT, CallbackClient, MalformedResponse

from .conftest import until

pytestmark = pytest.mark.asyncio

Answer = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]
"""Reads one request and answers it; False closes the connection."""


@dataclass
class RawServer:
    """A callback written by hand, to answer in framings aiohttp's server never uses."""

    url: str
    connections: list[str] = field(default_factory=list)


@pytest_asyncio.fixture
async def received() -> AsyncIterator[tuple[str, list[web.Request], list[bytes], set[int]]]:
    """An aiohttp callback: (URL, requests, bodies, ids of the connections they came on)."""
    requests: list[web.Request] = []
    bodies: list[bytes] = []
    connections: set[int] = set()

    async def notify(request: web.Request) -> web.Response:
        requests.append(request)
        bodies.append(await request.read())
        connections.add(id(request.transport))
        return web.Response(status=200 if len(bodies) != 2 else 503, text="EVENT_RECEIVED")

    app = web.Application()
    app.router.add_post("/hook", notify)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook?x=1"
    try:
        yield url, requests, bodies, connections
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def raw_server() -> AsyncIterator[Callable[[Answer], Awaitable[RawServer]]]:
    servers: list[asyncio.Server] = []

    async def start(answer: Answer) -> RawServer:
        made = RawServer("")

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            made.connections.append(str(writer.get_extra_info("peername")))
            try:
                while await _request(reader) and await answer(reader, writer):
                    pass
            finally:
                writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        servers.append(server)
        made.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/cb"
        return made

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def _writes(answer: bytes, *, keep: bool) -> Answer:
    """An answer that writes these bytes; `keep` False closes the connection afterwards."""

    async def write(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(answer)
        await writer.drain()
        return keep

    return write


async def _two_posts(url: str) -> list[int]:
    """The statuses of two POSTs by one client, closed afterwards."""
    client = CallbackClient(url, timeout=2.0)
    try:
        return [await client.post(b"{}", "sha256=ab") for _ in range(2)]
    finally:
        client.close()


async def _request(reader: asyncio.StreamReader) -> bool:
    """Read one request (head and Content-Length body); False at end of input."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return False
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return True


async def test_posts_reuse_one_connection_with_meta_headers(
    received: tuple[str, list[web.Request], list[bytes], set[int]],
) -> None:
    url, requests, bodies, connections = received
    client = CallbackClient(url, timeout=2.0)
    try:
        statuses = [await client.post(b'{"n":%d}' % n, "sha256=ab") for n in range(3)]
    finally:
        client.close()
    assert statuses == [200, 503, 200]
    assert bodies == [b'{"n":0}', b'{"n":1}', b'{"n":2}']
    assert len(connections) == 1  # kept alive, even after a 5xx
    first = requests[0]
    assert first.path_qs == "/hook?x=1"
    assert first.headers["X-Hub-Signature-256"] == "sha256=ab"
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["User-Agent"] == USER_AGENT


async def test_a_post_without_signature_has_no_signature_header(
    received: tuple[str, list[web.Request], list[bytes], set[int]],
) -> None:
    url, requests, _, _ = received
    client = CallbackClient(url, timeout=2.0)
    try:
        assert await client.post(b"{}", None) == 200
    finally:
        client.close()
    assert "X-Hub-Signature-256" not in requests[0].headers


async def test_chunked_answers_end_where_the_last_chunk_says(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n3\r\n!!!\r\n0\r\nX-Trailer: y\r\n\r\n"
    )
    server = await raw_server(_writes(chunked, keep=True))
    assert await _two_posts(server.url) == [200, 200]
    assert len(server.connections) == 1


async def test_an_answer_that_closes_is_read_to_the_end_and_not_reused(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    until_close = b"HTTP/1.0 202 Accepted\r\n\r\nno length, the close ends it"
    server = await raw_server(_writes(until_close, keep=False))
    assert await _two_posts(server.url) == [202, 202]
    assert len(server.connections) == 2


async def test_a_connection_closed_while_idle_is_replaced(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    # Closes after answering, without saying so.
    server = await raw_server(
        _writes(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", keep=False)
    )
    client = CallbackClient(server.url, timeout=2.0)
    try:
        assert await client.post(b"{}", "sha256=ab") == 200
        await until(lambda: not any(c.open for c in client._idle))
        assert await client.post(b"{}", "sha256=ab") == 200
    finally:
        client.close()
    assert len(server.connections) == 2


async def test_an_interim_answer_is_skipped_and_the_real_one_read(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    server = await raw_server(_writes(interim, keep=True))
    assert await _two_posts(server.url) == [200, 200]
    assert len(server.connections) == 1  # the 100's lack of a length did not end the reuse


async def test_a_connection_that_stalled_a_body_is_not_reused(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    early = _writes(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", keep=True)

    async def answer_before_the_body(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")  # answers at once, the stalled body to come
            server.connections.append("stalled")
            await early(reader, writer)
            await reader.read()  # until the client hangs up
        finally:
            writer.close()

    server = RawServer("")
    listening = await asyncio.start_server(answer_before_the_body, "127.0.0.1", 0)
    server.url = f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}/cb"
    client = CallbackClient(server.url, timeout=2.0)
    try:
        assert await client.post(b'{"a":1}', "sha256=ab", stall=30.0) == 200
        assert [c for c in client._idle if c.open] == []  # the late rest must not join a POST
    finally:
        client.close()
        listening.close()
        await listening.wait_closed()


async def test_an_answer_that_is_not_http_fails(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    garbage = _writes(b"SSH-2.0-OpenSSH_9.6\r\n\r\n", keep=True)
    client = CallbackClient((await raw_server(garbage)).url, timeout=2.0)
    try:
        with pytest.raises(MalformedResponse):
            await client.post(b"{}", "sha256=ab")
        assert client._idle == []  # a broken connection is never reused
    finally:
        client.close()


async def test_a_callback_that_never_answers_times_out(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    async def silent(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> bool:
        await reader.read()  # until the client gives up and closes
        return False

    client = CallbackClient((await raw_server(silent)).url, timeout=0.2)
    try:
        with pytest.raises(TimeoutError):
            await client.post(b"{}", "sha256=ab")
        assert client._idle == []
    finally:
        client.close()


async def test_nobody_listening_is_a_connection_error() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    client = CallbackClient(f"http://127.0.0.1:{port}/cb", timeout=2.0)
    with pytest.raises(ConnectionRefusedError):
        await client.post(b"{}", "sha256=ab")


async def test_only_web_urls_are_callbacks() -> None:
    with pytest.raises(ValueError, match="http"):
        CallbackClient("ftp://127.0.0.1/cb", timeout=1.0)


async def test_start_posts_on_an_idle_connection_and_calls_back(
    received: tuple[str, list[web.Request], list[bytes], set[int]],
) -> None:
    url, _, bodies, connections = received
    client = CallbackClient(url, timeout=2.0)
    outcomes: list[int | BaseException] = []
    try:
        assert not client.start(b'{"n":0}', "sha256=ab", outcomes.append)  # nothing idle yet
        assert await client.post(b'{"n":1}', "sha256=ab") == 200
        assert client.start(b'{"n":2}', "sha256=ab", outcomes.append)
        await until(lambda: len(outcomes) == 1)
        assert client.start(b'{"n":3}', "sha256=ab", outcomes.append)  # kept after the 503
        await until(lambda: len(outcomes) == 2)
    finally:
        client.close()
    assert outcomes == [503, 200]
    assert bodies == [b'{"n":1}', b'{"n":2}', b'{"n":3}']
    assert len(connections) == 1


async def test_abort_ends_a_post_under_way(
    raw_server: Callable[[Answer], Awaitable[RawServer]],
) -> None:
    answered: list[bool] = []

    async def only_the_first(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        if answered:
            await reader.read()  # never answers the second: until the client hangs up
            return False
        answered.append(True)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        return True

    client = CallbackClient((await raw_server(only_the_first)).url, timeout=30.0)
    outcomes: list[int | BaseException] = []
    assert await client.post(b"{}", None) == 200
    assert client.start(b"{}", None, outcomes.append)
    client.abort()
    await until(lambda: len(outcomes) == 1)
    assert isinstance(outcomes[0], ConnectionResetError)
    assert client._idle == []


async def test_a_post_cancelled_after_its_answer_leaves_the_next_post_alone() -> None:
    """A `post` whose task is cancelled after its answer came must not abandon the connection:
    it is idle again, and the next POST may already be on it (it would never be answered)."""
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    held: list[asyncio.StreamWriter] = []
    holding = False
    serving = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal serving
        serving += 1
        try:
            await answer(reader, writer)
        finally:
            writer.close()
            serving -= 1

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                body = await reader.readexactly(length)
                if holding and body in (b"A", b"B"):
                    held.append(writer)
                    if len(held) == 2:  # both answers in one go: read in one turn of the loop
                        for waiting in held:
                            waiting.write(ok)
                    continue
                writer.write(ok)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
    client = CallbackClient(url, timeout=5.0)
    later: list[int | BaseException] = []
    try:
        await asyncio.gather(client.post(b"x", None), client.post(b"y", None))  # two kept
        holding = True
        post = asyncio.create_task(client.post(b"A", None))
        await until(lambda: len(held) == 1)

        def b_answered(outcome: int | BaseException) -> None:
            # Both connections are idle again: the next POSTs take them, A's task is cancelled.
            client.start(b"C1", None, later.append)
            client.start(b"C2", None, later.append)
            post.cancel()

        assert client.start(b"B", None, b_answered)
        with contextlib.suppress(asyncio.CancelledError):
            await post
        await until(lambda: len(later) == 2, within=8)
        assert later == [200, 200]
    finally:
        client.abort()
        server.close()
        await server.wait_closed()
        await until(lambda: serving == 0)  # each connection's handler closed its end
