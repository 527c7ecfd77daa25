"""A device that joins a team with a long log gets its desk window at once (offscreen).

The window opens while the log is still syncing and says so ("Syncing … of …"); the Qt event
loop keeps running timers throughout, because opening envelopes runs off the UI thread
(style.md P1); and the indicator goes away once every event is in.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.desk.team import TeamDeskFactory
from app.domain.model import QueueView
from app.ui.app import create_desk_window
from tests.helpers.hub import running_hub
from tests.helpers.team_desks import cheap_stretch
from tests.helpers.wait import TIMEOUT_SCALE, until, until_async
from tests.integration.test_join_big_log import fill

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.asyncio]

EVENTS = 5_000
CUSTOMERS = 300
STALL = 1.0
"""Seconds without a timer tick that count as a frozen window (a stall detector, generous on
purpose: not a speed target)."""


class Ticks:
    """A 20 ms timer on the UI thread, recording when it fired."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.times.append(time.monotonic())

    def longest_gap(self, since: float, until: float) -> float:
        times = [since, *(t for t in self.times if since <= t <= until), until]
        return max(b - a for a, b in zip(times, times[1:], strict=False))


@pytest.mark.timeout(600)
async def test_the_window_opens_at_once_shows_syncing_and_stays_responsive(
    tmp_path: Path, qapp: QApplication
) -> None:
    qapp.setQuitOnLastWindowClosed(False)  # closing the window must not stop the test's loop
    async with running_hub(tmp_path, auth=True) as hub:
        assert hub.setup_code is not None
        factory = TeamDeskFactory(
            hub_url=hub.url,
            tls_fingerprint=hub.tls_fingerprint,
            root=tmp_path / "desks",
            clock=time.time,
            stretch=cheap_stretch,
        )
        ticks = Ticks()
        window = None
        try:
            anna = await factory.found("Nordlicht", "Anna", setup_code=hub.setup_code)
            await fill(hub, factory, anna, EVENTS)
            await anna.desk.caught_up()

            ben = await factory.enroll(anna, "Ben")
            session = ben.desk.session
            ticks.timer.start()
            started = time.monotonic()
            window = create_desk_window(session, business_name="Nordlicht")
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.show()
            # The window exists before the log is in, and says it is syncing.
            assert not session.sync_progress().caught_up
            indicator = window.sync_progress
            assert indicator.isVisible()
            assert indicator.label.text().startswith("Syncing ")

            async def synced() -> bool:
                return await session.queue_count(QueueView.ALL_OPEN) == CUSTOMERS

            await ben.desk.caught_up()
            ended = time.monotonic()
            await until_async(synced, within=30)
            await until(lambda: not indicator.isVisible(), timeout=10)
            assert indicator.label.text() == "Up to date"
            ticks.timer.stop()
            # Timers kept firing on the UI thread all through the sync.
            assert len([t for t in ticks.times if started <= t <= ended]) > 10
            assert ticks.longest_gap(started, ended) < STALL * TIMEOUT_SCALE
            print(
                f"\nwindow sync: {session.sync_progress().total} records in "
                f"{ended - started:.1f} s; longest UI stall "
                f"{ticks.longest_gap(started, ended) * 1000:.0f} ms"
            )
        finally:
            # Deleted here, on the UI thread: left to Python's cycle collector, the timer could
            # be freed on whichever thread collects (a sync worker), and the next test's event
            # processing crashed on it.
            ticks.timer.stop()
            ticks.timer.timeout.disconnect()
            ticks.timer.deleteLater()
            if window is not None and shiboken6.isValid(window):
                window.close()
                await until(lambda: not shiboken6.isValid(window), timeout=5)
            await factory.close()
