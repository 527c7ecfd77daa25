"""The number's connection ↔ canonical bytes: `GatewaySettings` (type 3) and `GatewayStatus`
(type 2), inside event plaintexts. PURE.

`codec` registers these readers and writers under their kinds; every length is capped, flags
are 0 or 1, enums are read strictly, so a plaintext has exactly one encoding.
"""

from __future__ import annotations

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.errors import DecodeError
from app.domain.events import GatewaySettings, GatewayStatus, SettingsState, WebhookHandshake
from app.domain.ids import ID_LEN, EventId

MAX_FIELD = 256
"""Bytes of an id, a code or a verify token (Meta's are far shorter)."""
MAX_SECRET = 4096
"""Bytes of an access token or app secret (Meta's long-lived tokens are a few hundred)."""
MAX_URL = 2048


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
        simulated=_flag(r),
    )


def write_status(w: Writer, e: GatewayStatus) -> None:
    w.text(e.webhook_url).u8(e.handshake).u64(e.handshake_at).u64(e.last_webhook_at)
    w.u8(e.settings).fixed(e.settings_id, ID_LEN).text(e.problem).u32(e.error_code)
    w.u8(e.simulated).u64(e.at)


def read_status(r: Reader) -> GatewayStatus:
    return GatewayStatus(
        webhook_url=r.text(MAX_URL),
        handshake=read_enum(r.u8(), WebhookHandshake),
        handshake_at=r.u64(),
        last_webhook_at=r.u64(),
        settings=read_enum(r.u8(), SettingsState),
        settings_id=EventId(r.fixed(ID_LEN)),
        problem=r.text(MAX_FIELD),
        error_code=r.u32(),
        simulated=_flag(r),
        at=r.u64(),
    )


def _flag(r: Reader) -> bool:
    value = r.u8()
    if value > 1:
        raise DecodeError("value")
    return value == 1


__all__ = ["read_settings", "read_status", "write_settings", "write_status"]
