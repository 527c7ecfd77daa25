"""One-off requests to the hub's own service (team-setup.md §4): which team, and founding one.

A device that is not a member yet cannot open a team transport: it does not know the team (a
joiner has only a code) or the hub does not know it (a founder logs in with the set-up code).
These calls open a short connection with the given login, ask, and close it again.
"""

from __future__ import annotations

import asyncio
import re

import nats.errors
from nats.aio.client import Client

from app.domain.errors import HubSetupCodeWrong, HubTaken, HubUnreachable, UserFault
from app.sync.hub_address import hub_servers
from app.sync.hub_login import connect_unless_refused, login_options, plain_reason, refusal
from app.sync.transport import HubAccessDenied, TransportError

__all__ = ["HubRefusedLink", "ask_team", "found_team"]

FOUND_SUBJECT = "sbhub.found"
INFO_SUBJECT = "sbhub.info"
_TEAM_HEX = re.compile(r"^[0-9a-f]{32}$")


class HubRefusedLink(UserFault):
    """The hub did not accept the founding link."""

    code = "hub-refused-link"


async def _request(
    url: str,
    subject: str,
    data: bytes,
    *,
    nkey_seed: bytes | None,
    tls_fingerprint: bytes | None,
    within: float,
) -> bytes:
    """Connect with the login, ask once, close.

    Raises:
        HubAccessDenied, HubIdentityMismatch: The login or the certificate was refused.
        HubUnreachable: No hub answered, or it did not reply in time.
    """
    nc = Client()
    refused: asyncio.Future[TransportError] = asyncio.get_running_loop().create_future()

    async def on_error(err: Exception) -> None:
        typed = refusal(err)
        if typed is not None and not refused.done():
            refused.set_result(typed)

    options = {
        "servers": hub_servers(url),
        "name": "switchboard-setup",
        "allow_reconnect": False,
        "error_cb": on_error,
        **login_options(nkey_seed, tls_fingerprint),
    }
    try:
        await connect_unless_refused(nc, options, refused, within)
        reply = await nc.request(subject, data, timeout=within)
        return bytes(reply.data)
    except (TimeoutError, OSError, nats.errors.Error) as err:
        typed = refusal(err)
        if typed is not None:
            raise typed from err
        raise HubUnreachable(f"the hub at {url} did not answer: {plain_reason(err)}") from err
    finally:
        await _close(nc)


CLOSE_WITHIN = 2.0
"""Seconds a client that never connected may take to close (it has nothing to flush)."""


async def _close(nc: Client) -> None:
    """Close the client, and its socket whatever nats-py did with it.

    WORKAROUND(nats-py 2.16): a refused login's socket is never closed by the client (see
    `NatsTransport._drop_refused_socket`; a retried invite login would leak one each), and
    after a refused TLS handshake (a certificate other than the pinned one) `Client.close()`
    waits for that socket without end: the stream it waits on lost its transport to the TLS
    upgrade. The desk's "Create a team" and `switchboard gateway join` hung there, so a client
    that never connected gets `CLOSE_WITHIN` seconds.
    """
    connected = nc.is_connected
    transport = getattr(nc, "_transport", None)
    if not connected and transport is not None:
        transport.close()
    closing = asyncio.ensure_future(nc.close())
    done, _ = await asyncio.wait({closing}, timeout=None if connected else CLOSE_WITHIN)
    if closing not in done:
        closing.cancel()
    await asyncio.gather(closing, return_exceptions=True)
    if transport is not None:
        transport.close()


async def ask_team(
    url: str,
    *,
    nkey_seed: bytes | None,
    tls_fingerprint: bytes | None = None,
    within: float = 10.0,
) -> str | None:
    """The id (hex) of the team the hub serves, or None if it has none yet.

    Raises:
        HubAccessDenied: The login is not (or no longer) let in: a closed invite, say.
        HubIdentityMismatch: The hub is not the one whose certificate was pinned.
        HubUnreachable: No hub answered.
    """
    reply = await _request(
        url,
        INFO_SUBJECT,
        b"",
        nkey_seed=nkey_seed,
        tls_fingerprint=tls_fingerprint,
        within=within,
    )
    text = reply.decode("ascii", "replace")
    if text == "unbound":
        return None
    if not _TEAM_HEX.match(text):
        raise HubUnreachable("the hub answered with something that is not a team id")
    return text


async def found_team(
    url: str,
    link: bytes,
    *,
    setup_seed: bytes,
    tls_fingerprint: bytes | None = None,
    within: float = 20.0,
) -> None:
    """Ask an unbound hub to found the team whose first link is `link`.

    Raises:
        HubSetupCodeWrong: The hub refused the set-up code's login.
        HubTaken: The hub already serves a team.
        HubRefusedLink: The hub found the link invalid.
        HubUnreachable: No hub answered.
    """
    try:
        reply = await _found_once_or_again(url, link, setup_seed, tls_fingerprint, within)
    except HubAccessDenied:
        # Before a team exists the set-up login is the only one; once founded, it is gone.
        raise HubSetupCodeWrong("the hub did not accept this set-up code") from None
    if reply == b"ok":
        return
    if reply == b"error: bound":
        raise HubTaken("this hub already belongs to a team")
    if reply == b"error: unavailable":
        raise HubUnreachable("the hub could not store the team yet; try again")
    raise HubRefusedLink(reply.decode("ascii", "replace"))


FOUND_ATTEMPTS = 3


async def _found_once_or_again(
    url: str, link: bytes, setup_seed: bytes, tls_fingerprint: bytes | None, within: float
) -> bytes:
    """Ask to found, again if no answer came: the hub answers "ok" again to the same link 1,
    so a reply lost or late (the hub was busy creating the team's streams) costs a retry, not
    the founding."""
    for attempt in range(1, FOUND_ATTEMPTS + 1):
        try:
            return await _request(
                url,
                FOUND_SUBJECT,
                link,
                nkey_seed=setup_seed,
                tls_fingerprint=tls_fingerprint,
                within=within,
            )
        except HubAccessDenied:
            if attempt == 1:
                raise  # the set-up code itself is wrong
            # The first attempt founded the team and the hub retired the set-up login since.
            return b"ok"
        except HubUnreachable:
            if attempt == FOUND_ATTEMPTS:
                raise
    raise AssertionError("unreachable")
