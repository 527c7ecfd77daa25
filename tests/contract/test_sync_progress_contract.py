"""Sync progress of `DeskApi` (`sync_progress`, `Changes.sync_progressed`) on the fake desk the UI
tests use and on the real desks of the embedded team. A desk that holds the whole log says so,
and live traffic never makes it report syncing: the status bar's "Syncing … of …" must not
flicker with every customer message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.domain.model import LocalStoreState, QueueView
from app.services.api import Changes
from tests.helpers.two_desks import SIDES, Side, two_desks
from tests.helpers.wait import until_async

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(120)]

WITHIN = 15.0


@pytest_asyncio.fixture(params=SIDES)
async def side(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Side]:
    async with two_desks(request.param, tmp_path) as made:
        yield made


async def test_a_synced_desk_stays_up_to_date_through_live_messages(side: Side) -> None:
    before = side.anna.sync_progress()
    assert before.caught_up
    assert before.applied == before.total
    progressed: list[Changes] = []
    unsubscribe = side.anna.subscribe(
        lambda changes: progressed.append(changes) if changes.sync_progressed else None
    )
    try:
        for text in ("Is the oak table back?", "In 160 cm?", "Thanks!"):
            await side.customer_writes("Lena", text)

        async def arrived() -> bool:
            return await side.anna.queue_count(QueueView.ALL_OPEN) == 1

        await until_async(arrived, within=WITHIN)
    finally:
        unsubscribe()
    after = side.anna.sync_progress()
    assert after.caught_up
    assert after.applied == after.total >= before.total
    assert progressed == []  # nothing told the window to show "Syncing" again


async def test_a_desk_whose_store_works_reports_it_fine(side: Side) -> None:
    """`local_store()` is OK on a working desk, on both sides, through live traffic: the
    status bar shows nothing."""
    await side.customer_writes("Lena", "Is the oak table back?")

    async def arrived() -> bool:
        return await side.anna.queue_count(QueueView.ALL_OPEN) == 1

    await until_async(arrived, within=WITHIN)
    assert side.anna.local_store() is LocalStoreState.OK
    assert side.ben.local_store() is LocalStoreState.OK
