"""A hub of several nodes: nats-server routes and replicated streams (user-guide.md, "Running
the hub as a cluster").

Each node is one ``switchboard hub`` with its own data directory, its own nats-server and its
own hub service. The nodes connect to each other's cluster port ("routes") and log in there
with a secret they share (``cluster.secret``, made by the first node, copied to the others). The
team's streams and buckets are kept on three nodes (R3), so the log survives losing one.

The shared secret also yields the one-time setup code, so every node prints the same code and
a founder may reach any of them. Pure apart from reading and making the secret file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.hub.files import write_atomic

__all__ = [
    "ClusterConfig",
    "ClusterTls",
    "load_or_make_secret",
    "parse_route",
    "render_cluster",
    "secret_rng",
]

_NODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_HOST = re.compile(r"^[A-Za-z0-9.:_-]+$")
_SECRET = re.compile(r"^[0-9a-f]{64}$")
ROUTE_USER = "route"
"""The login nodes use on each other's cluster port; devices never see it."""
MAX_REPLICAS = 3
"""JetStream keeps each stream on this many nodes at most: one can fail, two still agree."""


@dataclass(frozen=True)
class ClusterConfig:
    """This node's place in a cluster of hubs."""

    node: str
    """This node's name, unique in the cluster (nats-server's ``server_name``)."""
    port: int
    """The cluster port other nodes connect to (on the hub's ``host``)."""
    routes: tuple[str, ...]
    """``host:port`` of the other nodes' cluster ports."""
    secret: str
    """64 hex digits shared by all nodes: the route login and the setup code's source."""
    name: str = "switchboard"
    """The cluster's name; nodes with another name refuse the route."""

    def __post_init__(self) -> None:
        if not _NODE.match(self.node):
            raise ValueError(f"a node name is 1-32 letters, digits, '-' or '_': {self.node!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"invalid cluster port: {self.port}")
        for route in self.routes:
            parse_route(route)
        if not _SECRET.match(self.secret):
            raise ValueError("the cluster secret is 64 lowercase hex digits")
        if not _NODE.match(self.name):
            raise ValueError(f"invalid cluster name: {self.name!r}")

    @property
    def peers(self) -> int:
        """How many other nodes there are."""
        return len(self.routes)

    @property
    def replicas(self) -> int:
        """Copies JetStream keeps of each team stream and bucket."""
        return min(MAX_REPLICAS, 1 + self.peers)


@dataclass(frozen=True)
class ClusterTls:
    """TLS between nodes: the hub's certificate, trusted by every node (one file for all)."""

    cert: Path
    key: Path


def parse_route(text: str) -> tuple[str, int]:
    """``host:port`` (IPv6 in brackets) of another node's cluster port.

    Raises:
        ValueError: Not a host and a port.
    """
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not _HOST.match(host) or not port.isdigit():
        raise ValueError(f"a route is host:port, not {text!r}")
    number = int(port)
    if not 0 < number < 65536:
        raise ValueError(f"invalid port in route {text!r}")
    return host, number


def load_or_make_secret(path: Path) -> str:
    """The cluster secret in ``path``; made (mode 0600) if the file does not exist yet.

    The first node makes it; the operator copies the file to the other nodes' data directories
    before starting them.

    Raises:
        ValueError: The file exists but does not hold a secret.
    """
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = secrets.token_hex(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (text + "\n").encode(), mode=0o600)
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"cannot read the cluster secret {path}: {err}") from err
    if not _SECRET.match(text):
        raise ValueError(f"{path} does not hold a cluster secret (64 hex digits)")
    return text


def secret_rng(secret: str) -> Callable[[int], bytes]:
    """Random-looking bytes that every node derives alike from the shared secret.

    The hub service draws its setup code from its random source; in a cluster it draws from
    this one, so all nodes show (and let in) the same code.
    """
    key = bytes.fromhex(secret)

    def draw(count: int) -> bytes:
        out = b""
        block = 0
        while len(out) < count:
            block += 1
            label = b"switchboard/v1 hub-cluster-setup" + block.to_bytes(4, "big")
            out += hmac.new(key, label, hashlib.sha256).digest()
        return out[:count]

    return draw


def _route_url(route: str, secret: str) -> str:
    host, port = parse_route(route)
    shown = f"[{host}]" if ":" in host else host
    return f"nats-route://{ROUTE_USER}:{secret}@{shown}:{port}"


def _quoted_path(path: Path) -> str:
    return json.dumps(path.resolve().as_posix())


def render_cluster(cluster: ClusterConfig, host: str, tls: ClusterTls | None) -> str:
    """The ``server_name`` line and ``cluster`` block of ``hub.conf``.

    Args:
        cluster: This node's cluster settings.
        host: The interface the hub listens on; the cluster port is opened there too.
        tls: Routes over TLS with this certificate (each node checks the others' against it).
    """
    listen = json.dumps(f"[{host}]:{cluster.port}" if ":" in host else f"{host}:{cluster.port}")
    routes = [_route_url(route, cluster.secret) for route in cluster.routes]
    text = (
        f"server_name: {json.dumps(cluster.node)}\n"
        "cluster {\n"
        f"  name: {json.dumps(cluster.name)}\n"
        f"  listen: {listen}\n"
        f"  authorization {{ user: {json.dumps(ROUTE_USER)}, "
        f"password: {json.dumps(cluster.secret)} }}\n"
        f"  routes: [{', '.join(json.dumps(url) for url in routes)}]\n"
    )
    if tls is not None:
        cert, key = _quoted_path(tls.cert), _quoted_path(tls.key)
        text += f"  tls {{ cert_file: {cert}, key_file: {key}, ca_file: {cert}, verify: true }}\n"
    return text + "}\n"
