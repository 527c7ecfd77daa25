"""The ``switchboard hub`` sub-command: run a standalone hub until asked to stop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit

from app.cli_args import UsageError, existing_file, folder, port
from app.hub.cluster import ClusterConfig, load_or_make_secret, parse_route
from app.hub.config import HubConfig, HubError, check_path, validate_size
from app.hub.supervisor import Hub
from app.hub.tls import display_fingerprint

__all__ = ["DEFAULT_PORT", "add_arguments", "config_from_args", "main", "run_standalone"]

_log = logging.getLogger(__name__)

DEFAULT_PORT = 4222
"""A standalone hub listens on NATS's usual port, so desks have a fixed address to connect to."""


def _size(value: str) -> str:
    try:
        return validate_size(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _route(value: str) -> str:
    try:
        parse_route(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err
    return value.strip()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the hub's options to an (sub-)parser.

    The data directory is stored as ``hub_data_dir`` so that it cannot clash with a global
    ``--data-dir`` of the main parser.

    Args:
        parser: The parser of the ``hub`` sub-command.
    """
    parser.add_argument(
        "--data-dir",
        dest="hub_data_dir",
        type=folder,
        default=None,
        help="directory for hub.conf, server.log and the JetStream store",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=port(free=-1),
        default=DEFAULT_PORT,
        help="TCP port; -1 picks a free one (default: %(default)s)",
    )
    parser.add_argument(
        "--max-memory-store",
        type=_size,
        default="64MB",
        help="JetStream memory limit (default: %(default)s)",
    )
    parser.add_argument(
        "--max-file-store",
        type=_size,
        default="1GB",
        help="JetStream disk limit (default: %(default)s)",
    )
    parser.add_argument(
        "--tls-cert",
        type=existing_file,
        default=None,
        help="TLS certificate (PEM); without it a hub beyond loopback makes a self-signed one",
    )
    parser.add_argument(
        "--tls-key", type=existing_file, default=None, help="key of --tls-cert (PEM)"
    )
    parser.add_argument(
        "--no-auth",
        dest="auth",
        action="store_false",
        help="let anyone connect, without the team's keys (tests on one machine only)",
    )
    cluster = parser.add_argument_group(
        "cluster", "run this hub as one node of a cluster (see the user guide)"
    )
    cluster.add_argument(
        "--cluster-port",
        type=port(),
        default=None,
        help="port the other nodes connect to (on --host); turns clustering on",
    )
    cluster.add_argument("--node", default=None, help="this node's name, unique in the cluster")
    cluster.add_argument(
        "--route",
        dest="routes",
        action="append",
        default=[],
        type=_route,
        metavar="HOST:PORT",
        help="another node's cluster port (once per node)",
    )
    cluster.add_argument(
        "--cluster-secret",
        type=Path,
        default=None,
        metavar="FILE",
        help="the secret all nodes share (default: <data-dir>/cluster.secret, made if missing)",
    )


def config_from_args(ns: argparse.Namespace, *, default_data_dir: Path | None = None) -> HubConfig:
    """Build a :class:`HubConfig` from parsed arguments.

    Args:
        ns: The namespace produced by a parser prepared with :func:`add_arguments`.
        default_data_dir: Used when ``--data-dir`` was not given (e.g. ``<profile>/hub``).

    Returns:
        The hub configuration.

    Raises:
        HubError: No data directory was given, or a value is invalid.
    """
    data_dir = ns.hub_data_dir if ns.hub_data_dir is not None else default_data_dir
    if data_dir is None:
        raise HubError("the hub needs --data-dir")
    try:
        cluster = _cluster_from_args(ns, Path(data_dir))
        return HubConfig(
            data_dir=Path(data_dir),
            host=ns.host,
            port=ns.port,
            max_memory_store=ns.max_memory_store,
            max_file_store=ns.max_file_store,
            auth=ns.auth,
            tls_cert=ns.tls_cert,
            tls_key=ns.tls_key,
            cluster=cluster,
        )
    except ValueError as err:
        raise HubError(str(err)) from err


def _cluster_from_args(ns: argparse.Namespace, data_dir: Path) -> ClusterConfig | None:
    """The cluster options, or None without ``--cluster-port`` (then none may be given)."""
    cluster_port = getattr(ns, "cluster_port", None)
    if cluster_port is None:
        if getattr(ns, "node", None) or getattr(ns, "routes", None):
            raise ValueError("--node and --route need --cluster-port")
        return None
    if not ns.node:
        raise ValueError("a cluster node needs --node NAME")
    if not ns.routes:
        raise ValueError("a cluster node needs a --route to each other node")
    secret_file = ns.cluster_secret or data_dir / "cluster.secret"
    secret = load_or_make_secret(check_path(Path(secret_file)))
    return ClusterConfig(node=ns.node, port=cluster_port, routes=tuple(ns.routes), secret=secret)


async def run_standalone(config: HubConfig, stop: asyncio.Event) -> None:
    """Run a hub until ``stop`` is set, then stop it cleanly.

    The URL is printed on stdout (for scripts and people) and logged; so are the certificate's
    fingerprint with TLS and, while no team is bound, the one-time setup code (printed only).

    Args:
        config: Where and how to run the server.
        stop: Set by the caller (e.g. from a SIGINT/SIGTERM handler) to shut down.

    Raises:
        HubError: The server could not be started.
    """
    async with Hub(config) as hub:
        _log.info("hub serving %s (data in %s)", hub.url, config.data_dir)
        print(hub.url, flush=True)
        if hub.tls_fingerprint is not None:
            pin = display_fingerprint(hub.tls_fingerprint)
            _log.info("hub certificate SHA-256 %s", pin)
            print(f"certificate SHA-256: {pin}", flush=True)
        address = desk_address(hub.url, hub.tls_fingerprint, config.host)
        print(f"hub address for desks: {address}", flush=True)
        if config.cluster is not None:
            print(
                f"cluster node {config.cluster.node}: desks take every node's address, "
                "separated by commas, with the fingerprint once at the end",
                flush=True,
            )
        if hub.setup_code is not None:
            print(f"setup code: {hub.setup_code}", flush=True)  # a secret: never logged
        await stop.wait()


def desk_address(url: str, fingerprint: bytes | None, listen_host: str) -> str:
    """What people type into a desk: the URL (this machine's name when the hub listens on
    every interface) and, after '#', the certificate fingerprint desks pin.

    `url` is how this process reaches the hub, loopback when it listens on every interface,
    so the host comes from `listen_host` then: colleagues' computers cannot reach 127.0.0.1.
    """
    parts = urlsplit(url)
    every_interface = listen_host in ("0.0.0.0", "::")
    host = socket.getfqdn() if every_interface else (parts.hostname or listen_host)
    scheme = "tls" if fingerprint is not None else parts.scheme
    address = f"{scheme}://{host}:{parts.port}"
    if fingerprint is not None:
        address += "#" + display_fingerprint(fingerprint)
    return address


async def main(args: argparse.Namespace, stop: asyncio.Event) -> int:
    """Entry point of ``switchboard hub``, for ``app.main.run_until_signal``.

    Args:
        args: Parsed arguments (see :func:`add_arguments`).
        stop: Set on SIGINT/SIGTERM.

    Returns:
        The exit status: 0 after a clean stop, 1 if the hub failed to start.

    Raises:
        UsageError: An option is bad; nothing was started.
    """
    try:
        config = config_from_args(args)
    except HubError as err:
        raise UsageError(str(err)) from err
    try:
        await run_standalone(config, stop)
    except HubError as err:
        _log.error("hub failed: %s", err)
        return 1
    return 0
