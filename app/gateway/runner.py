"""Start the gateway from its state folder: what `switchboard gateway run` does, reusable.

The identity `gateway join` wrote (team, hub, pinned fingerprint, device keys) gives the hub
login and the chain to validate; the number's settings come later from an admin (or were kept
from an earlier run). Just after joining, the hub may still be reloading its users, so the
first login is retried for a while.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.crypto.chain.state import ChainState
from app.gateway.identity import GatewayIdentity, load_identity
from app.gateway.sealing import GatewayLog
from app.gateway.service import Gateway, GatewayConfig
from app.sync.admission import once_admitted
from app.sync.media_store import NatsMediaStore
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied


@dataclass(eq=False)
class RunningGateway:
    """A started gateway and its hub connection."""

    identity: GatewayIdentity
    gateway: Gateway
    transport: NatsTransport
    url: str
    """Where the webhook listens."""

    async def close(self) -> None:
        try:
            await self.gateway.stop()
        finally:
            await self.transport.close()


async def start_from_state(
    state_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    public_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> RunningGateway:
    """Load the identity in `state_dir`, log in to the hub and start the gateway.

    Raises:
        UsageError: No (readable, private) identity in `state_dir`.
        HubAccessDenied: The hub still refuses the gateway's login after `ADMITTED_WITHIN`.
        HubUnreachable, TransportError: The hub cannot be reached.
        StateMismatch: `state_dir` holds another gateway's state.
    """
    identity = load_identity(state_dir, environ)
    config = GatewayConfig(
        state_dir=state_dir,
        host=host,
        port=port,
        public_url=identity.public_url if public_url is None else public_url,
    )
    transport = await admitted(identity)
    try:
        media = await NatsMediaStore.open(transport)
        chain = ChainState.genesis(identity.team_id, identity.fingerprint)
        gateway = Gateway(
            config,
            GatewayLog(identity.keys, chain),
            transport,
            time.time,
            media_store=media,
            beats=transport,
        )
        try:
            url = await gateway.start()
        except BaseException:
            with contextlib.suppress(Exception):
                await gateway.stop()
            raise
    except BaseException:
        await transport.close()
        raise
    return RunningGateway(identity, gateway, transport, url)


async def admitted(identity: GatewayIdentity) -> NatsTransport:
    """Log in with the gateway's own hub key; just after joining, wait for the hub's reload."""
    try:
        return await once_admitted(
            lambda: NatsTransport.connect(
                identity.hub_url,
                team_id_hex=identity.team_id.hex(),
                name="gateway",
                nkey_seed=identity.keys.hub_seed(),
                tls_fingerprint=identity.tls_fingerprint,
            )
        )
    except HubAccessDenied:
        raise HubAccessDenied(
            "the hub does not let this gateway in: was it removed from the team?"
        ) from None
