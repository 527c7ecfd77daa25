"""Issue 8: `switchboard bench live` logged 16 "Authorization Violation" warnings while it set
its team up. Each came from one attempt of a new device to log in before the hub had reloaded
the users that list it (`once_admitted` tries every 0.2 s). A refused first connection is not
news for the log: the caller gets `HubAccessDenied` and decides what it means (wait for the
hub's reload, or tell the person the device was removed)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied
from tests.helpers.hub import running_hub

pytestmark = pytest.mark.asyncio


async def test_a_refused_first_login_raises_without_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.sync.nats_transport")
    async with running_hub(tmp_path, auth=True) as hub:
        with pytest.raises(HubAccessDenied):
            await NatsTransport.connect(
                hub.url,
                team_id_hex=os.urandom(16).hex(),
                name="new device",
                nkey_seed=os.urandom(32),
                connect_timeout=5,
            )
    refusals = [r for r in caplog.records if "Authorization Violation" in r.getMessage()]
    assert refusals  # logged, for whoever reads the debug log ...
    assert all(r.levelno < logging.WARNING for r in refusals)  # ... but not as a warning
