"""Newer versions announced to the team (`DeskApi.releases`) on the fake desk the UI tests use
and on the real desks of the embedded team (a real nats-server, SQLCipher replicas): Anna is an
admin, Ben a member; both run the installed version (0.1.0). The same assertions run on both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.errors import NotPermitted
from app.domain.releases import Release, is_newer
from app.services.api import DeskApi
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0
NEWER = Release("99.0.0", "https://example.com/switchboard/99.0.0", "Faster search")


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def _shows(desk: DeskApi, expected: Release | None) -> None:
    async def shown() -> bool:
        return await desk.releases.available() == expected

    await until_async(shown, within=WITHIN)


async def test_an_admin_announces_and_older_desks_say_so_once(side: Side) -> None:
    assert is_newer(NEWER.version, side.ben.releases.running)
    assert side.anna.releases.is_admin()
    assert not side.ben.releases.is_admin()
    with pytest.raises(NotPermitted):
        await side.ben.releases.announce(NEWER)
    with pytest.raises(ValueError, match="refused"):
        await side.anna.releases.announce(Release("99.0.0", "http://example.com/plain"))
    # A version not newer than the running one shows nothing.
    await side.anna.releases.announce(Release(side.ben.releases.running))
    assert await side.anna.releases.available() is None
    await side.anna.releases.announce(NEWER)
    await _shows(side.ben, NEWER)
    await side.ben.releases.dismiss(NEWER.version)
    assert await side.ben.releases.available() is None
    assert await side.anna.releases.available() == NEWER  # closing is one desk's business
    later = Release("99.1.0")
    await side.anna.releases.announce(later)
    await _shows(side.ben, later)
