"""The webhook's fast lane (`webhook_lane`), over raw sockets to the real gateway.

Meta's shape of POST is answered by the lane; anything else on the same connection, from its
first byte, by aiohttp; either way each signed message reaches the desks once, and answers
come back in request order.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from urllib.parse import urlsplit

import pytest

from app.demo.stack import DemoStack
from app.gateway.webhook import MAX_WEBHOOK_BYTES
from app.gateway.webhook_lane import WebhookLane
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.slow, pytest.mark.fast_loop, pytest.mark.asyncio]


def _body(n: int) -> bytes:
    message = {
        "from": f"49151{n:07d}",
        "from_user_id": f"DE.{n}",
        "id": f"wamid.LANE{n}",
        "timestamp": "1767225600",
        "type": "text",
        "text": {"body": f"lane message {n}"},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930555000", "phone_number_id": "770000000000001"},
        "contacts": [{"profile": {"name": "Test"}, "wa_id": message["from"], "user_id": f"DE.{n}"}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "8800", "changes": [change]}],
    }
    return json.dumps(envelope).encode()


def _post(stack: DemoStack, raw: bytes, *, extra: bytes = b"", chunked: bool = False) -> bytes:
    signature = "sha256=" + hmac.new(stack.app_secret.encode(), raw, hashlib.sha256).hexdigest()
    head = (
        f"POST {urlsplit(stack.callback_url).path} HTTP/1.1\r\nHost: gateway\r\n"
        f"Content-Type: application/json\r\nX-Hub-Signature-256: {signature}\r\n"
    ).encode() + extra
    if chunked:
        half = len(raw) // 2
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (raw[:half], raw[half:]))
        return head + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(raw) + raw


async def _answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One response: status, headers (lower-case names), body."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in head[1:] if line)
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(head[0].split()[1]), headers, body


async def _connect(
    stack: DemoStack, *, receive_buffer: int | None = None
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection to the gateway's webhook port; `receive_buffer` shrinks the client's
    socket buffer (a client that reads slowly fills it sooner)."""
    url = urlsplit(stack.callback_url)
    assert url.hostname is not None
    assert url.port is not None
    if receive_buffer is None:
        return await asyncio.open_connection(url.hostname, url.port)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)  # before connecting
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (url.hostname, url.port))
    return await asyncio.open_connection(sock=sock)


async def _on_desks(stack: DemoStack, count: int) -> None:
    async def arrived() -> bool:
        stats = [await d.replica.stats() for d in stack.desks.values()]
        return [s.inbound_messages for s in stats] == [count] * len(stats)

    await until_async(arrived, within=10)


async def test_one_connection_mixes_the_lane_and_aiohttp_in_order(stack: DemoStack) -> None:
    """Three POSTs on the lane, then the handshake (aiohttp's) on the same connection, then a
    POST that aiohttp now serves; two pipelined POSTs come back in order."""
    reader, writer = await _connect(stack)
    try:
        for n in range(3):
            writer.write(_post(stack, _body(n)))
            status, headers, _ = await _answer(reader)
            assert (status, headers.get("connection")) == (200, None)
            assert "server" not in headers  # the lane's answer (aiohttp names itself)
        query = f"hub.mode=subscribe&hub.challenge=4711&hub.verify_token={stack.verify_token}"
        get = f"GET {urlsplit(stack.callback_url).path}?{query} HTTP/1.1\r\nHost: g\r\n\r\n"
        writer.write(get.encode() + _post(stack, _body(3)))  # pipelined behind the GET
        status, headers, body = await _answer(reader)
        assert (status, body, "aiohttp" in headers["server"]) == (200, b"4711", True)
        status, headers, _ = await _answer(reader)
        assert (status, "aiohttp" in headers["server"]) == (200, True)
    finally:
        writer.close()
    reader, writer = await _connect(stack)
    try:
        writer.write(_post(stack, _body(4)) + _post(stack, _body(5)))
        assert [(await _answer(reader))[0] for _ in range(2)] == [200, 200]
    finally:
        writer.close()
    await _on_desks(stack, 6)


async def test_a_head_that_arrives_byte_by_byte_is_answered(stack: DemoStack) -> None:
    reader, writer = await _connect(stack)
    try:
        for byte in _post(stack, _body(1)):
            writer.write(bytes([byte]))
            await writer.drain()
        assert (await _answer(reader))[0] == 200
    finally:
        writer.close()
    await _on_desks(stack, 1)


async def test_chunked_and_closing_requests_are_served_as_before(stack: DemoStack) -> None:
    reader, writer = await _connect(stack)
    try:
        writer.write(_post(stack, _body(1), chunked=True))  # aiohttp's path
        assert (await _answer(reader))[0] == 200
    finally:
        writer.close()
    reader, writer = await _connect(stack)
    try:
        writer.write(_post(stack, _body(2), extra=b"Connection: close\r\n"))
        status, headers, _ = await _answer(reader)
        assert (status, headers["connection"]) == (200, "close")
        assert await reader.read() == b""  # the gateway closed it
    finally:
        writer.close()
    await _on_desks(stack, 2)


async def test_refusals_on_the_lane_publish_nothing(stack: DemoStack) -> None:
    assert stack.gateway is not None
    before = stack.gateway.stats["published"]
    reader, writer = await _connect(stack)
    try:
        good = _post(stack, _body(1))
        writer.write(good.replace(b"X-Hub-Signature-256: sha256=", b"X-Hub-Signature-256: x"))
        assert (await _answer(reader))[0] == 403
        writer.write(good.replace(b"X-Hub-Signature", b"X-Not-Signature"))
        assert (await _answer(reader))[0] == 401  # and the connection stays usable
        huge = _post(stack, b"", extra=b"Content-Length: %d\r\n" % (MAX_WEBHOOK_BYTES + 1))
        writer.write(huge.replace(b"Content-Length: 0\r\n", b""))
        status, headers, _ = await _answer(reader)
        assert (status, "aiohttp" in headers["server"]) == (413, True)  # aiohttp's, as before
    finally:
        writer.close()
    assert stack.gateway.stats["published"] == before


async def test_a_head_longer_than_the_lanes_limit_is_aiohttps_to_refuse(stack: DemoStack) -> None:
    reader, writer = await _connect(stack)
    try:
        long_line = b"X-Padding: " + b"p" * 20_000 + b"\r\n"  # over aiohttp's 8,190 a line
        writer.write(_post(stack, _body(1), extra=long_line))  # the whole head in one read
        assert (await _answer(reader))[0] == 400
    finally:
        writer.close()


async def test_a_client_that_never_reads_its_answers_is_read_no_further(
    stack: DemoStack,
) -> None:
    """Refusals are answered at once: a client pipelining them without reading the answers
    must not make the gateway buffer answers without end (memory), as aiohttp never did."""
    lane = _lane(stack)
    reader, writer = await _connect(stack, receive_buffer=16 * 1024)
    try:
        sent = await _stall(stack, writer)
        assert lane.unsent() < 256 * 1024  # the transport's high-water mark, and one answer
        statuses = [(await _answer(reader))[0] for _ in range(sent)]  # reading resumes it
        assert statuses == [401] * sent
    finally:
        writer.close()


def _lane(stack: DemoStack) -> WebhookLane:
    assert stack.gateway is not None
    lane = stack.gateway.lane
    assert lane is not None
    return lane


async def _stall(stack: DemoStack, writer: asyncio.StreamWriter) -> int:
    """Pipeline unsigned POSTs without reading until the gateway stops reading them, however
    large the machine's socket buffers: returns how many were sent."""
    lane = _lane(stack)
    path = urlsplit(stack.callback_url).path
    unsigned = f"POST {path} HTTP/1.1\r\nContent-Length: 2\r\n\r\n{{}}".encode()
    sent = 0
    while lane.stalled() == 0:
        assert sent < 1_000_000, "the gateway read on and on without its answers taken"
        writer.write(unsigned * 20_000)
        sent += 20_000
        # The gateway stalled, or took all of it (then more answers are needed to stall it).
        await until(
            lambda: lane.stalled() == 1 or writer.transport.get_write_buffer_size() == 0,
            timeout=30,
        )
    return sent
