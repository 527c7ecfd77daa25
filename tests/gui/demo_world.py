"""The windowed demo's team at work, for its GUI test and its screenshots: Anna (the admin),
Ben and the scripted colleague Chiara, set up as `switchboard demo` sets them up (labels, canned
replies, business hours with the greeting), customers writing and Chiara answering."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt

from app.aio import cancel_and_wait
from app.demo.hours import closing_soon
from app.demo.stack import TEAM_NAME, DemoStack
from app.demo.team_setup import set_up_team
from app.demo.windows import COLLEAGUE, WINDOW_AGENTS, colleague
from app.domain.ids import ConversationId
from app.domain.model import QueueView
from app.domain.reports import Period
from app.simulator.customers import CustomerScript
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from tests.helpers.stack import running_stack


@contextlib.asynccontextmanager
async def demo_at_work(
    data_dir: Path,
    customers: int = 3,
    messages: int = 6,
    rate: float = 3.0,
    patience: float = 0.0,
) -> AsyncIterator[DemoStack]:
    """A running demo team whose customers write and whose colleague works (by default without
    patience: the people at the windows are the test, which does not claim)."""
    async with running_stack(data_dir, (*WINDOW_AGENTS, COLLEAGUE)) as stack:
        assert stack.simulator is not None
        await set_up_team(stack, closing_soon(datetime.now(UTC)))
        script = stack.simulator.start_script(CustomerScript(customers, messages, rate))
        chiara = asyncio.create_task(colleague(stack, patience).run(), name="chiara")
        try:
            yield stack
        finally:
            failures = await cancel_and_wait(script, chiara)
            assert not failures, failures


def annas_window(stack: DemoStack) -> DeskWindow:
    """Anna's window with her team tools, on the All open tab (deleted when closed)."""
    anna = stack.team_desks["Anna"]
    window = create_desk_window(anna.desk.session, business_name=TEAM_NAME, team=anna.admin)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.resize(1200, 760)
    window.show()
    window.queue.show_tab(QueueView.ALL_OPEN)
    return window


def labelled(window: DeskWindow) -> list[tuple[ConversationId, str]]:
    """The conversations of the queue's tab that show label chips, with their customers."""
    queue = window.queue.current_model
    rows = [queue.index(r) for r in range(queue.rowCount())]
    return [
        (i.data(QueueRole.CONVERSATION_ID), i.data(QueueRole.CUSTOMER_NAME))
        for i in rows
        if i.data(QueueRole.LABELS)
    ]


def thread(window: DeskWindow) -> list[tuple[str, str]]:
    """(who, text) of every message the open conversation shows."""
    model = window.conversation.model
    if model is None:
        return []
    rows = [model.index(r) for r in range(model.rowCount())]
    return [(i.data(MessageRole.AUTHOR_NAME), i.data(MessageRole.TEXT)) for i in rows]


async def resolved_today(window: DeskWindow) -> bool:
    """Chiara resolved a conversation today, as the window's replica has it (the report dialog
    reports once, so tests open it only then)."""
    now = int(time.time())
    report = await window.api.team_report(now - now % 86_400, now + 1, Period.DAY)
    return bool(report.periods) and report.periods[-1].resolved > 0
