"""A real nats-server for tests, in a temporary directory.

Usage in a ``@pytest.mark.asyncio`` test (stock loop)::

    async with running_hub(tmp_path) as hub:
        transport = await NatsTransport.connect(hub.url, team_id_hex=TEAM, name="test")

or as a module-level fixture::

    @pytest_asyncio.fixture
    async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
        async with running_hub(tmp_path) as running:
            yield running
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from app.hub import Hub, HubConfig
from app.sync.nats_transport import NatsTransport
from app.sync.transport import LogRecord


@contextlib.asynccontextmanager
async def running_hub(tmp_path: Path, **overrides: object) -> AsyncIterator[Hub]:
    """Start a hub with data in ``tmp_path/hub``, yield it, stop it (and reap it) afterwards.

    Args:
        tmp_path: pytest's per-test directory.
        **overrides: Other :class:`HubConfig` fields (``port``, ``max_file_store`` …);
            ``auth=True`` runs the hub service and lets only nkey users in.
    """
    hub = Hub(HubConfig(data_dir=tmp_path / "hub", **overrides))  # type: ignore[arg-type]
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()


def new_team() -> str:
    """A fresh random team id in hex, so tests never share a stream."""
    return secrets.token_hex(16)


@contextlib.asynccontextmanager
async def connected(
    url: str,
    team: str,
    name: str = "test",
    *,
    ensure_stream: bool = True,
    fetch_timeout: float = 2.0,
    nkey_seed: bytes | None = None,
    tls_fingerprint: bytes | None = None,
) -> AsyncIterator[NatsTransport]:
    """A :class:`NatsTransport` for ``team`` on ``url`` (stream created), closed afterwards.

    A short ``fetch_timeout`` makes followers notice a lost consumer or a restarted hub sooner.
    On a hub with authentication pass the device's ``nkey_seed`` (and ``tls_fingerprint``);
    the stream then already exists and is only looked up.
    """
    transport = await NatsTransport.connect(
        url,
        team_id_hex=team,
        name=name,
        fetch_timeout=fetch_timeout,
        nkey_seed=nkey_seed,
        tls_fingerprint=tls_fingerprint,
    )
    try:
        if ensure_stream:
            await transport.ensure_stream()
        yield transport
    finally:
        await transport.close()


async def publish_bulk(transport: NatsTransport, subject: str, count: int, size: int = 8) -> None:
    """Publish ``count`` numbered messages without waiting for each ack (stack.md §4.3)."""
    js = transport._js  # bulk publishing is for tests and tools, not on the Transport
    for n in range(count):
        await js.publish_async(subject, b"%0*d" % (size, n))
    await js.publish_async_completed()


class Collector:
    """An ``on_batch`` callback for ``follow()`` that keeps every record and each batch size."""

    def __init__(self) -> None:
        self.records: list[LogRecord] = []
        self.batches: list[int] = []

    async def __call__(self, batch: Sequence[LogRecord]) -> None:
        self.batches.append(len(batch))
        self.records.extend(batch)

    @property
    def seqs(self) -> list[int]:
        """The stream sequences received, in delivery order."""
        return [record.seq for record in self.records]
