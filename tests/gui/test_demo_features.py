"""The windowed demo shows the team's tools (issue 12): over the whole real stack, set up as
`switchboard demo` sets it up, Anna's window shows label chips in the queue, a thread with the
gateway's automatic greeting and Chiara's filled-in canned reply, and a report with figures
for today."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.demo.hours import GREETING
from app.demo.stack import TEAM_NAME, DemoStack
from app.domain.canned import first_name
from app.domain.ids import ConversationId
from app.domain.model import QueueView
from app.domain.reports import NO_SPREAD, Period
from app.ui import report_words
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from tests.gui.demo_world import demo_at_work
from tests.helpers.wait import until, until_async

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.mark.asyncio
async def test_the_demo_shows_labels_a_greeting_a_canned_reply_and_a_report(
    qapp: QApplication, tmp_path: Path
) -> None:
    qapp.setQuitOnLastWindowClosed(False)
    async with demo_at_work(tmp_path) as stack:
        window = _window(stack)
        try:
            await _shows_the_tools(window)
        finally:
            window.close()
            await until(lambda: not shiboken6.isValid(window), timeout=5)


def _window(stack: DemoStack) -> DeskWindow:
    anna = stack.team_desks["Anna"]
    window = create_desk_window(anna.desk.session, business_name=TEAM_NAME, team=anna.admin)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.resize(1200, 760)
    window.show()
    window.queue.show_tab(QueueView.ALL_OPEN)
    return window


async def _shows_the_tools(window: DeskWindow) -> None:
    queue = window.queue.current_model

    def labelled() -> list[tuple[ConversationId, str]]:
        rows = [queue.index(r) for r in range(queue.rowCount())]
        return [
            (i.data(QueueRole.CONVERSATION_ID), i.data(QueueRole.CUSTOMER_NAME))
            for i in rows
            if i.data(QueueRole.LABELS)
        ]

    await until(lambda: bool(labelled()), timeout=20)
    conversation, customer = labelled()[0]
    window.open_conversation(conversation)
    canned = f"Hello {first_name(customer)}, this is Chiara. How can I help?"

    def thread() -> list[tuple[str, str]]:
        model = window.conversation.model
        if model is None:
            return []
        rows = [model.index(r) for r in range(model.rowCount())]
        return [(i.data(MessageRole.AUTHOR_NAME), i.data(MessageRole.TEXT)) for i in rows]

    await until(lambda: ("Automatic", GREETING) in thread(), timeout=20)
    await until(lambda: any(t.startswith(canned) for a, t in thread() if a == "Chiara"), 20)

    await until_async(lambda: _resolved_today(window), within=30, step=0.2)
    dialog = window.show_reports()
    today = dialog.periods
    await until(lambda: today.rowCount() == 1, timeout=10)
    opened, resolved, first_response = (today.item(0, c).text() for c in (1, 2, 3))
    assert int(opened) >= 1
    assert int(resolved) >= 1
    assert first_response != report_words.spread(NO_SPREAD)
    dialog.close()


async def _resolved_today(window: DeskWindow) -> bool:
    """Chiara resolved a conversation today, as Anna's replica has it (the dialog reports
    once, so it opens only then)."""
    now = int(time.time())
    report = await window.api.team_report(now - now % 86_400, now + 1, Period.DAY)
    return bool(report.periods) and report.periods[-1].resolved > 0
