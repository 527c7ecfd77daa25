"""A desk's network link to the hub, for `switchboard bench faults` to cut and mend.

A plain TCP relay on loopback between one desk and the hub: the desk is given the relay's
address, and the bytes (TLS included, so the certificate pin still names the hub) pass through
unchanged. `cut` closes every connection and stops listening, so the desk's reconnects are
refused, as when a laptop leaves the office network; `mend` listens on the same port again.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

_CHUNK = 64 * 1024


class DeskLink:
    """One desk's relay to one hub address."""

    def __init__(self, hub_url: str) -> None:
        parts = urlsplit(hub_url)
        if parts.hostname is None or parts.port is None:
            raise ValueError("a hub URL names its host and port")
        self._hub_url = hub_url
        self._target = (parts.hostname, parts.port)
        self._server: asyncio.Server | None = None
        self._port = 0
        self._ends: set[asyncio.StreamWriter] = set()
        """Both ends of every open connection."""
        self._relays: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        """The hub's URL with the relay's port: what the desk is given."""
        parts = urlsplit(self._hub_url)
        return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{self._port}"))

    async def mend(self) -> None:
        """Listen (again, on the same port once it has one) and relay every connection."""
        if self._server is None:
            self._server = await asyncio.start_server(self._relay, "127.0.0.1", self._port)
            self._port = int(self._server.sockets[0].getsockname()[1])

    async def cut(self) -> None:
        """Stop listening and drop every connection: the desk is offline until `mend`."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for end in self._ends:
            end.transport.abort()  # its relay ends on the reset (asyncio's own task: no cancel)
        if self._relays:
            await asyncio.wait(self._relays)
        if server is not None:
            await server.wait_closed()

    async def close(self) -> None:
        await self.cut()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._relays.add(task)
        ends = {writer}
        self._ends.add(writer)
        try:
            hub_reader, hub_writer = await asyncio.open_connection(*self._target)
            ends.add(hub_writer)
            self._ends.add(hub_writer)
            async with asyncio.TaskGroup() as both:
                both.create_task(_pump(reader, hub_writer))
                both.create_task(_pump(hub_reader, writer))
        except* OSError:
            pass  # the hub is down, or either side went away: both are closed below
        finally:
            for end in ends:
                end.close()
            self._ends -= ends
            self._relays.discard(task)


async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """Copy until `source` ends, then end `sink`'s side as well."""
    while data := await source.read(_CHUNK):
        sink.write(data)
        await sink.drain()
    with contextlib.suppress(OSError):
        sink.write_eof()
