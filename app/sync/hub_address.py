"""A hub address as people copy it: the URL, and the certificate fingerprint desks pin. PURE.

`switchboard hub` prints one line such as `tls://hub.example.com:4222#9F:86:…:08`; a desk takes
the URL to connect to and the fingerprint (after `#`) to accept only that certificate. Invites
carry the same string, so a colleague never types a fingerprint.
"""

from __future__ import annotations

import re
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
    """Where a hub is, and which certificate it must present."""

    url: str
    pin: bytes | None = None
    """SHA-256 of the hub's certificate; None for a hub without TLS (loopback only)."""

    def __str__(self) -> str:
        if self.pin is None:
            return self.url
        return f"{self.url}#{':'.join(f'{b:02X}' for b in self.pin)}"


def parse_hub_address(text: str) -> HubAddress:
    """Read `tls://host[:port][#fingerprint]` (also `nats://`, or a bare `host[:port]`).

    Raises:
        HubAddressInvalid: Not an address, or a fingerprint that is not 32 bytes of hex.
    """
    raw = text.strip()
    if not raw:
        raise HubAddressInvalid("the hub address is empty")
    if "://" not in raw:
        raw = f"nats://{raw}"
    parts = urlsplit(raw)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise HubAddressInvalid(f"not a hub address: {text.strip()!r}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise HubAddressInvalid(f"the port in {text.strip()!r} is not a number") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    pin = None
    if parts.fragment:
        digits = parts.fragment.replace(":", "").removeprefix("sha256=")
        if not _HEX.match(digits):
            raise HubAddressInvalid("the certificate fingerprint after '#' is not 64 hex digits")
        pin = bytes.fromhex(digits)
    scheme = "tls" if pin is not None else parts.scheme
    return HubAddress(f"{scheme}://{host}:{port}", pin)
