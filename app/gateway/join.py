"""`switchboard gateway join`: the gateway enrolls like a person (team-setup.md §5).

The admin invites a *gateway* on the desk and hands over the code; this side makes the
gateway's device keys, runs the newcomer's side of the handshake (`app.sync.joining`, the same
code a desk runs), shows the short authentication string for the admin to compare, and once the
admin's `add_device` is on the chain writes the identity (`identity.py`) to the state folder.
The gateway gets no seed box: it never reads the team's messages, it only seals to them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from app.cli_args import UsageError
from app.crypto.enroll import Sas, Stretch, argon2id_stretch
from app.crypto.keys import generate_device_keys
from app.domain.errors import SasMismatch
from app.domain.ids import short
from app.domain.model import Role
from app.domain.sas import SAS_EMOJI
from app.gateway.identity import GatewayIdentity, identity_path, save_identity
from app.sync.joining import Joining
from app.sync.nats_transport import NatsTransport
from app.sync.transport import Transport

log = logging.getLogger(__name__)

GATEWAY_NAME = "WhatsApp gateway"
"""How the gateway appears in the team list."""


@dataclass(frozen=True, slots=True)
class JoinPrompts:
    """How the join talks to the person at the terminal (tests answer without one)."""

    say: Callable[[str], None]
    """Show one line."""
    matches: Callable[[Sas], Awaitable[bool]]
    """Show the SAS and ask whether the admin's screen shows the same."""


def sas_lines(sas: Sas) -> list[str]:
    """The SAS as the terminal shows it: the 7 emoji with their names, then the 3×4 digits."""
    entries = [SAS_EMOJI[i] for i in sas.emoji]
    return [
        "  ".join(entry.emoji for entry in entries),
        "  ".join(entry.name for entry in entries),
        " ".join(f"{group:04d}" for group in sas.digits),
    ]


async def join_gateway(
    hub_url: str,
    code: str,
    state_dir: Path,
    prompts: JoinPrompts,
    *,
    clock: Callable[[], float],
    tls_fingerprint: bytes | None = None,
    public_url: str = "",
    stretch: Stretch = argon2id_stretch,
    within: float | None = None,
) -> GatewayIdentity:
    """Enroll this gateway with an invite code and save its identity in `state_dir`.

    Args:
        hub_url: The team's hub.
        code: The invite code the admin made for a gateway.
        state_dir: Where the identity goes (and, later, the gateway's state).
        prompts: The terminal.
        clock: Unix seconds.
        tls_fingerprint: The hub certificate to pin (printed by `switchboard hub`).
        public_url: Where Meta will reach the webhook, to report to the desks.
        stretch: Argon2id; tests pass a cheap one.
        within: Seconds to wait for the admin at each step; None waits as long as it takes.

    Raises:
        UsageError: The state folder already holds a gateway.
        InviteCodeInvalid, InviteExpired, InviteUsed: The code does not name an open gateway
            invite.
        SasMismatch: The emoji differed (the invite is burnt; nobody was added).
        JoinCancelled: The admin cancelled.
        HubUnreachable, TransportError: The hub cannot be reached or refused the connection.
        TimeoutError: The admin did not answer within `within` seconds.
    """
    if identity_path(state_dir).exists():
        raise UsageError(f"{state_dir} already holds a gateway; use another --state-dir")
    keys = generate_device_keys()

    async def connect(team_hex: str, seed: bytes) -> Transport:
        return await NatsTransport.connect(
            hub_url,
            team_id_hex=team_hex,
            name="gateway-joining",
            nkey_seed=seed,
            tls_fingerprint=tls_fingerprint,
        )

    joining = await Joining.start(
        hub_url,
        code,
        keys,
        GATEWAY_NAME,
        connect=connect,
        tls_fingerprint=tls_fingerprint,
        now=clock,
        stretch=stretch,
        expect_role=Role.GATEWAY,
    )
    try:
        prompts.say("Invite found. Waiting for the admin to open it on the desk…")
        sas = await joining.wait_sas(within)
        matches = await prompts.matches(sas)
        if not matches:
            await joining.cancel(mismatch=True)
            raise SasMismatch("you said the emoji differ; nobody was added")
        await joining.confirm()
        prompts.say("Confirmed here. Waiting for the admin to confirm on the desk…")
        async with asyncio.timeout(within):
            joined = await joining.wait_added(offer_wanted=False)  # no replica to start
    except (asyncio.CancelledError, TimeoutError):
        await joining.cancel()  # stopped here: tell the admin's desk, which burns the invite
        raise
    finally:
        await joining.close()
    identity = GatewayIdentity(
        team_id=joined.team_id,
        fingerprint=joined.fingerprint,
        hub_url=hub_url,
        tls_fingerprint=tls_fingerprint,
        public_url=public_url,
        keys=keys,
    )
    path = save_identity(state_dir, identity)
    log.info("gateway %s joined team %s", short(keys.device_id), short(joined.team_id))
    prompts.say(f"Joined. The gateway's identity is in {path} (keep it private).")
    return identity
