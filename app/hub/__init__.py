"""Hub supervisor: finds nats-server, configures JetStream limits, runs and restarts it.

May import the standard library and ``app.crypto``/``app.domain`` only: no Qt, no ``nats``
client, no ``app.sync``. The desktop, the demo and ``switchboard hub`` run it from ``app.main``.
"""

from app.hub.cli import DEFAULT_PORT, add_arguments, config_from_args, run_standalone
from app.hub.config import HubConfig, HubError, nats_server_path
from app.hub.supervisor import Hub

__all__ = [
    "DEFAULT_PORT",
    "Hub",
    "HubConfig",
    "HubError",
    "add_arguments",
    "config_from_args",
    "nats_server_path",
    "run_standalone",
]
