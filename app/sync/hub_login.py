"""Logging in to a hub with authentication (team-setup.md §4): the nkey, the pin, refusals.

A device proves its ``hub_key`` to nats-server (an nkey user) and accepts only the certificate
whose fingerprint it pinned. A refusal of either kind is final for that credential or that
server, so the first connection ends at once with a typed error instead of retrying until its
timeout: :class:`HubAccessDenied` or :class:`HubIdentityMismatch`.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any

from nats.aio.client import Client

from app.hub.nkey import user_seed
from app.hub.tls import PinMismatch, pinned_context
from app.sync.transport import HubAccessDenied, HubIdentityMismatch, TransportError

__all__ = ["connect_unless_refused", "login_options", "plain_reason", "refusal"]


def login_options(nkey_seed: bytes | str | None, tls_fingerprint: bytes | None) -> dict[str, Any]:
    """Extra ``Client.connect`` options: the nkey seed text and a pinned TLS context.

    Args:
        nkey_seed: The raw 32-byte ``hub_key`` seed or its ``SU…`` text; None: anonymous.
        tls_fingerprint: SHA-256 of the hub's certificate; None: no TLS unless the URL asks.
    """
    options: dict[str, Any] = {}
    if nkey_seed is not None:
        text = user_seed(nkey_seed) if isinstance(nkey_seed, bytes) else nkey_seed
        options["nkeys_seed_str"] = text
    if tls_fingerprint is not None:
        options["tls"] = pinned_context(tls_fingerprint)
    return options


def refusal(err: BaseException) -> TransportError | None:
    """The typed error for a refusal that no retry cures, or None for anything else."""
    if isinstance(err, PinMismatch) or isinstance(err.__cause__, PinMismatch):
        return HubIdentityMismatch("the hub's certificate does not match the pinned fingerprint")
    if isinstance(err, ssl.SSLError):
        return HubIdentityMismatch(f"TLS with the hub failed: {err.reason or err}")
    if "authorization violation" in str(err).lower():
        return HubAccessDenied("the hub refused this login (authorization violation)")
    return None


def plain_reason(err: BaseException) -> str:
    """Why a connection failed, in words a person reads (no Python class names or reprs)."""
    if isinstance(err, TimeoutError):
        return str(err) or "no answer in time"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]  # "connection refused"
    text = str(err).removeprefix("nats: ").strip()
    return text or "the connection failed"


_SUBSCRIPTION_REFUSED = "permissions violation for subscription to "


class ViolationsTold:
    """Which permission violations were warned of: the same one repeats with every publish
    (a beat every few seconds to a hub whose permissions predate it), worth one warning. Also
    which subjects the hub refused to let this login listen on."""

    def __init__(self) -> None:
        self._told: set[str] = set()
        self.unlistenable: set[str] = set()

    def told_before(self, err: BaseException) -> bool:
        """Whether `err` is a permission violation warned of already; notes it if not."""
        text = str(err)
        lowered = text.lower()
        if "permissions violation" not in lowered:
            return False
        if _SUBSCRIPTION_REFUSED in lowered:
            start = lowered.index(_SUBSCRIPTION_REFUSED) + len(_SUBSCRIPTION_REFUSED)
            self.unlistenable.add(text[start:].strip().strip("\"'"))
        told = text in self._told
        self._told.add(text)
        return told


async def connect_unless_refused(
    nc: Client, options: dict[str, Any], refused: asyncio.Future[TransportError], within: float
) -> None:
    """``nc.connect(**options)``, ended early when ``refused`` gets a refusal.

    Raises:
        TransportError: The refusal (``HubAccessDenied`` or ``HubIdentityMismatch``).
        TimeoutError: Neither connected nor refused within ``within`` seconds.
    """
    connecting: asyncio.Future[Any] = asyncio.ensure_future(nc.connect(**options))
    waiting: set[asyncio.Future[Any]] = {connecting, refused}
    done, _ = await asyncio.wait(waiting, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    if connecting in done:
        connecting.result()
        return
    connecting.cancel()
    await asyncio.gather(connecting, return_exceptions=True)
    if refused in done:
        raise refused.result()
    raise TimeoutError(f"no hub answered within {within}s")
