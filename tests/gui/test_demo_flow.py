"""A person's path through two real desk windows over the whole real stack (offscreen).

Anna clicks Claim, types a reply and presses Enter; the customer receives it through the
gateway, Ben's window shows the conversation as Anna's, and both windows show the reply read.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from app.demo.stack import TEAM_NAME, DemoStack
from app.domain.model import DeliveryStatus, Direction
from app.simulator.inbound import Media as CustomerMedia
from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.models.conversation_model import MessageRole
from app.ui.models.queue_model import QueueRole
from tests.helpers.stack import running_stack
from tests.helpers.wait import until

pytestmark = [pytest.mark.gui, pytest.mark.slow]


class _Windows:
    """The desk windows of one test, opened over a running stack."""

    def __init__(self, stack: DemoStack) -> None:
        self._stack = stack
        self._open: list[DeskWindow] = []

    def open(self, name: str) -> DeskWindow:
        window = create_desk_window(self._stack.desks[name].session, business_name=TEAM_NAME)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open.append(window)
        window.resize(1100, 720)
        window.show()
        return window

    async def close(self) -> None:
        """Close and delete the windows, as the app does before its shutdown (style.md P6).

        A change set makes the models refresh on a 50 ms timer; a window still alive when the
        stack stops would run that refresh against a closed replica ("Connection closed").
        Deleting the windows stops their timers and cancels their tasks first.
        """
        for window in self._open:
            if shiboken6.isValid(window):
                window.close()
        await until(lambda: not any(shiboken6.isValid(w) for w in self._open), timeout=5)


@contextlib.asynccontextmanager
async def _stack_with_windows(tmp_path: Path) -> AsyncIterator[tuple[DemoStack, _Windows]]:
    """A running stack whose windows are gone before it stops, however the block ends."""
    async with running_stack(tmp_path) as stack:
        windows = _Windows(stack)
        try:
            yield stack, windows
        finally:
            await windows.close()


def _outbound_statuses(window: DeskWindow) -> list[object]:
    model = window.conversation.model
    if model is None:
        return []
    rows = [model.index(r) for r in range(model.rowCount())]
    return [
        i.data(MessageRole.STATUS)
        for i in rows
        if i.data(MessageRole.DIRECTION) == Direction.OUTBOUND
    ]


@pytest.mark.asyncio
async def test_claim_and_reply_through_the_windows(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    qapp.setQuitOnLastWindowClosed(False)  # closing windows must not stop the test's loop
    async with _stack_with_windows(tmp_path) as (stack, windows):
        await _claim_and_reply(qtbot, stack, windows)


async def _claim_and_reply(qtbot: QtBot, stack: DemoStack, windows: _Windows) -> None:
    sim = stack.simulator
    assert sim is not None
    lena = sim.add_customer("Lena Krause", wa_id="4915112345678")
    await sim.customer_sends_text(lena.user_id, "Is my order shipped yet?")
    anna, ben = windows.open("Anna"), windows.open("Ben")

    queue = anna.queue.current_model
    await until(lambda: queue.rowCount() == 1, timeout=10)
    conversation = queue.index(0).data(QueueRole.CONVERSATION_ID)
    anna.open_conversation(conversation)
    ben.open_conversation(conversation)
    claim = anna.conversation.header.claim_button
    await until(claim.isEnabled, timeout=5)
    assert not anna.conversation.composer.is_allowed()  # nobody may reply before claiming
    qtbot.mouseClick(claim, Qt.MouseButton.LeftButton)

    composer = anna.conversation.composer
    await until(composer.is_allowed, timeout=10)
    await until(lambda: not ben.conversation.header.claim_button.isEnabled(), timeout=10)
    qtbot.keyClicks(composer.edit, "Yes, it left our warehouse today.")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)

    await until(
        lambda: (
            [m.text for m in sim.received(lena.user_id)] == ["Yes, it left our warehouse today."]
        ),
        timeout=10,
    )
    for window in (anna, ben):
        await until(lambda w=window: _outbound_statuses(w) == [DeliveryStatus.READ], timeout=10)
    assert composer.text() == ""


@pytest.mark.asyncio
async def test_a_customers_photo_opens_in_a_viewer(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    qapp.setQuitOnLastWindowClosed(False)
    picture = QImage(320, 200, QImage.Format.Format_RGB32)
    picture.fill(QColor("teal"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    png = bytes(buffer.data().data())
    async with _stack_with_windows(tmp_path) as (stack, windows):
        sim = stack.simulator
        assert sim is not None
        lena = sim.add_customer("Lena Krause", wa_id="4915112345678")
        await sim.customer_sends(
            lena.user_id, CustomerMedia("image", data=png, mime_type="image/png", caption="Receipt")
        )
        anna = windows.open("Anna")
        queue = anna.queue.current_model
        await until(lambda: queue.rowCount() == 1, timeout=10)
        anna.open_conversation(queue.index(0).data(QueueRole.CONVERSATION_ID))
        model = anna.conversation.model
        await until(lambda: model is not None and model.rowCount() == 1, timeout=10)
        assert model is not None
        event_id = model.index(0).data(MessageRole.EVENT_ID)
        anna.conversation.media_requested.emit(event_id)

        def viewer() -> QDialog | None:
            dialogs = [w for w in anna.findChildren(QDialog) if w.isVisible()]
            return dialogs[0] if dialogs else None

        await until(lambda: viewer() is not None, timeout=10)
        shown = viewer()
        assert shown is not None
        assert shown.windowTitle() == "Receipt"
        [label] = [w for w in shown.findChildren(QLabel) if not w.pixmap().isNull()]
        assert (label.pixmap().width(), label.pixmap().height()) == (320, 200)
        shown.close()
