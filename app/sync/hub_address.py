"""A hub address as people copy it: the URL, and the certificate fingerprint desks pin. PURE.

`switchboard hub` prints one line such as `tls://hub.example.com:4222#9F:86:…:08`; a desk takes
the URL to connect to and the fingerprint (after `#`) to accept only that certificate. Invites
carry the same string, so a colleague never types a fingerprint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.domain.errors import DataFault

_SCHEMES = ("nats", "tls")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
DEFAULT_PORT = 4222


class HubAddressInvalid(DataFault):
    """What was typed is not a hub address."""

    code = "hub-address-invalid"


@dataclass(frozen=True, slots=True)
class HubAddress:
    """Where a hub is (one URL, or the URLs of a cluster's nodes), and which certificate it
    must present."""

    url: str
    """The URL, or several separated by commas (a cluster); `hub_servers` splits them."""
    pin: bytes | None = None
    """SHA-256 of the hub's certificate; None for a hub without TLS (loopback only). A cluster's
    nodes all present the same certificate."""

    @property
    def servers(self) -> list[str]:
        """Each server's URL."""
        return hub_servers(self.url)

    def __str__(self) -> str:
        if self.pin is None:
            return self.url
        return f"{self.url}#{':'.join(f'{b:02X}' for b in self.pin)}"


def hub_servers(url: str | Sequence[str]) -> list[str]:
    """The server URLs in a hub URL that may list a cluster's nodes (`tls://a:4222,b:4222`);
    a node written without a scheme takes the first's, as in `parse_hub_address`."""
    given = [url] if isinstance(url, str) else list(url)
    parts = [part.strip() for item in given for part in item.split(",") if part.strip()]
    scheme = parts[0].partition("://")[0] if parts and "://" in parts[0] else "nats"
    return [part if "://" in part else f"{scheme}://{part}" for part in parts]


def parse_hub_address(text: str) -> HubAddress:
    """Read `tls://host[:port][#fingerprint]` (also `nats://`, or a bare `host[:port]`).

    A cluster's address lists its nodes separated by commas, the fingerprint once at the end:
    `tls://hub1:4222,hub2:4222,hub3:4222#9F:86:…`; a node without a scheme takes the first's.

    Raises:
        HubAddressInvalid: Not an address, or a fingerprint that is not 32 bytes of hex.
    """
    raw = text.strip()
    if not raw:
        raise HubAddressInvalid("the hub address is empty")
    servers, _sep, fragment = raw.partition("#")
    parts = [part.strip() for part in servers.split(",")]
    if not all(parts):
        raise HubAddressInvalid(f"not a hub address: {raw!r}")
    pin = _pin(fragment)
    first = _server(parts[0], "nats", raw)
    urls = [first] + [_server(part, first.scheme, raw) for part in parts[1:]]
    if len({url.scheme for url in urls}) > 1:
        raise HubAddressInvalid("all servers of a hub use the same scheme (nats:// or tls://)")
    scheme = "tls" if pin is not None else first.scheme
    return HubAddress(",".join(f"{scheme}://{url.netloc}" for url in urls), pin)


@dataclass(frozen=True, slots=True)
class _Server:
    scheme: str
    netloc: str
    """`host:port`, IPv6 in brackets."""


def _server(part: str, default_scheme: str, shown: str) -> _Server:
    if "://" not in part:
        part = f"{default_scheme}://{part}"
    parts = urlsplit(part)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise HubAddressInvalid(f"not a hub address: {shown!r}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise HubAddressInvalid(f"the port in {shown!r} is not a number") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return _Server(parts.scheme, f"{host}:{port}")


def _pin(fragment: str) -> bytes | None:
    if not fragment:
        return None
    digits = fragment.replace(":", "").removeprefix("sha256=")
    if not _HEX.match(digits):
        raise HubAddressInvalid("the certificate fingerprint after '#' is not 64 hex digits")
    return bytes.fromhex(digits)
