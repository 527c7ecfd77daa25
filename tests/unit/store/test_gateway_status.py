"""The number's connection in the replica: the newest gateway report wins; sent settings stay
local."""

from __future__ import annotations

import pytest

from app.domain.ids import EventId
from app.log.events import GatewayStatus, SettingsState, WebhookHandshake
from app.store.connection_rows import SettingsSent
from app.store.replica import Replica
from tests.unit.store.builders import LogBuilder, raw


def _status(at: int, handshake: WebhookHandshake = WebhookHandshake.WAITING) -> GatewayStatus:
    return GatewayStatus(
        webhook_url="https://gw.example.com/webhook",
        handshake=handshake,
        handshake_at=at if handshake is not WebhookHandshake.WAITING else 0,
        last_webhook_at=0,
        settings=SettingsState.APPLIED,
        settings_id=EventId(b"s" * 16),
        problem="",
        error_code=0,
        simulated=True,
        at=at,
    )


@pytest.mark.asyncio
async def test_newest_report_wins_and_counts_as_a_number_change(
    replica: Replica, log: LogBuilder
) -> None:
    assert await replica.gateway_status() is None
    first = log.record(_status(1_000))
    changes = await replica.apply_batch([first], cursor=first.seq)
    assert changes.number_status_changed
    assert await replica.gateway_status() == _status(1_000)
    newer = log.record(_status(2_000, WebhookHandshake.SUCCEEDED))
    late = log.record(_status(1_500))  # an older report, delivered late
    await replica.apply_batch([newer, late], cursor=late.seq)
    assert await replica.gateway_status() == _status(2_000, WebhookHandshake.SUCCEEDED)
    stale = log.record(_status(1_200))
    changes = await replica.apply_batch([stale], cursor=stale.seq)
    assert not changes.number_status_changed
    assert (await raw(replica, "SELECT stream_seq FROM gateway_status"))[0][0] == newer.seq


@pytest.mark.asyncio
async def test_sent_settings_are_kept_locally(replica: Replica) -> None:
    assert await replica.settings_sent() is None
    sent = SettingsSent(EventId(b"e" * 16), "verify-me", "", True, 1_000)
    await replica.save_settings_sent(sent)
    again = SettingsSent(EventId(b"f" * 16), "verify-again", "https://x.example", False, 2_000)
    await replica.save_settings_sent(again)
    assert await replica.settings_sent() == again
    assert "verify-again" not in repr(again)
