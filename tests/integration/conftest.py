"""Fixtures for tests over real processes and files."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from app.demo.stack import DemoStack
from app.desk.team import TeamDeskFactory
from app.hub import Hub
from tests.helpers.hub import running_hub
from tests.helpers.stack import running_stack
from tests.helpers.team_desks import cheap_stretch


@pytest_asyncio.fixture
async def stack(tmp_path: Path) -> AsyncIterator[DemoStack]:
    """Hub, simulator, gateway and the desks of Anna and Ben, each with its own replica."""
    async with running_stack(tmp_path) as team:
        yield team


@pytest_asyncio.fixture
async def hub(tmp_path: Path) -> AsyncIterator[Hub]:
    """A hub with logins on, not yet bound to a team (modules may define their own `hub`)."""
    async with running_hub(tmp_path, auth=True) as running:
        yield running


@pytest_asyncio.fixture
async def factory(hub: Hub, tmp_path: Path) -> AsyncIterator[TeamDeskFactory]:
    """Puts desks of one team on `hub` the way people do (cheap Argon2id stand-in)."""
    made = TeamDeskFactory(
        hub_url=hub.url,
        tls_fingerprint=hub.tls_fingerprint,
        root=tmp_path / "desks",
        clock=time.time,
        stretch=cheap_stretch,
    )
    try:
        yield made
    finally:
        await made.close()
