"""The hub: supervises nats-server (JetStream limits, restarts) and lets in only the team.

With ``HubConfig(auth=True)`` the hub service (``service``) runs beside the server: nkey users
from the validated team chain (``users``), founding with a one-time setup code, TLS with a
pinnable certificate beyond loopback (``tls``). See docs/internals/team-setup.md §4.

A hub may also be one node of a cluster (``cluster``: routes, the shared secret, 3 replicas;
``peers``: how the nodes' services agree on one team; ``local_cluster``: N nodes on loopback for
tests and ``switchboard bench cluster``).

May import the standard library, ``cryptography``, ``app.crypto``/``app.domain`` and, for the
service's own login only, the ``nats`` client; never Qt or ``app.sync`` (which sits above and
spells the same names, see ``layout``). The desktop, the demo and ``switchboard hub`` run it
from ``app.main``.
"""

from app.hub.cli import DEFAULT_PORT, add_arguments, config_from_args, run_standalone
from app.hub.config import HubConfig, HubError, nats_server_path
from app.hub.service import HubService
from app.hub.supervisor import Hub
from app.hub.users import HubUser, users_from_chain

__all__ = [
    "DEFAULT_PORT",
    "Hub",
    "HubConfig",
    "HubError",
    "HubService",
    "HubUser",
    "add_arguments",
    "config_from_args",
    "nats_server_path",
    "run_standalone",
    "users_from_chain",
]
