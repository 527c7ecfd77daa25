"""Issue 8: `switchboard bench live` logged up to 16 "Authorization Violation" warnings while it
set its team up, none of them a problem. Most came from a new device's attempts to log in
before the hub had reloaded the users that list it (`once_admitted` tries every 0.2 s): a
refused first connection is not news for the log, the caller gets `HubAccessDenied` and
decides what it means. The rest came from a joining desk's invite login, which the hub drops
on purpose once the invite is used, cut while the joiner still held it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from app.domain.model import Role
from app.sync.nats_transport import NatsTransport
from app.sync.transport import HubAccessDenied
from tests.helpers.hub import running_hub
from tests.helpers.hub_team import found
from tests.helpers.wait import until

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


@pytest.mark.parametrize(("login_ends", "warned"), [(True, False), (False, True)])
async def test_a_login_the_hub_ends_on_purpose_is_not_warned_of_when_cut(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, login_ends: bool, warned: bool
) -> None:
    """The rest of the bench's warnings: a joining desk's invite login, cut by the hub's
    reload once the invite was used, while the joiner still held it. A device's own login
    cut (it was removed) is still worth its one warning."""
    caplog.set_level(logging.DEBUG, logger="app.sync.nats_transport")
    async with running_hub(tmp_path, auth=True) as hub:
        team = await found(hub)
        member = await team.enroll(Role.MEMBER, "ben")
        transport = await NatsTransport.connect(
            hub.url,
            team_id_hex=team.hex,
            name="joining",
            nkey_seed=member.hub_seed(),
            connect_timeout=5,
            login_ends=login_ends,
        )
        try:
            await team.remove(member)
            await until(lambda: isinstance(transport.refusal, HubAccessDenied), timeout=10)
        finally:
            await transport.close()
    warnings = [
        r
        for r in caplog.records
        if "Authorization Violation" in r.getMessage() and r.levelno >= logging.WARNING
    ]
    assert bool(warnings) is warned
