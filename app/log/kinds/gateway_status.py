"""The gateway's report on its webhook connection (gateway event, sealed to the team)."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.encoding import Reader, Writer, read_enum
from app.crypto.header import EventType
from app.domain.events import EventKind, SettingsState, WebhookHandshake
from app.domain.ids import ID_LEN, EventId
from app.log.kind import KindSpec, read_flag
from app.log.kinds.gateway_settings import MAX_FIELD, MAX_URL
from app.log.state import BatchState, Keys
from app.log.values import AppliedRecord, Outcome


@dataclass(frozen=True, slots=True)
class GatewayStatus:
    """The gateway's report on its webhook connection (gateway event, sealed to the team).

    Sent when settings were applied or rejected, when Meta's handshake succeeds or fails, and
    for the last webhook's time at most about once a minute.
    """

    webhook_url: str
    handshake: WebhookHandshake
    handshake_at: int
    """Unix seconds of the handshake's outcome; 0 while waiting."""
    last_webhook_at: int
    """Unix seconds of the last signed webhook from Meta; 0 if none yet."""
    settings: SettingsState
    settings_id: EventId
    """The event id of the settings request this reports on; zeros when none."""
    problem: str
    """Why the settings were rejected (a stable code such as `token_invalid`), else ""."""
    error_code: int
    """Graph's error code behind `problem`; 0 if none."""
    simulated: bool
    at: int

    kind = EventKind.GATEWAY_STATUS


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
        simulated=read_flag(r),
        at=r.u64(),
    )


def _keys(keys: Keys, record: AppliedRecord, event: GatewayStatus) -> None:
    keys.gateway_status = True


def _fold(state: BatchState, record: AppliedRecord, ev: GatewayStatus) -> Outcome:
    """One report is kept: the newest by the gateway's clock, ties going to the later record."""
    kept = state.gateway_status
    if kept is None or ev.at >= kept[0].at:
        state.gateway_status = (ev, record.seq)
        state.gateway_status_changed = True
    return Outcome.APPLIED


SPEC = KindSpec(
    EventKind.GATEWAY_STATUS,
    GatewayStatus,
    write_status,
    read_status,
    _fold,
    _keys,
    envelope=EventType.GATEWAY,
)
