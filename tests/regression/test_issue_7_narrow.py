"""Issue 7, item 11: a narrow desk keeps its tab counts, and no bubble's time covers its text.

The window is resized from its minimum width up; geometry is checked row by row (pytest-qt,
offscreen, over the fake desk).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.ui.app import create_desk_window
from app.ui.desk_window import DeskWindow
from app.ui.widgets import bubble_delegate as bd
from app.ui.widgets.bubble_blocks import Fonts, TextBlock
from app.ui.widgets.queue_view import QueueDelegate, QueueListView, _RowFonts
from tests.gui.scene import build_scene
from tests.helpers.fake_desk import FakeDesk, FakeTeam
from tests.helpers.wait import until

NOW = 1_773_331_200
WIDTHS = (0, 600, 640, 700, 820, 1000, 1280)
"""Window widths to check; 0 stands for the window's minimum."""

TEXTS = (
    "ok",
    "Is the oak table back in stock?",
    "Hello, I ordered the bed frame last week and the delivery date moved twice already. "
    "Could you tell me when it actually arrives? I need to plan to be home.",
    "Thanks!! 👍",
    "https://example.com/orders/12345678901234567890/tracking?ref=whatsapp&lang=en",
    "A sentence long enough to fill almost exactly one line at some width or other ok",
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
)


@pytest.fixture
def team() -> FakeTeam:
    return FakeTeam(now=NOW)


@pytest.fixture
def anna(team: FakeTeam) -> FakeDesk:
    return team.desk("Anna")


async def narrow_desk(qtbot: QtBot, team: FakeTeam, anna: FakeDesk) -> DeskWindow:
    cid = team.customer_writes("Maria López", TEXTS[0], at=NOW - 3000)
    for n in range(12):
        team.customer_writes(f"Customer {n}", "hello", at=NOW - 2000 + n)
    await anna.claim(cid)
    for i, text in enumerate(TEXTS):
        team.customer_writes("Maria López", text, at=NOW - 1000 + i)
        team.agent_sent(cid, anna.me, text, at=NOW - 900 + i)
    window = create_desk_window(anna, business_name="Nordlicht", clock=lambda: team.now)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: not window.queue.current_model.busy)
    window.open_conversation(cid)
    model = window.conversation.model
    await until(lambda: model is not None and model.rowCount() == 2 * len(TEXTS) + 1)
    return window


def tab_texts(window: DeskWindow) -> list[str]:
    return [window.queue.tabs.tabText(i) for i in range(window.queue.tabs.count())]


@pytest.mark.asyncio
@pytest.mark.parametrize("width", WIDTHS)
async def test_tab_counts_stay_and_fit(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, width: int
) -> None:
    window = await narrow_desk(qtbot, team, anna)
    window.resize(max(width, window.minimumSizeHint().width()), 700)
    tabs = window.queue.tabs
    await until(lambda: tabs.label(0).count == "12")
    await until(lambda: tab_texts(window)[0].endswith("12"))
    assert tab_texts(window)[1].endswith("1")  # Mine: Maria
    last = tabs.tabRect(tabs.count() - 1)
    assert last.right() <= tabs.width()  # every tab is on screen, none clipped
    for i in range(tabs.count()):
        assert tabs.accessibleTabName(i) == tabs.label(i).full


@pytest.mark.asyncio
@pytest.mark.parametrize("width", WIDTHS)
async def test_no_bubble_time_covers_text(
    qtbot: QtBot, team: FakeTeam, anna: FakeDesk, width: int
) -> None:
    window = await narrow_desk(qtbot, team, anna)
    window.resize(max(width, window.minimumSizeHint().width()), 700)
    view = window.conversation.view
    delegate = view.itemDelegate()
    assert isinstance(delegate, bd.BubbleDelegate)
    model = view.model()
    await until(lambda: _laid_out(view, delegate))  # the view relaid its rows for the width
    inline = 0
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        option = _option(view, index)
        if delegate._line(option, index) is not None:
            continue  # an activity line, not a bubble
        g = delegate._measure(option, index)
        bubble = bd._bubble_rect(QRectF(option.rect), g)
        assert bubble.left() >= 0, f"row {row} sticks out on the left"
        assert bubble.right() <= view.viewport().width(), f"row {row} sticks out on the right"
        fonts = Fonts(option.font)
        footer = _footer_box(fonts, bubble, g)
        assert bubble.contains(footer), f"row {row}: the time is outside its bubble"
        inline += g.inline_footer
        for block, at in delegate._placed(fonts, bubble, g):
            if isinstance(block, TextBlock):
                for line in _line_boxes(block, at):
                    assert not footer.intersects(line), f"row {row}: the time covers text"
    assert inline > 0  # some times share the last line of their text: the check has teeth


def _option(view: QListView, index: QModelIndex) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return option


def _laid_out(view: QListView, delegate: bd.BubbleDelegate) -> bool:
    """Every row is as tall as the delegate wants it at the view's width now."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        option = _option(view, index)
        if option.rect.height() != delegate.sizeHint(option, index).height():
            return False
    return True


def _footer_box(fonts: Fonts, bubble: QRectF, g: bd._Geometry) -> QRectF:
    width = bd._footer_width(fonts, g.bubble)
    baseline = bubble.bottom() - bd.PAD_V - fonts.small_metrics.descent()
    top = baseline - fonts.small_metrics.ascent()
    return QRectF(bubble.right() - bd.PAD_H - width, top, width, fonts.small_metrics.height())


def _line_boxes(block: TextBlock, at: object) -> list[QRectF]:
    boxes = []
    for i in range(block.layout.lineCount()):
        line = block.layout.lineAt(i)
        natural = line.naturalTextRect()
        boxes.append(natural.translated(at))  # type: ignore[arg-type]
    return boxes


def test_a_long_colleague_name_stays_inside_its_half_of_the_row(qtbot: QtBot) -> None:
    listing = QueueListView("")
    qtbot.addWidget(listing)
    delegate = listing.itemDelegate()
    assert isinstance(delegate, QueueDelegate)
    image = QImage(400, 80, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        fonts = _RowFonts(listing.font(), bold_name=False)
        name = "Maximiliane Hohenberger-Wittgenstein"
        left = delegate._paint_pill(painter, fonts, 300.0, 40.0, name, room=80.0)
    finally:
        painter.end()
    assert left >= 300.0 - 80.0 - 8.0  # the pill ended up at most `room` wide


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [0, 640, 1280])
async def test_no_time_covers_text_in_a_conversation_of_every_kind(
    qtbot: QtBot, width: int
) -> None:
    scene = build_scene(NOW)
    window = create_desk_window(scene.anna, business_name="Nordlicht", clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    window.resize(max(width, window.minimumSizeHint().width()), 700)
    window.open_conversation(scene.showcase)
    model = window.conversation.model
    await until(lambda: model is not None and model.rowCount() >= 10 and not model.busy)
    view = window.conversation.view
    delegate = view.itemDelegate()
    assert isinstance(delegate, bd.BubbleDelegate)
    await until(lambda: _laid_out(view, delegate))
    for row in range(view.model().rowCount()):
        index = view.model().index(row, 0)
        option = _option(view, index)
        if delegate._line(option, index) is not None:
            continue
        g = delegate._measure(option, index)
        bubble = bd._bubble_rect(QRectF(option.rect), g)
        assert bubble.left() >= 0, row
        assert bubble.right() <= view.viewport().width(), row
        fonts = Fonts(option.font)
        footer = _footer_box(fonts, bubble, g)
        for block, at in delegate._placed(fonts, bubble, g):
            box = QRectF(at.x(), at.y(), block.width, block.height)
            assert not footer.intersects(box) or isinstance(block, TextBlock), (row, block)
            if isinstance(block, TextBlock):
                for line in _line_boxes(block, at):
                    assert not footer.intersects(line), f"row {row}: the time covers text"
