"""Screenshots of `switchboard demo` at work: `python -m tests.gui.demo_shoot DIR [--lang de]`.

Run under Xvfb with the xcb platform (see tests/gui/shoot.py). The whole real stack is set up as
the demo sets it up (labels, canned replies, business hours with the greeting) with the
scripted colleague Chiara answering; Anna's window is shot with label chips in the queue and a
thread holding the gateway's automatic greeting and Chiara's canned reply, then filtered by the
Delivery label, then the activity report once Chiara has resolved a conversation.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtWidgets import QApplication

from app.demo.hours import AWAY, GREETING
from app.demo.stack import DemoStack
from app.domain.business_hours import is_open
from app.ui.desk_window import DeskWindow
from tests.gui.demo_world import annas_window, demo_at_work, labelled, resolved_today, thread
from tests.gui.shoot_cli import run_shoot
from tests.helpers.wait import until, until_async


async def _shoot(out: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # the stack stops after the window closes
    with tempfile.TemporaryDirectory() as folder:
        async with demo_at_work(
            Path(folder), customers=5, messages=8, rate=1.5, patience=4.0
        ) as stack:
            window = annas_window(stack)
            try:
                customer = await _shots(window, out)
                await _away(stack, window, customer, out)
            finally:
                window.close()
                await until(lambda: not shiboken6.isValid(window), timeout=5)
    QApplication.processEvents()
    print(out)


async def _shots(window: DeskWindow, out: Path) -> str:
    """Shoots what shows within a minute; returns the name of the customer in the thread."""
    await until(lambda: len(labelled(window)) >= 2, timeout=30)
    conversation, customer = labelled(window)[0]
    window.open_conversation(conversation)
    await until(lambda: any(text == GREETING for _, text in thread(window)), timeout=20)
    await until(lambda: any(who == "Chiara" for who, _ in thread(window)), timeout=20)
    await asyncio.sleep(0.8)  # let the bubbles lay out before the grab
    assert window.grab().save(str(out / "demo_window.png"))

    labels = await window.api.labels.labels()
    window.queue.filter_by_label(next(x.label_id for x in labels if x.name == "Delivery"))
    assert window.queue.label_filter.currentText() == "Delivery"
    await until(lambda: 0 < window.queue.current_model.rowCount() < 5, timeout=10)
    await asyncio.sleep(0.6)
    assert window.grab().save(str(out / "demo_label_filter.png"))
    window.queue.filter_by_label(None)

    await until_async(lambda: resolved_today(window), within=60, step=0.2)
    dialog = window.show_reports()
    await until(lambda: dialog.periods.rowCount() == 1, timeout=10)
    await asyncio.sleep(0.6)
    assert dialog.grab().save(str(out / "demo_reports.png"))
    dialog.tabs.setCurrentIndex(1)
    await asyncio.sleep(0.4)
    assert dialog.grab().save(str(out / "demo_reports_agents.png"))
    dialog.close()
    return customer


async def _away(stack: DemoStack, window: DeskWindow, customer: str, out: Path) -> None:
    """Once the demo's shop has closed, the open conversation's customer writes again and gets
    the away message (1 to 2 minutes after the start)."""
    sim, gateway = stack.simulator, stack.gateway
    assert sim is not None
    assert gateway is not None
    hours = gateway.auto_replies.hours
    assert hours is not None
    zone = ZoneInfo(hours.zone)
    await until(lambda: not is_open(hours, zone, datetime.now(UTC)), timeout=150)
    (writer,) = [c for c in sim.customers() if c.profile_name == customer]
    await sim.customer_sends_text(writer.user_id, "Hello, are you still there?")
    await until(lambda: any(text == AWAY for _, text in thread(window)), timeout=20)
    await asyncio.sleep(0.8)
    assert window.grab().save(str(out / "demo_away.png"))


def main() -> int:
    return run_shoot(_shoot)


if __name__ == "__main__":
    sys.exit(main())
