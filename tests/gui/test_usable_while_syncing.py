"""While a new desk's first sync runs, its window shows what has arrived and works with it.

Real services on a real hub (offscreen): the log is filled with genuine gateway events, a new
desk opens, and the test holds its sync midway (the worker that opens batches waits for
permits, as behind a slow hub), so "during the sync" is a state the test controls, not a race.
Meanwhile the window says "Syncing … of …", its queue lists the conversations already applied,
and one of them opens with its messages. Released, the sync completes and the line goes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.desk.team import TeamDeskFactory
from app.domain.model import QueueView
from app.ui.app import create_desk_window
from tests.helpers.held_sync import Held
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import cheap_stretch
from tests.helpers.wait import until, until_async
from tests.integration.test_join_big_log import CUSTOMERS, fill

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.asyncio]

EVENTS = 5_000


@pytest.mark.timeout(600)
async def test_the_window_works_with_what_has_arrived_while_the_rest_syncs(
    tmp_path: Path, qapp: QApplication
) -> None:
    qapp.setQuitOnLastWindowClosed(False)
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        factory = TeamDeskFactory(
            hub_url=hub.url,
            tls_fingerprint=hub.tls_fingerprint,
            root=tmp_path / "desks",
            clock=time.time,
            stretch=cheap_stretch,
        )
        window = None
        held = None
        try:
            anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
            await fill(hub, factory, anna, EVENTS)
            await anna.desk.caught_up()
            ben = await factory.enroll(anna, "Ben")
            session, engine = ben.desk.session, ben.desk.engine
            held = Held(engine)
            held.allow(2)
            await until(lambda: engine.applied_seq > 0, timeout=30)  # some has arrived

            window = create_desk_window(session, business_name="Nordlicht")
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.show()
            progress = session.sync_progress()
            assert not progress.caught_up  # held midway: the rest waits for permits
            indicator = window.sync_progress
            await until(lambda: indicator.label.text().startswith("Syncing "))
            assert indicator.isVisible()
            assert f"of {progress.total:,}" in indicator.label.text()

            # What has arrived is usable: the queue lists it and a conversation opens.
            arrived = await session.queue_count(QueueView.ALL_OPEN)
            assert arrived > 0
            await until(lambda: window.queue.current_model.total > 0, timeout=10)
            first = (await session.queue_page(QueueView.ALL_OPEN, 0, 1))[0]
            window.open_conversation(first.conversation_id)
            pane = window.conversation
            await until(
                lambda: (
                    pane.model is not None and not pane.model.busy and pane.model.rowCount() > 0
                ),
                timeout=10,
            )
            assert pane.current_conversation == first.conversation_id
            assert not session.sync_progress().caught_up  # all of this happened mid-sync

            held.release()
            await ben.desk.caught_up()

            async def all_in() -> bool:
                return await session.queue_count(QueueView.ALL_OPEN) == CUSTOMERS

            await until_async(all_in, within=30)
            await until(lambda: not indicator.isVisible(), timeout=10)
            assert indicator.label.text() == "Up to date"
            # The desk's own name came with the sync; the header and title follow it.
            assert session.my_name == "Ben"
            await until(lambda: window.windowTitle().endswith("Switchboard — Ben"), timeout=10)
        finally:
            if held is not None:
                held.release()  # never leave the worker waiting
            if window is not None and shiboken6.isValid(window):
                window.close()
                await until(lambda: not shiboken6.isValid(window), timeout=5)
            await factory.close()
