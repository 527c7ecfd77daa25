"""The windowed demo shows the team's tools (issue 12): over the whole real stack, set up as
`switchboard demo` sets it up, Anna's window shows label chips in the queue, a thread with the
gateway's automatic greeting and Chiara's filled-in canned reply, and a report with figures
for today."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from app.demo.hours import GREETING
from app.domain.canned import first_name
from app.domain.reports import NO_SPREAD
from app.ui import report_words
from app.ui.desk_window import DeskWindow
from tests.gui.demo_world import annas_window, demo_at_work, labelled, resolved_today, thread
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.mark.asyncio
async def test_the_demo_shows_labels_a_greeting_a_canned_reply_and_a_report(
    qapp: QApplication, tmp_path: Path
) -> None:
    qapp.setQuitOnLastWindowClosed(False)
    async with demo_at_work(tmp_path) as stack:
        window = annas_window(stack)
        try:
            await _shows_the_tools(window)
        finally:
            window.close()
            await until(lambda: not shiboken6.isValid(window), timeout=5)


async def _shows_the_tools(window: DeskWindow) -> None:
    await until(lambda: bool(labelled(window)), timeout=20)
    conversation, customer = labelled(window)[0]
    window.open_conversation(conversation)
    canned = f"Hello {first_name(customer)}, this is Chiara. How can I help?"
    await until(lambda: ("Automatic", GREETING) in thread(window), timeout=20)
    await until(lambda: any(t.startswith(canned) for a, t in thread(window) if a == "Chiara"), 20)

    await until_async(lambda: resolved_today(window), within=30, step=0.2)
    dialog = window.show_reports()
    today = dialog.periods
    await until(lambda: today.rowCount() == 1, timeout=10)
    opened, resolved, first_response = (today.item(0, c).text() for c in (1, 2, 3))
    assert int(opened) >= 1
    assert int(resolved) >= 1
    assert first_response != report_words.spread(NO_SPREAD)
    dialog.close()
