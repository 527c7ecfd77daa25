"""A cluster of hub nodes on this machine's loopback, for ``switchboard bench cluster`` and tests.

Each node is a :class:`Hub` with its own data directory, client port and cluster port, all
sharing one secret: exactly what three ``switchboard hub --cluster-port …`` commands on three
machines do, only on one.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import nats.errors
from nats.aio.client import Client

from app.hub.cluster import ClusterConfig, load_or_make_secret
from app.hub.config import HubConfig, HubError
from app.hub.nkey import user_seed
from app.hub.supervisor import Hub
from app.hub.tls import ensure_self_signed

__all__ = ["LocalCluster"]

_READY_POLL = 0.1
"""Seconds between checks that the cluster's JetStream has elected its metadata leader."""


class LocalCluster:
    """``size`` hub nodes on 127.0.0.1, routed to each other; an async context manager."""

    def __init__(self, root: Path, size: int = 3, *, auth: bool = True, tls: bool = False) -> None:
        """Prepare the nodes' configurations in ``root/node1`` … (nothing runs yet).

        With ``tls`` clients and routes speak TLS with one self-signed certificate that every
        node uses, as an operator gives all nodes the same ``--tls-cert``.
        """
        if size < 2:
            raise ValueError("a cluster has at least two nodes")
        secret = load_or_make_secret(root / "cluster.secret")
        cert = ensure_self_signed(root / "tls", "127.0.0.1") if tls else (None, None)
        ports = _free_ports(size)
        self.hubs: list[Hub] = []
        self._names: dict[int, str] = {}
        for index, cluster_port in enumerate(ports):
            others = tuple(f"127.0.0.1:{p}" for p in ports if p != cluster_port)
            cluster = ClusterConfig(
                node=f"hub{index + 1}", port=cluster_port, routes=others, secret=secret
            )
            config = HubConfig(
                data_dir=root / f"node{index + 1}",
                auth=auth,
                tls=tls,
                tls_cert=cert[0],
                tls_key=cert[1],
                cluster=cluster,
            )
            self.hubs.append(Hub(config))
            self._names[id(self.hubs[-1])] = cluster.node

    def name_of(self, hub: Hub) -> str:
        """The node name of one of :attr:`hubs` (``hub1`` …), as JetStream reports leaders."""
        return self._names[id(hub)]

    def node(self, name: str) -> Hub:
        """The node called ``name``.

        Raises:
            KeyError: No node has that name.
        """
        for hub in self.hubs:
            if self.name_of(hub) == name:
                return hub
        raise KeyError(name)

    @property
    def urls(self) -> list[str]:
        """Every node's client URL."""
        return [hub.url for hub in self.hubs]

    @property
    def url(self) -> str:
        """The nodes' client URLs in one string, as a hub address lists them."""
        return ",".join(self.urls)

    @property
    def tls_fingerprint(self) -> bytes | None:
        """The certificate every node presents (desks pin it), or None without TLS."""
        return self.hubs[0].tls_fingerprint

    @property
    def setup_code(self) -> str | None:
        """The setup code every node shows while the team is not founded."""
        return self.hubs[0].setup_code

    async def start(self, within: float = 30.0) -> str:
        """Start every node and wait until the cluster can keep streams.

        Raises:
            HubError: A node did not start, or JetStream was not ready within ``within`` s.
        """
        await asyncio.gather(*(hub.start() for hub in self.hubs))
        await self.wait_ready(within)
        return self.url

    async def wait_ready(self, within: float = 30.0) -> None:
        """Wait until JetStream answers on every node (its metadata leader is elected)."""
        try:
            async with asyncio.timeout(within):
                for hub in self.hubs:
                    await _until_jetstream(hub)
        except TimeoutError as err:
            raise HubError(f"the cluster's JetStream was not ready within {within:.0f}s") from err

    async def stop(self) -> None:
        """Stop every node (the service, then the server)."""
        for hub in self.hubs:
            await hub.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


async def _until_jetstream(hub: Hub) -> None:
    """Poll the node with the service's login (or none) until JetStream answers."""
    options: dict[str, Any] = {"servers": [hub.url], "allow_reconnect": False}
    if hub.service is not None:
        options["nkeys_seed_str"] = user_seed(hub.service.seed)
        options["tls"] = hub.client_tls()
    while True:
        nc = Client()
        try:
            await nc.connect(**options)
            await nc.jetstream().account_info()
            return
        except (OSError, TimeoutError, nats.errors.Error):
            await asyncio.sleep(_READY_POLL)
        finally:
            with contextlib.suppress(nats.errors.Error, OSError):
                await nc.close()


def _free_ports(count: int) -> list[int]:
    """Ports free on loopback right now (the cluster port is fixed, unlike the client port)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
