"""The delegates paint every state without errors, and put things where they belong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.domain.ids import ConversationId
from app.domain.model import DeliveryStatus, QueueView
from app.ui.app import create_desk_window
from app.ui.theme import COLORS
from app.ui.widgets.queue_view import waiting_color
from app.ui.widgets.ticks import TICK_SIZE, paint_status, status_color
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until
from tests.unit.ui.conftest import NOW


def every_status_conversation(team: FakeTeam, anna: FakeDesk) -> ConversationId:
    cid = team.customer_writes("Sofia", "Hello! A question about my order.", at=NOW - 600)
    team.assign(cid, anna.me)
    for i, status in enumerate(DeliveryStatus):
        team.agent_sent(
            cid, anna.me, f"reply {status.name}", status, error_code=131026, at=NOW - 500 + i
        )
    team.customer_writes("Sofia", "x" * 500, at=NOW - 10)  # long enough to wrap
    return cid


def colored_columns(image: QImage, color: str) -> list[int]:
    wanted = QColor(color).rgb()
    return [
        x
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 3)
        if image.pixel(x, y) == wanted
    ]


def has_color_near(image: QImage, color: str, distance: int = 40) -> bool:
    """Whether some pixel is close to `color` (marks are antialiased, so rarely exact)."""
    target = QColor(color)
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            gap = (
                abs(pixel.red() - target.red())
                + abs(pixel.green() - target.green())
                + abs(pixel.blue() - target.blue())
            )
            if gap <= distance:
                return True
    return False


@pytest.mark.asyncio
async def test_bubbles_for_every_status_render(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk
) -> None:
    cid = every_status_conversation(team, anna)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1000, 1400)
    window.show()
    window.open_conversation(cid)
    view = window.conversation.view
    model = window.conversation.model
    assert model is not None
    await until(lambda: model.rowCount() == len(DeliveryStatus) + 2)
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    outbound = colored_columns(image, COLORS.outbound)
    inbound = colored_columns(image, COLORS.inbound)
    assert outbound
    assert inbound
    assert min(inbound) < 40  # the customer's bubbles hug the left edge
    assert max(outbound) > image.width() - 40  # ours hug the right
    assert min(outbound) > image.width() * 0.2
    ticks = image.copy(image.width() - 60, 0, 60, image.height())  # where the marks sit
    assert has_color_near(ticks, COLORS.read)  # the blue double tick of READ
    assert has_color_near(ticks, COLORS.danger)  # FAILED's warning mark
    for row in range(model.rowCount()):
        height = view.sizeHintForRow(row)
        assert 20 < height < 400, row


def test_status_marks_paint_for_every_status() -> None:
    image = QImage(40, 20 * len(DeliveryStatus), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    for i, status in enumerate(DeliveryStatus):
        paint_status(painter, TICK_SIZE.translated(4, 20 * i), status)
    painter.end()
    for i, status in enumerate(DeliveryStatus):
        band = image.copy(QRect(0, 20 * i, 40, 20))
        assert any(
            band.pixelColor(x, y) != QColor("white") for x in range(40) for y in range(20)
        ), status
    assert status_color(DeliveryStatus.READ) == QColor(COLORS.read)
    assert status_color(DeliveryStatus.DELIVERED) == QColor(COLORS.tick)
    assert status_color(DeliveryStatus.FAILED) == QColor(COLORS.danger)


@pytest.mark.asyncio
async def test_queue_rows_paint_selected_and_plain(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, ben: FakeDesk
) -> None:
    team.customer_writes("Priya", "waiting long", at=NOW - 2 * 3600)
    taken = team.customer_writes("Tom", "assigned elsewhere", at=NOW - 60)
    team.assign(taken, ben.me)
    window = create_desk_window(anna, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.queue.show_tab(QueueView.ALL_OPEN)
    listing, model = window.queue.current_list, window.queue.current_model
    window.show()
    await until(lambda: model.rowCount() == 2)
    delegate = listing.itemDelegate()
    image = QImage(360, 68, QImage.Format.Format_ARGB32)
    for row in range(2):
        for state in (QStyle.StateFlag.State_Enabled, QStyle.StateFlag.State_Selected):
            option = QStyleOptionViewItem()
            option.rect = QRect(QPoint(0, 0), image.size())
            option.state = state
            option.font = listing.font()
            painter = QPainter(image)
            delegate.paint(painter, option, model.index(row))
            painter.end()
    selected_first_pixel = image.pixelColor(10, 5)
    assert selected_first_pixel == QColor(COLORS.accent_soft)
    assert delegate.sizeHint(QStyleOptionViewItem(), QModelIndex()).height() == 68


def test_waiting_time_turns_amber_then_red() -> None:
    assert waiting_color(60) == QColor(COLORS.muted)  # the default target: 15 minutes
    assert waiting_color(12 * 60) == QColor(COLORS.warning)
    assert waiting_color(15 * 60) == QColor(COLORS.danger)
    assert waiting_color(15 * 60, target=3600) == QColor(COLORS.muted)  # a longer target
