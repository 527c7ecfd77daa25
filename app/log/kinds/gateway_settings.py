"""An admin connects the number: the Cloud API settings (sealed to the gateway only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crypto.encoding import Reader, Writer
from app.crypto.header import EventType
from app.domain.events import EventKind
from app.log.kind import KindSpec, read_flag

MAX_FIELD = 256
"""Bytes of an id, a code or a verify token (Meta's are far shorter)."""
MAX_SECRET = 4096
"""Bytes of an access token or app secret (Meta's long-lived tokens are a few hundred)."""
MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """An admin connects the number: the Cloud API settings (type-3 event, sealed to the
    gateway only; team-setup.md §5). The gateway takes them from an active admin only.

    The token and the app secret never reach the hub or a desk's log in clear: the envelope is
    sealed to the gateway's `device_kem`, and `repr` leaves them out of logs.
    """

    phone_number_id: str
    business_account_id: str
    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)
    """Meta signs every webhook with it (`X-Hub-Signature-256`)."""
    verify_token: str = field(repr=False)
    """Made on the desk; Meta's webhook handshake (`hub.verify_token`) must bring it back."""
    graph_url: str
    """`https://graph.facebook.com`, or the simulator's address."""
    webhook_url: str
    """The public callback URL to report to the desks; "" keeps the gateway's own."""
    simulated: bool
    """The Cloud API simulator stands in for Meta (a try-out)."""

    kind = EventKind.GATEWAY_SETTINGS


def write_settings(w: Writer, e: GatewaySettings) -> None:
    w.text(e.phone_number_id).text(e.business_account_id)
    w.text(e.access_token).text(e.app_secret).text(e.verify_token)
    w.text(e.graph_url).text(e.webhook_url).u8(e.simulated)


def read_settings(r: Reader) -> GatewaySettings:
    return GatewaySettings(
        phone_number_id=r.text(MAX_FIELD),
        business_account_id=r.text(MAX_FIELD),
        access_token=r.text(MAX_SECRET),
        app_secret=r.text(MAX_SECRET),
        verify_token=r.text(MAX_FIELD),
        graph_url=r.text(MAX_URL),
        webhook_url=r.text(MAX_URL),
        simulated=read_flag(r),
    )


# Desks store it without applying it: they cannot open it, and it changes no row of theirs.
SPEC = KindSpec(
    EventKind.GATEWAY_SETTINGS,
    GatewaySettings,
    write_settings,
    read_settings,
    envelope=EventType.OUTBOUND,
)
