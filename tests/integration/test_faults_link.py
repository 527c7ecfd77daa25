"""The fault bench's desk link: bytes pass both ways; cut drops and refuses; mend reopens."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from app.bench.faults_link import DeskLink

pytestmark = pytest.mark.asyncio


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(1024):
        writer.write(data)
        await writer.drain()
    writer.close()


@pytest_asyncio.fixture
async def link() -> AsyncIterator[DeskLink]:
    hub = await asyncio.start_server(_echo, "127.0.0.1", 0)
    port = hub.sockets[0].getsockname()[1]
    link = DeskLink(f"tls://127.0.0.1:{port}")
    await link.mend()
    try:
        yield link
    finally:
        await link.close()
        hub.close()
        await hub.wait_closed()


async def _round_trip(url: str, data: bytes) -> bytes:
    port = int(url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        return await reader.readexactly(len(data))
    finally:
        writer.close()


async def test_bytes_pass_through_unchanged(link: DeskLink) -> None:
    assert link.url.startswith("tls://127.0.0.1:")
    assert await _round_trip(link.url, b"PING\r\n" * 1000) == b"PING\r\n" * 1000


async def test_a_cut_drops_the_connection_and_refuses_new_ones_until_mended(
    link: DeskLink,
) -> None:
    port = int(link.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello")
    assert await reader.readexactly(5) == b"hello"

    await link.cut()

    assert await reader.read(10) == b""  # dropped: as a laptop leaving the network
    writer.close()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)
    await link.mend()
    assert link.url.endswith(f":{port}")  # the desk keeps the address it was given
    assert await _round_trip(link.url, b"back") == b"back"
