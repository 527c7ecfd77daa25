"""The number's connection in the replica: the gateway's last `GatewayStatus` (from the log)
and the settings this desk sent (local only). Rows ↔ values, and the SQL that reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.ids import EventId
from app.log.events import GatewayStatus, SettingsState, WebhookHandshake
from app.log.state import BatchState
from app.store.db import Row, Tx

GATEWAY_STATUS_COLUMNS = (
    "webhook_url, handshake, handshake_at, last_webhook_at, settings, settings_id, problem, "
    "error_code, simulated, at"
)
_SQL_GATEWAY_STATUS = (
    f"SELECT {GATEWAY_STATUS_COLUMNS}, stream_seq FROM gateway_status WHERE id = 1"
)
_SQL_UPSERT_GATEWAY_STATUS = (
    f"INSERT OR REPLACE INTO gateway_status (id, {GATEWAY_STATUS_COLUMNS}, stream_seq) "
    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# A second copy of one report (same number, same Meta time) counts once.
_SQL_INSERT_FOREIGN = (
    "INSERT OR IGNORE INTO foreign_webhooks (number_tag, at, items) VALUES (?, ?, ?)"
)
_SQL_FOREIGN = "SELECT coalesce(sum(items), 0), max(at) FROM foreign_webhooks"
_SETTINGS_SENT_COLUMNS = "event_id, verify_token, webhook_url, simulated, sent_at"
_SQL_SETTINGS_SENT = f"SELECT {_SETTINGS_SENT_COLUMNS} FROM number_settings_sent WHERE id = 1"
_SQL_SAVE_SETTINGS_SENT = (
    f"INSERT OR REPLACE INTO number_settings_sent (id, {_SETTINGS_SENT_COLUMNS}) "
    "VALUES (1, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class SettingsSent:
    """The number settings this desk sent last (what Meta's dashboard needs from them)."""

    event_id: EventId
    verify_token: str = field(repr=False)
    webhook_url: str
    simulated: bool
    sent_at: int


def gateway_status_params(s: GatewayStatus) -> tuple[object, ...]:
    """Values in `GATEWAY_STATUS_COLUMNS` order."""
    return (
        s.webhook_url,
        int(s.handshake),
        s.handshake_at,
        s.last_webhook_at,
        int(s.settings),
        s.settings_id,
        s.problem,
        s.error_code,
        int(s.simulated),
        s.at,
    )


def gateway_status_from_row(row: Row) -> GatewayStatus:
    """A row selected with `GATEWAY_STATUS_COLUMNS`."""
    return GatewayStatus(
        webhook_url=str(row["webhook_url"]),
        handshake=WebhookHandshake(row["handshake"]),
        handshake_at=int(row["handshake_at"]),
        last_webhook_at=int(row["last_webhook_at"]),
        settings=SettingsState(row["settings"]),
        settings_id=EventId(bytes(row["settings_id"])),
        problem=str(row["problem"]),
        error_code=int(row["error_code"]),
        simulated=bool(row["simulated"]),
        at=int(row["at"]),
    )


async def gateway_status(tx: Tx) -> GatewayStatus | None:
    row = await tx.fetchone(_SQL_GATEWAY_STATUS)
    return None if row is None else gateway_status_from_row(row)


async def load(tx: Tx, state: BatchState) -> None:
    """The kept status, which a batch's `GatewayStatus` may replace."""
    row = await tx.fetchone(_SQL_GATEWAY_STATUS)
    if row is not None:
        state.gateway_status = (gateway_status_from_row(row), int(row["stream_seq"]))


async def flush(tx: Tx, state: BatchState) -> None:
    if state.gateway_status_changed and state.gateway_status is not None:
        status, seq = state.gateway_status
        await tx.execute(_SQL_UPSERT_GATEWAY_STATUS, (*gateway_status_params(status), seq))
    if state.foreign_webhooks:
        reports = ((r.number_tag, r.at, r.items) for r in state.foreign_webhooks)
        await tx.executemany(_SQL_INSERT_FOREIGN, reports)


async def foreign_webhooks(tx: Tx) -> tuple[int, int | None]:
    """Webhook items the gateway ignored for naming another phone number id: how many, and
    Meta's time of the newest (None if none)."""
    row = await tx.fetchone(_SQL_FOREIGN)
    assert row is not None  # an aggregate always answers
    return int(row[0]), None if row[1] is None else int(row[1])


async def settings_sent(tx: Tx) -> SettingsSent | None:
    row = await tx.fetchone(_SQL_SETTINGS_SENT)
    if row is None:
        return None
    return SettingsSent(
        event_id=EventId(bytes(row["event_id"])),
        verify_token=str(row["verify_token"]),
        webhook_url=str(row["webhook_url"]),
        simulated=bool(row["simulated"]),
        sent_at=int(row["sent_at"]),
    )


async def save_settings_sent(tx: Tx, sent: SettingsSent) -> None:
    await tx.execute(
        _SQL_SAVE_SETTINGS_SENT,
        (sent.event_id, sent.verify_token, sent.webhook_url, int(sent.simulated), sent.sent_at),
    )
